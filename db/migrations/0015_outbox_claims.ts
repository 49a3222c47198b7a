import { sql, type Kysely } from "kysely";

// Frozen in time: several app processes share one database, and each search outbox row must be sent
// to the engine by one of them only. A worker claims a batch (rows not claimed, or whose claim has
// lapsed because its worker died) with FOR UPDATE SKIP LOCKED in a short transaction, then works
// without holding any lock. A record written again while claimed gets a new seq and loses its claim.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("search_outbox").addColumn("claimed_until", "timestamptz").execute();
  await sql`CREATE INDEX search_outbox_claimable_idx ON search_outbox (seq) WHERE claimed_until IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS search_outbox_claimable_idx`.execute(db);
  await db.schema.alterTable("search_outbox").dropColumn("claimed_until").execute();
}
