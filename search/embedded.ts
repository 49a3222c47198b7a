import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { EngineHealth, SearchEngine } from "./engine";

/** Search on PostgreSQL itself: full-text search and trigram similarity on the same database. */
export class EmbeddedSearchEngine implements SearchEngine {
  readonly name = "embedded" as const;

  constructor(private readonly db: Kysely<Database>) {}

  async health(): Promise<EngineHealth> {
    try {
      await sql`SELECT similarity('narcotics', 'narcotcs')`.execute(this.db);
      return { engine: this.name, ok: true };
    } catch (error) {
      return { engine: this.name, ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async close(): Promise<void> {}
}
