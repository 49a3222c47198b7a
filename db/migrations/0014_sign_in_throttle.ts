import { sql, type Kysely } from "kysely";

// Frozen in time: failure counters for sign-in throttling with growing delays
// (app/accounts/throttle.server.ts). One row per bucket: an (account, address) pair or an address.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("throttles")
    .addColumn("bucket", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failure_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Stale counters are pruned by age.
  await db.schema.createIndex("throttles_last_failure_idx").on("throttles").column("last_failure_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("throttles").ifExists().execute();
}
