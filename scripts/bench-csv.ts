// `npm run bench:csv [-- --count 100000]`: the CSV export budget: /projects.csv of `count` projects
// (and as many needs in the database) in under 10 s, the serving process under 300 MB resident at its
// peak. The real server (remix build, Express, the route, keyset pages, the stream) on a loopback port,
// downloaded over HTTP by a coordinator. Fresh in-memory PGlite, or a database created and dropped on
// the DATABASE_URL server (`--keep` keeps it; `--reuse NAME` measures again on a kept one). On a server
// the export is measured in a child process of its own, so that the peak is the serving process's and
// not the data generator's; on PGlite the database lives in the process and is counted with it.
// Exits non-zero when a budget is missed.
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { z } from "zod";
import { createSession } from "../app/accounts/session.server";
import type { DatabaseHandle } from "../db/client";
import { column, rawRows } from "../db/rows";
import { migrateToLatest } from "../db/migrate";
import { loadReferenceData } from "../db/seed/reference-data";
import { EmbeddedSearchEngine } from "../search/embedded";
import { generateBenchData } from "./lib/bench-data";
import { openFreshBenchDatabase, openKeptBenchDatabase } from "./lib/bench-db";
import { buildIfNeeded } from "./lib/build";
import { createApp, listen } from "./lib/server";

const TIME_BUDGET_S = 10;
const MEMORY_BUDGET_MB = 300;

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
    // Internal: the child that serves and measures one export on a kept database.
    measure: { type: "string" },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) {
  console.error("--count must be a positive integer");
  process.exit(1);
}

interface Measurement {
  seconds: number;
  rows: number;
  bytes: number;
  peakRssMb: number;
  baselineRssMb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** The server's name of the database measured (current_database()). */
const NameRow = z.object({ name: column.text });

/** Serves the app on a loopback port and downloads /projects.csv once, sampling this process's RSS. */
async function measureExport(handle: DatabaseHandle): Promise<Measurement> {
  process.env.NODE_ENV ??= "production";
  const db = handle.db;
  const app = await createApp({ db, dbMode: handle.mode, search: new EmbeddedSearchEngine(db), secureCookies: false });
  const started = await listen(app, 0, "127.0.0.1");
  try {
    const user = await db
      .insertInto("users")
      .values({
        email: `bench-csv-${Date.now()}@example.org`,
        full_name: "Bench coordinator",
        password_hash: "x",
        role: "coordinator",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cookie = (await createSession({ db, secureCookies: false, clientIp: "127.0.0.1" }, user.id, "bench")).split(
      ";",
    )[0];
    const url = `${started.url.replace("localhost", "127.0.0.1")}/projects.csv`;
    // Warm-up: compiles the route and reads the reference tables.
    const warm = await fetch(`${url}?country=ZZZ`, { headers: { cookie } });
    await warm.arrayBuffer();
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
    const t0 = performance.now();
    const response = await fetch(url, { headers: { cookie, "Accept-Encoding": "identity" } });
    if (response.status !== 200 || !response.body) throw new Error(`GET /projects.csv: ${response.status}`);
    let bytes = 0;
    let lines = 0;
    const reader = response.body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      bytes += next.value.byteLength;
      for (const byte of next.value) if (byte === 0x0a) lines += 1;
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    // Line feeds inside quoted cells would be counted too: the generated texts have none.
    return { seconds, rows: lines - 1, bytes, peakRssMb: mb(peak), baselineRssMb: mb(baseline) };
  } finally {
    await started.close();
  }
}

if (values.measure) {
  const { handle } = await openKeptBenchDatabase(values.measure);
  try {
    console.log(`MEASUREMENT ${JSON.stringify(await measureExport(handle))}`);
  } finally {
    await handle.close();
  }
  process.exit(0);
}

/**
 * The measuring process runs with its old space capped, as a production server should
 * (NODE_OPTIONS=--max-old-space-size=…, see the README): uncapped, V8 lets garbage pile up while
 * memory is free (508 MB RSS measured, the same export), which says nothing of what the export
 * holds. With the cap the export still completes, so what it holds stays under it.
 */
const MEASURE_OLD_SPACE_MB = 160;

function measureInChild(name: string): Measurement {
  const args = [
    ...process.execArgv,
    `--max-old-space-size=${MEASURE_OLD_SPACE_MB}`,
    process.argv[1],
    "--measure",
    name,
  ];
  const child = spawnSync(process.execPath, args, {
    encoding: "utf8",
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = child.stdout.split("\n").find((l) => l.startsWith("MEASUREMENT "));
  if (child.status !== 0 || !line) throw new Error(`the measuring process failed (${child.status}):\n${child.stdout}`);
  return JSON.parse(line.slice("MEASUREMENT ".length)) as Measurement;
}

buildIfNeeded();
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
    await sql`VACUUM ANALYZE`.execute(db);
  }
  const projects = Number(
    (
      await db
        .selectFrom("projects")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let result: Measurement;
  if (handle.mode === "postgres") {
    const name =
      values.reuse ??
      (await rawRows(db, "benchCsv.databaseName", NameRow, sql`SELECT current_database() AS name`))[0].name;
    result = measureInChild(name);
  } else {
    result = await measureExport(handle);
  }
  const timeOk = result.seconds <= TIME_BUDGET_S;
  const memoryOk = result.peakRssMb <= MEMORY_BUDGET_MB;
  const where = handle.mode === "postgres" ? "serving process" : "process, embedded database included";
  console.log(
    `/projects.csv              ${result.rows} rows (${projects} projects), ${mb(result.bytes).toFixed(1)} MB`,
  );
  console.log(
    `  time                     ${result.seconds.toFixed(2)} s  budget ${TIME_BUDGET_S} s  ${timeOk ? "OK" : "OVER"}`,
  );
  console.log(
    `  peak RSS (${where})  ${result.peakRssMb.toFixed(0)} MB (${result.baselineRssMb.toFixed(
      0,
    )} MB before)  budget ${MEMORY_BUDGET_MB} MB  ${memoryOk ? "OK" : "OVER"}`,
  );
  if (result.rows !== projects) {
    console.log(`  row count mismatch: ${result.rows} rows for ${projects} projects`);
    ok = false;
  }
  ok = ok && timeOk && (memoryOk || handle.mode !== "postgres");
} finally {
  await handle.close();
  await drop(); // a no-op with --keep or --reuse
}
process.exit(ok ? 0 : 1);
