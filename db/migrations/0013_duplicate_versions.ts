import { sql, type Kysely } from "kysely";

// Frozen in time: a duplicate pair carries a version like every editable record, so that a
// decision made on a stale page (the pair was decided or reopened meanwhile) is refused.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("duplicate_pairs")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`ALTER TABLE duplicate_pairs ADD CONSTRAINT duplicate_pairs_version_chk CHECK (version > 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("duplicate_pairs").dropColumn("version").execute();
}
