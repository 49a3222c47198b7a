import { sql } from "kysely";
import { expect, it } from "vitest";
import { loader as healthz } from "~/routes/healthz";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { MeilisearchEngine } from "../../search/meilisearch";
import { drainOutbox, enqueueSearchSync, outboxBacklog, startSearchWorker } from "../../search/sync.server";
import { describeEachDatabase } from "../support/database";
import { insertSearchFixture } from "../support/search-fixtures";

// An engine that is really down: the Meilisearch client against a loopback port where nothing
// listens, so every call is refused at once (no fake server, no mock).
const downEngine = () => new MeilisearchEngine({ host: "http://127.0.0.1:1", timeoutMs: 1_000 });

describeEachDatabase("search outbox", (use) => {
  it("queues nothing when the writing transaction rolls back", async () => {
    const { db } = use();
    const before = (await outboxBacklog(db)).pending;
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueSearchSync(trx, "project", 987_654);
        throw new Error("the domain write failed");
      }),
    ).rejects.toThrow("the domain write failed");
    expect((await outboxBacklog(db)).pending).toBe(before);
  });

  it("coalesces repeated writes of one record into one row", async () => {
    const { db } = use();
    await db.transaction().execute(async (trx) => {
      await enqueueSearchSync(trx, "need", [555_001, 555_001]);
      await enqueueSearchSync(trx, "need", 555_001);
    });
    const rows = await db.selectFrom("search_outbox").selectAll().where("entity_id", "=", 555_001).execute();
    expect(rows).toHaveLength(1);
    // Nothing exists with that id: draining removes it from the index and empties the queue.
    const result = await drainOutbox(db, new EmbeddedSearchEngine(db));
    expect(result).toMatchObject({ failed: 0, deleted: 1 });
    expect((await outboxBacklog(db)).pending).toBe(0);
  });

  it("keeps the backlog while the engine is down, and catches up later", async () => {
    const { db, mode } = use();
    const fixture = await insertSearchFixture(db);
    // A domain write: the record changes and the outbox row commits in the same transaction.
    await db.transaction().execute(async (trx) => {
      await sql`UPDATE projects
        SET title = 'Mobile interdiction teams at the border', updated_at = now()
        WHERE id = ${fixture.projects.border}`.execute(trx);
      await enqueueSearchSync(trx, "project", fixture.projects.border);
      await enqueueSearchSync(trx, "need", [fixture.needs.dogs, fixture.needs.labRu]);
    });
    const title = await db
      .selectFrom("projects")
      .select("title")
      .where("id", "=", fixture.projects.border)
      .executeTakeFirstOrThrow();
    expect(title.title).toBe("Mobile interdiction teams at the border");

    const down = await drainOutbox(db, downEngine());
    expect(down).toMatchObject({ indexed: 0, failed: 3 });
    expect(down.error).toMatch(/fetch failed|ECONNREFUSED|Request/i);
    const backlog = await outboxBacklog(db);
    expect(backlog).toMatchObject({ pending: 3, failing: 3 });
    expect(backlog.lastError).toBeTruthy();
    const rows = await db.selectFrom("search_outbox").select(["attempts", "last_error"]).execute();
    expect(rows.every((r) => r.attempts === 1 && r.last_error)).toBe(true);

    // /healthz reports the backlog in its search part.
    const response = (await healthz({
      request: new Request("http://localhost/healthz"),
      params: {},
      context: { db, dbMode: mode, search: new EmbeddedSearchEngine(db), secureCookies: false },
    } as never)) as Response;
    expect(await response.json()).toMatchObject({
      status: "ok",
      search: { engine: "embedded", ok: true, backlog: { pending: 3, failing: 3 } },
    });

    // The engine is back: the next pass indexes everything and empties the outbox.
    const engine = new EmbeddedSearchEngine(db);
    const caughtUp = await drainOutbox(db, engine, { batchSize: 2 });
    expect(caughtUp).toMatchObject({ indexed: 3, deleted: 0, failed: 0 });
    expect(await outboxBacklog(db)).toMatchObject({ pending: 0, failing: 0, lastError: null });
    const found = await engine.search({ q: "interdiction teams" });
    expect(found.hits.map((h) => h.id)).toEqual([`project:${fixture.projects.border}`]);
  });

  it("keeps a row that was enqueued again while the worker was indexing it", async () => {
    const { db } = use();
    const fixture = await insertSearchFixture(db);
    await enqueueSearchSync(db, "project", fixture.projects.fiu);
    const engine = new EmbeddedSearchEngine(db);
    // The real engine, during whose indexing call a colleague saves the same record again.
    class RacingEngine extends EmbeddedSearchEngine {
      override async index(docs: Parameters<EmbeddedSearchEngine["index"]>[0]) {
        await super.index(docs);
        await enqueueSearchSync(db, "project", fixture.projects.fiu);
      }
    }
    const racing = new RacingEngine(db);
    await drainOutbox(db, racing, { maxBatches: 1 });
    expect((await outboxBacklog(db)).pending).toBe(1);
    await drainOutbox(db, engine);
    expect((await outboxBacklog(db)).pending).toBe(0);
  });

  it("runs a background worker that drains new writes and stops cleanly", async () => {
    const { db } = use();
    const fixture = await insertSearchFixture(db);
    const engine = new EmbeddedSearchEngine(db);
    const errors: string[] = [];
    const stop = startSearchWorker(db, engine, { intervalMs: 50, onError: (e) => errors.push(e) });
    try {
      await db.transaction().execute(async (trx) => {
        await sql`UPDATE needs
          SET title = 'Sniffer dogs for the Panj river crossings', updated_at = now()
          WHERE id = ${fixture.needs.dogs}`.execute(trx);
        await enqueueSearchSync(trx, "need", fixture.needs.dogs);
      });
      await expect
        .poll(async () => (await engine.search({ q: "sniffer panj" })).total, { timeout: 5_000, interval: 50 })
        .toBe(1);
    } finally {
      await stop();
    }
    expect(errors).toEqual([]);
    expect((await outboxBacklog(db)).pending).toBe(0);
  });
});
