import { sql, type Kysely } from "kysely";

// Frozen in time: IATI in and out. Organizations' IATI organisation identifier (the existing
// iati_ref column) gets a lookup index and the organisation type; projects remember the file they
// came from; every import is kept with its report and who ran it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX organizations_iati_ref_idx ON organizations (upper(iati_ref))`.execute(db);
  await sql`ALTER TABLE organizations ADD COLUMN iati_type text`.execute(db);

  await db.schema
    .createTable("iati_imports")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_sha256", "text", (c) => c.notNull())
    .addColumn("file_size", "bigint", (c) => c.notNull())
    .addColumn("version", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('preview', 'done', 'refused', 'discarded')`))
    .addColumn("reasons", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("counts", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("ran_by", "integer", (c) => c.references("users.id"))
    .addColumn("organization_id", "integer", (c) => c.references("organizations.id"))
    .addColumn("via", "text", (c) => c.notNull().check(sql`via IN ('web', 'cli')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .execute();
  await db.schema.createIndex("iati_imports_created_idx").on("iati_imports").column("created_at").execute();

  await db.schema
    .createTable("iati_import_items")
    .addColumn("import_id", "integer", (c) => c.notNull().references("iati_imports.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("iati_identifier", "text")
    .addColumn("line", "integer", (c) => c.notNull())
    .addColumn("disposition", "text", (c) =>
      c.notNull().check(sql`disposition IN ('created', 'updated', 'unchanged', 'skipped', 'rejected')`),
    )
    .addColumn("reasons", "jsonb", (c) => c.notNull())
    .addColumn("project_id", "integer", (c) => c.references("projects.id").onDelete("set null"))
    .addColumn("pillar", "text")
    .addColumn("countries", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addPrimaryKeyConstraint("iati_import_items_pk", ["import_id", "position"])
    .execute();

  await sql`ALTER TABLE projects
    ADD COLUMN source_publisher text,
    ADD COLUMN source_file text,
    ADD COLUMN source_last_updated text,
    ADD COLUMN source_import_id integer REFERENCES iati_imports(id) ON DELETE SET NULL,
    ADD COLUMN source_fingerprint text,
    ADD COLUMN source_narratives jsonb,
    ADD COLUMN classification_review boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE projects DROP COLUMN source_publisher, DROP COLUMN source_file, DROP COLUMN source_last_updated,
    DROP COLUMN source_import_id, DROP COLUMN source_fingerprint, DROP COLUMN source_narratives,
    DROP COLUMN classification_review
  `.execute(db);
  await db.schema.dropTable("iati_import_items").ifExists().execute();
  await db.schema.dropTable("iati_imports").ifExists().execute();
  await sql`ALTER TABLE organizations DROP COLUMN iati_type`.execute(db);
  await sql`DROP INDEX IF EXISTS organizations_iati_ref_idx`.execute(db);
}
