// `npm run reindex [-- --batch-size 1000]`: rebuilds the whole search index from the database
// (PGlite in DATA_DIR, or DATABASE_URL) into the configured engine (embedded, or MEILI_HOST).
// The index is empty while it is rebuilt: searches meanwhile return partial results.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { sql } from "kysely";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { allSearchDocuments, countSearchableRecords } from "../search/documents.server";
import { createSearchEngine } from "../search/index";

const { values } = parseArgs({ options: { "batch-size": { type: "string", default: "1000" } } });
const batchSize = Number(values["batch-size"]);
if (!Number.isInteger(batchSize) || batchSize < 1) {
  console.error("--batch-size must be a positive integer");
  process.exit(1);
}

const handle = await openDatabase(databaseOptionsFromEnv());
const engine = await createSearchEngine(handle.db);
const bar = new cliProgress.SingleBar(
  { format: "reindex [{bar}] {value}/{total} records | {eta_formatted} left", hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let started = false;
try {
  await migrateToLatest(handle.db);
  const health = await engine.health();
  if (!health.ok) throw new Error(`search engine ${engine.name} is not healthy: ${health.detail ?? "no detail"}`);
  // Outbox rows committed before the rebuild reads anything are covered by it; later ones are not.
  const covered = await handle.db.selectFrom("search_outbox").select(["entity_type", "entity_id", "seq"]).execute();
  const total = await countSearchableRecords(handle.db);
  const t0 = performance.now();
  await engine.applySettings();
  await engine.clear();
  bar.start(total, 0);
  started = true;
  let done = 0;
  for await (const batch of allSearchDocuments(handle.db, batchSize)) {
    await engine.index(batch);
    done += batch.length;
    bar.update(done);
  }
  bar.stop();
  started = false;
  if (covered.length > 0) {
    await sql`
      DELETE FROM search_outbox o
      USING unnest(
        ${covered.map((r) => r.entity_type)}::text[],
        ${covered.map((r) => r.entity_id)}::int[],
        ${covered.map((r) => r.seq)}::bigint[]
      ) AS x(t, id, seq)
      WHERE o.entity_type = x.t AND o.entity_id = x.id AND o.seq = x.seq
    `.execute(handle.db);
  }
  if (engine.name === "embedded") await sql`ANALYZE search_documents`.execute(handle.db);
  console.log(
    `Reindexed ${done} records into ${engine.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
      `(database: ${handle.location}).`,
  );
} catch (error) {
  if (started) bar.stop();
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await engine.close();
  await handle.close();
}
