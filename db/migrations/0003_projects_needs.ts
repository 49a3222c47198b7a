import { sql, type Kysely } from "kysely";

// Frozen in time: the two sides of the marketplace (projects and needs) and the matches between them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("projects")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("dac_code", "text", (c) => c.notNull().references("dac_codes.code"))
    .addColumn("implementing_organization", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status IN ('pipeline', 'active', 'completed', 'cancelled')`),
    )
    .addColumn("start_date", "date", (c) => c.notNull())
    .addColumn("end_date", "date")
    .addColumn("budget", "numeric(18, 2)", (c) => c.notNull().check(sql`budget > 0`))
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("iati_identifier", "text", (c) => c.notNull().unique())
    .addColumn("recommendation", "text")
    .addColumn("language", "text", (c) =>
      c
        .notNull()
        .defaultTo("en")
        .check(sql`language IN ('en', 'ru')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("projects_period_chk", sql`end_date IS NULL OR end_date >= start_date`)
    .execute();
  await db.schema.createIndex("projects_organization_idx").on("projects").column("organization_id").execute();
  await db.schema.createIndex("projects_status_idx").on("projects").columns(["status", "start_date"]).execute();
  await db.schema.createIndex("projects_updated_idx").on("projects").column("updated_at").execute();

  await db.schema
    .createTable("project_pillars")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("pillar_code", "text", (c) => c.notNull().references("pillars.code"))
    .addPrimaryKeyConstraint("project_pillars_pk", ["project_id", "pillar_code"])
    .execute();
  await db.schema
    .createIndex("project_pillars_pillar_idx")
    .on("project_pillars")
    .columns(["pillar_code", "project_id"])
    .execute();

  await db.schema
    .createTable("project_capacity_areas")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("capacity_area_code", "text", (c) => c.notNull().references("capacity_areas.code"))
    .addPrimaryKeyConstraint("project_capacity_areas_pk", ["project_id", "capacity_area_code"])
    .execute();
  await db.schema
    .createIndex("project_capacity_areas_area_idx")
    .on("project_capacity_areas")
    .columns(["capacity_area_code", "project_id"])
    .execute();

  await db.schema
    .createTable("project_countries")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("country_iso3", "char(3)", (c) => c.notNull().references("countries.iso3"))
    .addPrimaryKeyConstraint("project_countries_pk", ["project_id", "country_iso3"])
    .execute();
  await db.schema
    .createIndex("project_countries_country_idx")
    .on("project_countries")
    .columns(["country_iso3", "project_id"])
    .execute();

  await db.schema
    .createTable("needs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("country_iso3", "char(3)", (c) => c.notNull().references("countries.iso3"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("pillar_code", "text", (c) => c.notNull().references("pillars.code"))
    .addColumn("capacity_area_code", "text", (c) => c.notNull().references("capacity_areas.code"))
    .addColumn("priority", "text", (c) => c.notNull().check(sql`priority IN ('critical', 'high', 'medium', 'low')`))
    .addColumn("estimated_cost", "numeric(18, 2)", (c) => c.check(sql`estimated_cost > 0`))
    .addColumn("currency", "char(3)")
    .addColumn("wanted_start", "date")
    .addColumn("wanted_end", "date")
    .addColumn("recommendation", "text")
    // open / partially_met / met follow from confirmed matches (see app/needs/status); withdrawn is the owner's.
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status IN ('open', 'partially_met', 'met', 'withdrawn')`),
    )
    .addColumn("withdrawn_at", "timestamptz")
    .addColumn("language", "text", (c) =>
      c
        .notNull()
        .defaultTo("en")
        .check(sql`language IN ('en', 'ru')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("needs_cost_currency_chk", sql`(estimated_cost IS NULL) = (currency IS NULL)`)
    .addCheckConstraint(
      "needs_period_chk",
      sql`wanted_end IS NULL OR wanted_start IS NULL OR wanted_end >= wanted_start`,
    )
    .execute();
  await db.schema
    .createIndex("needs_country_pillar_idx")
    .on("needs")
    .columns(["country_iso3", "pillar_code"])
    .execute();
  await db.schema.createIndex("needs_organization_idx").on("needs").column("organization_id").execute();
  await db.schema.createIndex("needs_status_priority_idx").on("needs").columns(["status", "priority"]).execute();
  await db.schema.createIndex("needs_capacity_area_idx").on("needs").column("capacity_area_code").execute();
  await db.schema.createIndex("needs_updated_idx").on("needs").column("updated_at").execute();

  await db.schema
    .createTable("matches")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("need_id", "integer", (c) => c.notNull().references("needs.id"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("proposed")
        .check(sql`status IN ('proposed', 'confirmed', 'rejected', 'withdrawn')`),
    )
    .addColumn("proposed_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("proposed_side", "text", (c) =>
      c.notNull().check(sql`proposed_side IN ('donor', 'beneficiary', 'coordinator')`),
    )
    // The amount of the need this project covers, in the currency given, and in USD at rate_date.
    .addColumn("amount", "numeric(18, 2)", (c) => c.check(sql`amount > 0`))
    .addColumn("currency", "char(3)")
    .addColumn("amount_usd", "numeric(18, 2)")
    .addColumn("rate_date", "date")
    .addColumn("note", "text")
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_note", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("matches_amount_currency_chk", sql`(amount IS NULL) = (currency IS NULL)`)
    .execute();
  // One live match per need and project; rejected or withdrawn ones may be proposed again.
  await sql`
    CREATE UNIQUE INDEX matches_live_uq ON matches (need_id, project_id) WHERE status IN ('proposed', 'confirmed')
  `.execute(db);
  await db.schema.createIndex("matches_need_idx").on("matches").columns(["need_id", "status"]).execute();
  await db.schema.createIndex("matches_project_idx").on("matches").columns(["project_id", "status"]).execute();
  await db.schema.createIndex("matches_status_idx").on("matches").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "matches",
    "needs",
    "project_countries",
    "project_capacity_areas",
    "project_pillars",
    "projects",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
