import { sql, type Kysely } from "kysely";

// Frozen in time: notifications in the app, each person's choice of e-mail per event, what donors
// follow, the mail outbox, single-use e-mailed tokens (password reset, e-mail ownership) and the
// moment an access request's address was confirmed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("params", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("read_at", "timestamptz")
    // Waiting for the recipient's next daily digest.
    .addColumn("digest_pending", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`.execute(db);
  await sql`CREATE INDEX notifications_digest_idx ON notifications (user_id, created_at) WHERE digest_pending`.execute(
    db,
  );

  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("delivery", "text", (c) => c.notNull().check(sql`delivery IN ('immediate', 'digest', 'never')`))
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "event"])
    .execute();

  await db.schema
    .createTable("follows")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('pillar', 'country', 'route')`))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("follows_unique", ["user_id", "kind", "code"])
    .execute();
  // A new need looks up its followers by what it is in.
  await db.schema.createIndex("follows_kind_code_idx").on("follows").columns(["kind", "code"]).execute();

  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("send_after", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("last_attempt_at", "timestamptz")
    .addColumn("claimed_until", "timestamptz")
    .addColumn("sent_at", "timestamptz")
    .execute();
  await sql`CREATE INDEX mail_outbox_due_idx ON mail_outbox (send_after, id) WHERE sent_at IS NULL`.execute(db);
  await sql`CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX mail_outbox_to_idx ON mail_outbox (lower(to_address), created_at DESC)`.execute(db);

  await db.schema
    .createTable("email_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose IN ('reset_password', 'verify_email')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("email_tokens_user_idx")
    .on("email_tokens")
    .columns(["user_id", "purpose", "created_at"])
    .execute();

  await db.schema.alterTable("access_requests").addColumn("email_verified_at", "timestamptz").execute();
  // Requests made before e-mail ownership was checked were already shown to coordinators: they count as confirmed.
  await sql`UPDATE access_requests SET email_verified_at = created_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("access_requests").dropColumn("email_verified_at").execute();
  for (const table of ["email_tokens", "mail_outbox", "follows", "notification_preferences", "notifications"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
