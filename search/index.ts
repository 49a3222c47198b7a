import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { EmbeddedSearchEngine } from "./embedded";
import type { SearchEngine } from "./engine";

export type { SearchEngine } from "./engine";

/** MEILI_HOST selects Meilisearch; otherwise the embedded engine runs on the app's own database. */
export async function createSearchEngine(db: Kysely<Database>, env: NodeJS.ProcessEnv = process.env): Promise<SearchEngine> {
  if (env.MEILI_HOST) {
    const { MeilisearchEngine } = await import("./meilisearch");
    return new MeilisearchEngine({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY || env.MEILI_MASTER_KEY });
  }
  return new EmbeddedSearchEngine(db);
}
