import { sql, type Kysely } from "kysely";

// Frozen in time: sessions, access requests, rate limits and the audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sessions")
    // SHA-256 of the opaque cookie token: a leaked table does not leak sessions.
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();
  await db.schema.createIndex("sessions_expires_idx").on("sessions").column("expires_at").execute();

  await db.schema
    .createTable("access_requests")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().unique().references("users.id").onDelete("cascade"))
    .addColumn("requested_role", "text", (c) => c.notNull().check(sql`requested_role IN ('donor', 'beneficiary')`))
    .addColumn("organization_id", "integer", (c) => c.references("organizations.id"))
    .addColumn("new_organization_name", "text")
    .addColumn("new_organization_kind", "text", (c) =>
      c.check(sql`new_organization_kind IN ('donor_agency', 'beneficiary_agency', 'international_organization')`),
    )
    .addColumn("new_organization_country_iso3", "char(3)", (c) => c.references("countries.iso3"))
    .addColumn("country_iso3", "char(3)", (c) => c.notNull().references("countries.iso3"))
    .addColumn("justification", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status IN ('pending', 'approved', 'rejected')`),
    )
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("rejection_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "access_requests_organization_chk",
      sql`organization_id IS NOT NULL OR (new_organization_name IS NOT NULL AND new_organization_kind IS NOT NULL)`,
    )
    .execute();
  await db.schema
    .createIndex("access_requests_queue_idx")
    .on("access_requests")
    .columns(["status", "created_at"])
    .execute();

  await db.schema
    .createTable("rate_limits")
    .addColumn("bucket", "text", (c) => c.primaryKey())
    .addColumn("hits", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("before", "jsonb")
    .addColumn("after", "jsonb")
    .addColumn("ip", "text")
    .execute();
  await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_entity_idx").on("audit_log").columns(["entity_type", "entity_id"]).execute();
  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").column("actor_user_id").execute();
  await db.schema.createIndex("audit_log_action_idx").on("audit_log").column("action").execute();

  await db.schema.createIndex("users_status_idx").on("users").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_status_idx").ifExists().execute();
  for (const table of ["audit_log", "rate_limits", "access_requests", "sessions"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
