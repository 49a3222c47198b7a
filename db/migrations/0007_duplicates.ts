import { sql, type Kysely } from "kysely";

// Frozen in time: candidate duplicate projects and the coordination unit's decisions on them.
export async function up(db: Kysely<any>): Promise<void> {
  // The text two projects are compared on, indexed for trigram similarity.
  await sql`
    CREATE INDEX projects_dup_text_trgm_idx ON projects USING gin ((title || ' ' || summary) gin_trgm_ops)
  `.execute(db);

  await db.schema
    .createTable("duplicate_pairs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("project_a_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("project_b_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("score", "numeric(5, 4)", (c) => c.notNull())
    .addColumn("reasons", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("candidate")
        .check(sql`status IN ('candidate', 'duplicate', 'complementary', 'dismissed')`),
    )
    .addColumn("note", "text")
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    // What each project looked like when the pair was decided: a material change reopens the pair.
    .addColumn("snapshot_a", "jsonb")
    .addColumn("snapshot_b", "jsonb")
    .addColumn("detected_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("duplicate_pairs_order_chk", sql`project_a_id < project_b_id`)
    .addUniqueConstraint("duplicate_pairs_uq", ["project_a_id", "project_b_id"])
    .execute();
  await db.schema.createIndex("duplicate_pairs_queue_idx").on("duplicate_pairs").columns(["status", "score"]).execute();
  await db.schema.createIndex("duplicate_pairs_b_idx").on("duplicate_pairs").column("project_b_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("duplicate_pairs").ifExists().execute();
  await sql`DROP INDEX IF EXISTS projects_dup_text_trgm_idx`.execute(db);
}
