import { afterAll, beforeAll, describe } from "vitest";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { MeilisearchEngine } from "../../search/meilisearch";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../support/database";
import { relevanceSuite } from "../support/search-relevance";

// The relevance test set (tests/fixtures/search-relevance/) on every engine, with the same judgments.

describeEachDatabase("search relevance [embedded]", (use) => {
  relevanceSuite("embedded", () => ({ db: use().db, engine: new EmbeddedSearchEngine(use().db) }));
});

describeEachDatabase("search relevance [embedded, SQL only]", (use) => {
  relevanceSuite("embedded, SQL only", () => ({
    db: use().db,
    engine: new EmbeddedSearchEngine(use().db, { memory: false }),
  }));
});

const meiliHost = process.env.MEILI_HOST;
if (meiliHost) {
  describe(`search relevance [meilisearch] at ${meiliHost}`, () => {
    let context: { database: TestDatabase; engine: MeilisearchEngine } | undefined;
    beforeAll(async () => {
      const database = await createTestDatabase("pglite");
      const engine = new MeilisearchEngine({
        host: meiliHost,
        apiKey: process.env.MEILI_API_KEY || process.env.MEILI_MASTER_KEY,
        indexUid: `adam_relevance_${process.pid}_${Date.now()}`,
      });
      context = { database, engine };
    }, 60_000);
    afterAll(async () => {
      if (!context) return;
      await context.engine.client
        .deleteIndex(context.engine.indexUid)
        .waitTask()
        .catch(() => undefined);
      await context.database.close();
    }, 60_000);
    relevanceSuite("meilisearch", () => {
      if (!context) throw new Error("Meilisearch context not ready");
      return { db: context.database.db, engine: context.engine };
    });
  });
} else {
  describe.skip("search relevance [meilisearch] — skipped: MEILI_HOST is not set", () => {
    relevanceSuite("meilisearch", () => {
      throw new Error("not run");
    });
  });
}
