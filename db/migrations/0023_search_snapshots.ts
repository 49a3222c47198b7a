import { sql, type Kysely } from "kysely";

// Frozen in time: a random identity for the search index of this database, so that a snapshot of
// the in-memory index written beside the database (search/memory-snapshot.ts) is only ever loaded
// into a process on the same database (two in-memory PGlite databases, or two databases of one
// name on different servers, would otherwise look alike).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_index_state ADD COLUMN instance text NOT NULL DEFAULT gen_random_uuid()::text`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_index_state DROP COLUMN IF EXISTS instance`.execute(db);
}
