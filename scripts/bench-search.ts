// `npm run bench:search [-- --count 100000 --queries 200 --rounds 1 --sql-only]`: the budget for search
// (scripts/README.md) (a faceted search under 50 ms at the 95th percentile with 100,000 projects and 100,000 needs),
// measured. Uses a fresh in-memory PGlite, or, with DATABASE_URL, a fresh database created on that
// server and dropped afterwards (`--keep` keeps it; `--reuse NAME` measures again on a kept one).
//
// The embedded engine answers from its in-memory index (search/memory-index.ts) once loaded; the
// load is timed apart and the searches wait for it. Two figures, because the SQL path caches the
// facet counts of a search until the index changes (0010_search_speed):
//   cold  every search runs right after an index write (one document re-indexed), so no search is
//         helped by the facet-count cache: what the first user to ask something after a change waits;
//   warm  the same workload as users run it (the same searches again, further pages), cache allowed,
//         after one index write at the start: first occurrences are cold, repeats and pages are not.
// The budget is judged on the cold figure; the process exits non-zero when it is missed.
// Beside them (issue 19): MiniSearch 7.2 holding the same documents answers the same queries,
// interleaved with ADAM's in one process (scripts/lib/bench-minisearch.ts): both engines' p50/p95,
// their ratio (ADAM's cold p95 at most 0.25 of MiniSearch's) and the parity of totals and facet
// counts; and a restart: a second in-memory index loaded from the snapshot written before the
// workload, caught up with the workload's index writes, ready within 3 s.
// Neither figure is "cold" in the operating-system sense: PostgreSQL's buffers and the OS page cache
// are warm after indexing and the warm-up searches.
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { sql } from "kysely";
import { migrateToLatest } from "../db/migrate";
import { rawRows } from "../db/rows";
import { loadReferenceData } from "../db/seed/reference-data";
import { allSearchDocuments, countSearchableRecords, CountRow } from "../search/documents.server";
import { EmbeddedSearchEngine } from "../search/embedded";
import { MemorySearch, memorySearchFor, synonymPhraseKeys } from "../search/memory-sync";
import { databaseFingerprint, snapshotPath } from "../search/memory-snapshot";
import type { SearchDocument, SearchQuery, SearchResult } from "../search/engine";
import { BENCH_QUERIES, generateBenchData } from "./lib/bench-data";
import { MiniSearchPeer, sameFacets, type PeerResult } from "./lib/bench-minisearch";
import { openFreshBenchDatabase, openKeptBenchDatabase } from "./lib/bench-db";

const BUDGET_P95_MS = 50;
/** Issue 19: after a restart at 100,000 + 100,000 the in-memory index answers within this. */
const RESTART_BUDGET_MS = 3_000;
/** Issue 19: ADAM's cold p95 stays at or below this share of MiniSearch's on the same data. */
const MAX_PEER_RATIO = 0.25;
const { values } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    queries: { type: "string", default: "200" },
    rounds: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
    // The SQL path alone (what answers while the in-memory index loads), for comparison.
    "sql-only": { type: "boolean", default: false },
    // Without the side-by-side figure against MiniSearch (it holds every document in this process too).
    "skip-minisearch": { type: "boolean", default: false },
    // Where the restart measurement keeps the in-memory index's snapshot.
    "snapshot-dir": { type: "string", default: join(tmpdir(), "adam-bench-search-snapshots") },
  },
});
const count = Number(values.count);
const queryCount = Number(values.queries);
const rounds = Number(values.rounds);
if ([count, queryCount, rounds].some((n) => !Number.isInteger(n) || n < 1)) {
  console.error("--count, --queries and --rounds must be positive integers");
  process.exit(1);
}

