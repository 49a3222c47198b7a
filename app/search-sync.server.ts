import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema";

export type SearchEntity = "project" | "need";

/**
 * Records, inside the caller's transaction, that a project or need must be reindexed.
 * Wired to search/sync when the search layer lands: until then it does nothing (the one allowed stub).
 */
export async function recordSearchChange(trx: Transaction<Database> | Kysely<Database>, entity: SearchEntity, id: number): Promise<void> {
  void trx;
  void entity;
  void id;
}
