import { afterAll, beforeAll, describe } from "vitest";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { MeilisearchEngine } from "../../search/meilisearch";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../support/database";
import { searchContract, type ContractContext } from "../support/search-contract";

// One contract, every engine: the embedded engine on each database mode, Meilisearch when a
// server is configured. Nothing is faked: without MEILI_HOST the Meilisearch run is skipped by name.

describeEachDatabase("search contract [embedded]", (use) => {
  searchContract(() => ({ db: use().db, engine: new EmbeddedSearchEngine(use().db) }));
});

// The embedded engine's SQL path alone: what answers while its in-memory index loads.
describeEachDatabase("search contract [embedded, SQL only]", (use) => {
  searchContract(() => ({ db: use().db, engine: new EmbeddedSearchEngine(use().db, { memory: false }) }));
});

const meiliHost = process.env.MEILI_HOST;
if (meiliHost) {
  describe(`search contract [meilisearch] at ${meiliHost}`, () => {
    let context: (ContractContext & { database: TestDatabase; engine: MeilisearchEngine }) | undefined;
    beforeAll(async () => {
      const database = await createTestDatabase("pglite");
      // A fresh index per run, so parallel runs and earlier runs cannot interfere.
      const engine = new MeilisearchEngine({
        host: meiliHost,
        apiKey: process.env.MEILI_API_KEY || process.env.MEILI_MASTER_KEY,
        indexUid: `adam_contract_${process.pid}_${Date.now()}`,
      });
      context = { db: database.db, engine, database };
    }, 60_000);
    afterAll(async () => {
      if (!context) return;
      await context.engine.client
        .deleteIndex(context.engine.indexUid)
        .waitTask()
        .catch(() => undefined);
      await context.database.close();
    }, 60_000);
    searchContract(() => {
      if (!context) throw new Error("Meilisearch context not ready");
      return context;
    });
  });
} else {
  describe.skip("search contract [meilisearch] — skipped: MEILI_HOST is not set", () => {
    searchContract(() => {
      throw new Error("not run");
    });
  });
}
