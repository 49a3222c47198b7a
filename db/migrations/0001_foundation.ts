import { sql, type Kysely } from "kysely";

// Frozen in time: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);

  await db.schema
    .createTable("pillars")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("number", "integer", (c) => c.notNull().unique())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_ru", "text", (c) => c.notNull())
    .addColumn("full_name_en", "text", (c) => c.notNull())
    .addColumn("full_name_ru", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("capacity_areas")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("pillar_code", "text", (c) => c.notNull().references("pillars.code"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_ru", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("capacity_areas_pillar_idx").on("capacity_areas").column("pillar_code").execute();

  await db.schema
    .createTable("dac_codes")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("category", "text")
    .execute();

  await db.schema
    .createTable("pillar_dac_codes")
    .addColumn("pillar_code", "text", (c) => c.notNull().references("pillars.code"))
    .addColumn("dac_code", "text", (c) => c.notNull().references("dac_codes.code"))
    .addPrimaryKeyConstraint("pillar_dac_codes_pk", ["pillar_code", "dac_code"])
    .execute();

  await db.schema
    .createTable("countries")
    .addColumn("iso3", "char(3)", (c) => c.primaryKey())
    .addColumn("iso2", "char(2)", (c) => c.notNull().unique())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_ru", "text", (c) => c.notNull())
    .addColumn("is_partner", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("joined_at_third_ministerial", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("liaison_officer_2023", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable("routes")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_ru", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("route_countries")
    .addColumn("route_code", "text", (c) => c.notNull().references("routes.code"))
    .addColumn("country_iso3", "char(3)", (c) => c.notNull().references("countries.iso3"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role IN ('origin', 'transit', 'destination', 'spillover')`))
    .addColumn("source", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("route_countries_pk", ["route_code", "country_iso3"])
    .execute();
  await db.schema.createIndex("route_countries_country_idx").on("route_countries").column("country_iso3").execute();

  await db.schema
    .createTable("organizations")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .check(sql`kind IN ('donor_agency', 'beneficiary_agency', 'international_organization', 'coordination_unit')`),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("acronym", "text")
    .addColumn("country_iso3", "char(3)", (c) => c.references("countries.iso3"))
    .addColumn("is_partner", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("iati_ref", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX organizations_name_uq ON organizations (lower(name))`.execute(db);
  await db.schema.createIndex("organizations_country_idx").on("organizations").column("country_iso3").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("full_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role IN ('donor', 'beneficiary', 'coordinator', 'admin')`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status IN ('pending', 'active', 'rejected', 'suspended')`),
    )
    .addColumn("organization_id", "integer", (c) => c.references("organizations.id"))
    .addColumn("country_iso3", "char(3)", (c) => c.references("countries.iso3"))
    .addColumn("locale", "text", (c) =>
      c
        .notNull()
        .defaultTo("en")
        .check(sql`locale IN ('en', 'ru')`),
    )
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX users_email_uq ON users (lower(email))`.execute(db);
  await db.schema.createIndex("users_organization_idx").on("users").column("organization_id").execute();

  await db.schema
    .createTable("exchange_rates")
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("rate_date", "date", (c) => c.notNull())
    // US dollars for one unit of the currency.
    .addColumn("usd_per_unit", "numeric(20, 10)", (c) => c.notNull().check(sql`usd_per_unit > 0`))
    .addColumn("source", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("exchange_rates_pk", ["currency", "rate_date"])
    .execute();

  await db.schema
    .createTable("meetings")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('EWG', 'PCG')`))
    .addColumn("number", "integer")
    .addColumn("topic", "text", (c) => c.notNull())
    .addColumn("pillar_code", "text", (c) => c.references("pillars.code"))
    .addColumn("host", "text")
    .addColumn("city", "text")
    .addColumn("country_iso3", "char(3)", (c) => c.references("countries.iso3"))
    // The public record gives some dates to the month only ("2013-02"): kept as written.
    .addColumn("start_date", "text", (c) => c.notNull())
    .addColumn("end_date", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addUniqueConstraint("meetings_natural_uq", ["kind", "start_date", "topic"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "meetings",
    "exchange_rates",
    "users",
    "organizations",
    "route_countries",
    "routes",
    "countries",
    "pillar_dac_codes",
    "dac_codes",
    "capacity_areas",
    "pillars",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
