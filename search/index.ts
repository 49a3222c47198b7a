import { dirname, join, resolve } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { EmbeddedSearchEngine } from "./embedded";
import type { SearchEngine } from "./engine";

export type * from "./engine";
export { drainOutbox, enqueueSearchSync, outboxBacklog, startSearchWorker } from "./sync.server";

/**
 * MEILI_HOST selects Meilisearch; otherwise the embedded engine runs on the app's own database.
 * The engine's settings are applied by the caller (applySettings()), so that a Meilisearch that
 * is down at start-up does not stop the app: the outbox holds writes until it is back.
 */
export async function createSearchEngine(
  db: Kysely<Database>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SearchEngine> {
  if (env.MEILI_HOST) {
    const { MeilisearchEngine } = await import("./meilisearch");
    return new MeilisearchEngine({
      host: env.MEILI_HOST,
      apiKey: env.MEILI_API_KEY || env.MEILI_MASTER_KEY,
      indexUid: env.MEILI_INDEX || undefined,
      timeoutMs: env.MEILI_TIMEOUT_MS ? Number(env.MEILI_TIMEOUT_MS) : undefined,
    });
  }
  return new EmbeddedSearchEngine(db, { snapshots: snapshotDirectory(env) });
}

/**
 * Where the embedded engine keeps the snapshot of its in-memory index: SEARCH_SNAPSHOT_DIR, by
 * default `search-snapshots` beside DATA_DIR (not inside it: that folder is PGlite's own).
 * SEARCH_SNAPSHOT_DIR=off: no snapshots, every start loads the index in full.
 */
export function snapshotDirectory(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.SEARCH_SNAPSHOT_DIR === "off") return null;
  if (env.SEARCH_SNAPSHOT_DIR) return resolve(env.SEARCH_SNAPSHOT_DIR);
  return join(dirname(resolve(env.DATA_DIR || "./data")), "search-snapshots");
}