const step = (label: string, t0: number) =>
  console.log(`${label.padEnd(28)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/** A deterministic mix: every query string, with and without filters, sorts and pages. */
function workload(n: number, orgIds: number[]): SearchQuery[] {
  const filters: Array<SearchQuery["filters"]> = [
    {},
    { type: ["project"] },
    { type: ["need"], priority: ["critical", "high"] },
    { pillar: ["II"] },
    { country: ["TJK"] },
    { route: ["balkan"], status: ["active", "pipeline"] },
    { year: 2020 },
    { capacityArea: ["I.3", "III.1"] },
    { organization: orgIds.slice(0, 2) },
    { route: ["northern"], pillar: ["I"], type: ["need"], status: ["open"] },
  ];
  const sorts: Array<SearchQuery["sort"]> = [undefined, undefined, undefined, "newest", "title"];
  return Array.from({ length: n }, (_, i) => ({
    q: BENCH_QUERIES[i % BENCH_QUERIES.length],
    filters: filters[(i * 7) % filters.length],
    sort: sorts[(i * 3) % sorts.length],
    page: 1 + (i % 4 === 3 ? 2 : 0),
    pageSize: 20,
  }));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function summarize(
  label: string,
  runs: Array<{ ms: number; query: SearchQuery; total: number }>,
  documents: number,
): number {
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  console.log(`\n${label}: ${runs.length} faceted searches on ${documents} documents (${handle.mode})`);
  console.log(
    `  p50 ${p50.toFixed(1)} ms   p95 ${p95.toFixed(1)} ms   max ${times[times.length - 1].toFixed(1)} ms   ` +
      `(budget: p95 < ${BUDGET_P95_MS} ms)`,
  );
  console.log("  slowest:");
  for (const s of [...runs].sort((a, b) => b.ms - a.ms).slice(0, 5))
    console.log(`    ${s.ms.toFixed(1)} ms  ${s.total} hits  ${JSON.stringify(s.query)}`);
  return p95;
}

type Run = { ms: number; query: SearchQuery; total: number };

/** MiniSearch holding the same documents, in this process (scripts/lib/bench-minisearch.ts). */
async function loadPeer(): Promise<MiniSearchPeer> {
  const t0 = performance.now();
  const before = process.memoryUsage().heapUsed;
  const peer = new MiniSearchPeer();
  for await (const batch of allSearchDocuments(handle.db, 2_000)) peer.add(batch);
  step(`MiniSearch: index ${peer.documents}`, t0);
  const heap = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  console.log(`  about ${heap.toFixed(0)} MB more heap (MiniSearch's index and the benchmark's facet keys)`);
  return peer;
}

/** The side-by-side figure: both engines' p50/p95 on the same queries, their ratio, the parity of results. */
function sideBySide(
  cold: Run[],
  warm: Run[],
  side: { cold: Run[]; warm: Run[]; sameTotals: number; sameFacets: number },
  n: number,
): { cold: number; warm: number } {
  const p = (runs: Run[], q: number) =>
    percentile(
      runs.map((r) => r.ms).sort((a, b) => a - b),
      q,
    );
  console.log(`\nside by side with MiniSearch 7.2 (same ${n} queries, same documents, interleaved, one process):`);
  const line = (label: string, ours: Run[], theirs: Run[]) => {
    const ratio = p(ours, 95) / p(theirs, 95);
    console.log(
      `  ${label}  ADAM p50 ${p(ours, 50).toFixed(1)} / p95 ${p(ours, 95).toFixed(1)} ms   ` +
        `MiniSearch p50 ${p(theirs, 50).toFixed(1)} / p95 ${p(theirs, 95).toFixed(1)} ms   ` +
        `ratio ADAM/MiniSearch p50 ${(p(ours, 50) / p(theirs, 50)).toFixed(2)}, p95 ${ratio.toFixed(2)}`,
    );
    return ratio;
  };
  const ratios = { cold: line("cold", cold, side.cold), warm: line("warm", warm, side.warm) };
  console.log(
    `  same totals on ${side.sameTotals} of ${n} queries, same facet counts on ${side.sameFacets} ` +
      "(MiniSearch has no stemming, synonyms or country names: its totals differ where those count)",
  );
  return ratios;
}

/** The restart's starting point: a snapshot of the loaded index (a running server writes one after every full load). */
async function writeRestartSnapshot(memory: MemorySearch, directory: string): Promise<void> {
  memory.snapshots = directory;
  const t0 = performance.now();
  await memory.snapshotNow();
  step("write its snapshot", t0);
  const path = snapshotPath(directory, await databaseFingerprint(handle.db, await synonymPhraseKeys(handle.db)));
  console.log(`  ${(statSync(path).size / 2 ** 20).toFixed(0)} MB in ${path}`);
}

/**
 * A restart, as a new process on the same database sees it: a second MemorySearch loads the index
 * from the snapshot written before the workload and catches up with every index write since (the
 * workload's, one per cold search) through search_changes. Ready = it can answer.
 */
async function measureRestart(directory: string): Promise<number> {
  const restarted = new MemorySearch(handle.db);
  restarted.snapshots = directory;
  const t0 = performance.now();
  await restarted.ready();
  const ms = performance.now() - t0;
  console.log(
    `\nrestart: the in-memory index ready in ${(ms / 1000).toFixed(2)} s from its ${restarted.source ?? "(failed)"} ` +
      `(budget ${RESTART_BUDGET_MS / 1000} s; the full load above took the place of a snapshot-less start)`,
  );
  if (restarted.source !== "snapshot") console.log(`  NOT FROM THE SNAPSHOT: ${restarted.describe()}`);
  return restarted.source === "snapshot" ? ms : Number.POSITIVE_INFINITY;
}

const { handle, drop } = values.reuse
  ? await openKeptBenchDatabase(values.reuse)
  : await openFreshBenchDatabase(values.keep);
let exitCode = 0;
try {
  const engine = new EmbeddedSearchEngine(handle.db, { memory: !values["sql-only"] });
  let t0 = performance.now();
  await migrateToLatest(handle.db);
  if (!values.reuse) {
    await loadReferenceData(handle.db);
    step(`schema (${handle.mode})`, t0);
    t0 = performance.now();
    await generateBenchData(handle.db, count, () => undefined);
    step(`generate ${count} + ${count}`, t0);

    await engine.clear();
    t0 = performance.now();
    const total = await countSearchableRecords(handle.db);
    const bar = new cliProgress.SingleBar(
      { format: "index [{bar}] {value}/{total}", hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    let done = 0;
    for await (const batch of allSearchDocuments(handle.db, 2_000)) {
      await engine.index(batch);
      done += batch.length;
      bar.update(done);
    }
    bar.stop();
    step(`index ${done} documents`, t0);
    t0 = performance.now();
    // PGlite has no autovacuum: without this the GIN pending lists stay unflushed and plans are blind.
    await sql`VACUUM ANALYZE`.execute(handle.db);
    step("VACUUM ANALYZE", t0);
  }
  t0 = performance.now();
  await engine.warmUp();
  step("load the in-memory index", t0);
  const memory = memorySearchFor(handle.db);
  console.log(
    `  ${values["sql-only"] ? "not used (--sql-only)" : memory.state}; ` +
      `process memory ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB resident`,
  );
  if (!values["sql-only"]) await writeRestartSnapshot(memory, values["snapshot-dir"]);
  const [indexed] = await rawRows(
    handle.db,
    "benchSearch.documents",
    CountRow,
    sql`SELECT count(*) AS n FROM search_documents`,
  );
  const documents = Number(indexed.n);

  // An index write: one document indexed again, unchanged. Every write moves the index to a new
  // generation, so no cached facet counts apply to the search that follows.
  let sample: SearchDocument | undefined;
  for await (const batch of allSearchDocuments(handle.db, 1)) {
    sample = batch[0];
    break;
  }
  if (!sample) throw new Error("nothing indexed");
  const indexWrite = () => engine.index([sample]);

  const orgIds = (
    await handle.db
      .selectFrom("organizations")
      .select("id")
      .where("name", "like", "Bench donor %")
      .orderBy("id")
      .execute()
  ).map((r) => r.id);
  const queries = workload(queryCount, orgIds);
  const peer = values["skip-minisearch"] ? null : await loadPeer();
  for (const query of queries.slice(0, 20)) {
    await engine.search(query); // warm-up (buffers, plans, the JIT of both engines), not measured
    peer?.search(query);
  }
  const measure = async (query: SearchQuery) => {
    const start = performance.now();
    const result = await engine.search(query);
    return { run: { ms: performance.now() - start, query, total: result.total }, result };
  };
  const side = { cold: [] as Run[], warm: [] as Run[], sameTotals: 0, sameFacets: 0 };
  const measurePeer = (query: SearchQuery, ours: SearchResult, into: Run[], compare: boolean) => {
    if (!peer) return;
    const start = performance.now();
    const theirs = peer.search(query);
    into.push({ ms: performance.now() - start, query, total: theirs.total });
    if (compare) tallyParity(ours, theirs);
  };
  const tallyParity = (ours: SearchResult, theirs: PeerResult) => {
    if (ours.total === theirs.total) side.sameTotals++;
    if (sameFacets(ours.facets, theirs)) side.sameFacets++;
  };

  const coldP95: number[] = [];
  const warmP95: number[] = [];
  const ratios: Array<{ cold: number; warm: number }> = [];
  for (let round = 1; round <= rounds; round++) {
    const suffix = rounds > 1 ? ` (round ${round} of ${rounds})` : "";
    const cold: Run[] = [];
    side.cold = [];
    side.warm = [];
    // Interleaved: each query by ADAM, then by MiniSearch, so that both see the same machine load.
    for (const query of queries) {
      await indexWrite();
      const { run, result } = await measure(query);
      cold.push(run);
      measurePeer(query, result, side.cold, round === 1);
    }
    coldP95.push(summarize(`cold: every search right after an index write, no cache${suffix}`, cold, documents));
    await indexWrite();
    const warm: Run[] = [];
    for (const query of queries) {
      const { run, result } = await measure(query);
      warm.push(run);
      measurePeer(query, result, side.warm, false);
    }
    const distinct = new Set(queries.map((q) => JSON.stringify([q.q, q.filters]))).size;
    warmP95.push(
      summarize(
        `warm: the workload as users run it, cache allowed (${distinct} distinct searches, ` +
          `the rest repeats or other pages/sorts)${suffix}`,
        warm,
        documents,
      ),
    );
    if (peer) ratios.push(sideBySide(cold, warm, side, queries.length));
  }
  const restartMs = values["sql-only"] ? null : await measureRestart(values["snapshot-dir"]);
  // Honest figures: say how many searches the in-memory index answered (the others fell back to SQL).
  console.log(`\nanswered by the in-memory index: ${memory.answered} of ${2 * queries.length * rounds + 20} searches`);
  const worstCold = Math.max(...coldP95);
  console.log(
    `\ncold p95 ${coldP95.map((p) => p.toFixed(1)).join(" / ")} ms; ` +
      `warm p95 ${warmP95.map((p) => p.toFixed(1)).join(" / ")} ms (machine shared: repeat and compare)`,
  );
  if (worstCold >= BUDGET_P95_MS) {
    console.log(`OVER BUDGET (cold): p95 ${worstCold.toFixed(1)} ms >= ${BUDGET_P95_MS} ms`);
    exitCode = 1;
  } else console.log("within budget (cold)");
  if (restartMs !== null && restartMs >= RESTART_BUDGET_MS) {
    console.log(`OVER BUDGET (restart): ${restartMs.toFixed(0)} ms >= ${RESTART_BUDGET_MS} ms`);
    exitCode = 1;
  }
  const worstRatio = Math.max(...ratios.map((r) => r.cold));
  if (ratios.length && worstRatio > MAX_PEER_RATIO) {
    console.log(`BEHIND THE LEAD: cold p95 ratio ADAM/MiniSearch ${worstRatio.toFixed(2)} > ${MAX_PEER_RATIO}`);
    exitCode = 1;
  } else if (ratios.length)
    console.log(`lead kept: cold p95 ratio ADAM/MiniSearch ${worstRatio.toFixed(2)} <= ${MAX_PEER_RATIO}`);
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
} finally {
  await handle.close();
  await drop();
}
process.exit(exitCode);
