// `npm run bench:gaps [-- --count 100000 --full]`: the budgets (scripts/README.md) for the coordination
// unit's computations, measured on `count` projects and `count` needs (with confirmed matches on a fifth
// of the needs): the full gap matrix under 200 ms (the query, and the /gaps page over HTTP), a duplicate
// scan of one project under 100 ms, and (with --full) a full duplicate rescan under 60 s. Fresh in-memory
// PGlite, or a database created and dropped on the DATABASE_URL server (`--keep` keeps it; `--reuse NAME`
// measures again on a kept one, generating nothing). Exits non-zero when a budget is missed.
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { migrateToLatest } from "../db/migrate";
import { loadReferenceData } from "../db/seed/reference-data";
import { rescanAll, scanProject } from "../app/duplicates/detect.server";
import { gapMatrix } from "../app/gaps/gaps.server";
import { keepNeedFactsValued } from "../app/gaps/valuation.server";
import { today } from "../app/forms/dates";
import { generateBenchData } from "./lib/bench-data";
import { openFreshBenchDatabase, openKeptBenchDatabase, percentile } from "./lib/bench-db";
import { timePages } from "./lib/bench-page";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    runs: { type: "string", default: "30" },
    full: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
    "skip-gaps": { type: "boolean", default: false },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error("--count and --runs must be positive integers");
  process.exit(1);
}

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function report(label: string, samples: number[], budgetMs: number): boolean {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const ok = p95 <= budgetMs;
  console.log(
    `${label.padEnd(26)} p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  ` +
      `budget ${budgetMs} ms  ${ok ? "OK" : "OVER"}`,
  );
  return ok;
}

const { handle, drop } = values.reuse
  ? await openKeptBenchDatabase(values.reuse)
  : await openFreshBenchDatabase(values.keep);
let ok = true;
try {
  const db = handle.db;
  await migrateToLatest(db);
  if (!values.reuse) {
    await loadReferenceData(db);
    console.log(`generating ${count} projects and ${count} needs…`);
    await generateBenchData(db, count, (step) => console.log(`  ${step}`));
    // Confirmed matches on every fifth need, with a project reaching the same country.
    const proposer = await db
      .insertInto("users")
      .values({
        email: `bench-${Date.now()}@example.org`,
        full_name: "Bench",
        password_hash: "x",
        role: "coordinator",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`
      INSERT INTO matches (need_id, project_id, status, proposed_by, proposed_side, amount, currency)
      SELECT n.id, pc.project_id, 'confirmed', ${proposer.id}, 'coordinator', 1000 + n.id % 50000, 'USD'
      FROM needs n
      JOIN LATERAL (SELECT project_id FROM project_countries WHERE country_iso3 = n.country_iso3 LIMIT 1) pc ON true
      WHERE n.id % 5 = 0`.execute(db);
    await sql`VACUUM ANALYZE`.execute(db);
  }

  const asOf = today();
  // As the server does at start: the needs valued at today's rates for the matrix.
  await keepNeedFactsValued(db, asOf);
  const filters = [
    {},
    { route: "balkan" as const },
    { pillar: "II" as const },
    { priority: ["critical" as const, "high" as const] },
    { from: "2020-01-01", to: "2024-12-31" },
  ];
  if (!values["skip-gaps"]) {
    const gapSamples: number[] = [];
    for (let i = 0; i < runs; i++) gapSamples.push(await time(() => gapMatrix(db, filters[i % filters.length], asOf)));
    ok = report("gap matrix (all routes)", gapSamples, 200) && ok;
    // The same budget for the page itself: loader, React rendering and HTTP, as a coordinator gets it.
    const pages = [
      "/gaps",
      "/gaps?route=balkan",
      "/gaps?pillar=II",
      "/gaps?priority=critical&priority=high",
      "/gaps?from=2020-01-01&to=2024-12-31",
    ];
    ok = report("gap page /gaps (HTTP)", await timePages(db, handle.mode, pages, runs), 200) && ok;
  }

  const ids = (await db.selectFrom("projects").select("id").orderBy("id").execute()).map((r) => r.id);
  const scanSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = ids[(i * 7919) % ids.length];
    scanSamples.push(await time(() => scanProject(db, id)));
  }
  ok = report("duplicate scan, one project", scanSamples, 100) && ok;

  if (values.full) {
    const t0 = performance.now();
    const result = await rescanAll(db);
    const seconds = (performance.now() - t0) / 1000;
    const fullOk = seconds <= 60;
    console.log(
      `full duplicate rescan       ${seconds.toFixed(1)} s for ${ids.length} projects ` +
        `(${result.candidates} pairs)  budget 60 s  ${fullOk ? "OK" : "OVER"}`,
    );
    ok = fullOk && ok;
  }
} finally {
  await handle.close();
  await drop();
}
process.exit(ok ? 0 : 1);
