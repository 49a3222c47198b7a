// `npm run bench:iati [-- --count 1600] [--size-mb 200] [--near-copies]`: the IATI import budgets.
// Makes its own files (scripts/lib/iati-bench-file.ts): about 4 MB of ~1,600 counter-narcotics
// activities, previewed (< 5 s) and imported (< 20 s) on a fresh in-memory PGlite, or a database
// created and dropped on DATABASE_URL; then, with --size-mb (0, the default, skips it), a file of
// that many megabytes imported (on PGlite, into a data folder on disk) while the resident memory of
// the process and of its children (xmllint's schema check) is sampled: the peak must stay under
// 500 MB (on PGlite, whose database lives in this process, what the import adds to it).
// --near-copies makes every activity of a country and year read alike (the duplicate check's worst
// case; no budget).
// Exits non-zero when a budget is missed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/client";
import { previewImport, importFile, type Importer } from "../app/iati/import.server";
import { saveReport, startImport } from "../app/iati/store.server";
import { migrateToLatest } from "../db/migrate";
import { loadReferenceData } from "../db/seed/reference-data";
import { openFreshBenchDatabase } from "./lib/bench-db";
import { writeBenchFile } from "./lib/iati-bench-file";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1600" },
    "size-mb": { type: "string", default: "0" },
    "near-copies": { type: "boolean" },
  },
});
const count = Number(values.count);
const largeBytes = Number(values["size-mb"]) * 1024 * 1024;
const MB = 1048576;

/** Resident memory (bytes) of this process and its children (xmllint), from /proc. */
function residentOfTree(): number {
  const kb = (pid: string) =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  let total = process.memoryUsage().rss;
  try {
    for (const task of readdirSync(`/proc/${process.pid}/task`)) {
      for (const child of readFileSync(`/proc/${process.pid}/task/${task}/children`, "utf8")
        .split(" ")
        .filter(Boolean)) {
        try {
          total += kb(child);
        } catch {
          // The child ended between the listing and the read.
        }
      }
    }
  } catch {
    // No /proc (not Linux): this process alone.
  }
  return total;
}

async function coordinatorOf(db: Awaited<ReturnType<typeof openDatabase>>["db"]): Promise<Importer> {
  const unit = await db
    .selectFrom("organizations")
    .select("id")
    .where("kind", "=", "coordination_unit")
    .executeTakeFirstOrThrow();
  return { id: null, role: "coordinator", organizationId: unit.id, countryIso3: null };
}

const seconds = (since: number) => (performance.now() - since) / 1000;
/** CPU seconds this process spent since `since` (PGlite runs in it): the time on an idle machine. */
const cpu = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1e6).toFixed(1);
};
const dir = mkdtempSync(path.join(tmpdir(), "adam-bench-iati-"));
let failed = false;

async function budgets() {
  const { handle, drop } = await openFreshBenchDatabase(false);
  try {
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db);
    const importer = await coordinatorOf(handle.db);
    const small = path.join(dir, "bench.xml");
    await writeBenchFile(small, (i) => i < count, values["near-copies"]);
    const size = statSync(small).size / MB;
    let t = performance.now();
    let c = process.cpuUsage();
    const preview = await previewImport(handle.db, importer, small);
    const previewS = seconds(t);
    const previewCpu = cpu(c);
    t = performance.now();
    c = process.cpuUsage();
    const report = await importFile(handle.db, importer, small);
    const importS = seconds(t);
    const importCpu = cpu(c);
    t = performance.now();
    const again = await importFile(handle.db, importer, small);
    const againS = seconds(t);
    const pairs = await handle.db
      .selectFrom("duplicate_pairs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    console.log(
      `${handle.mode}, ${count} activities (${size.toFixed(1)} MB): ` +
        `preview ${previewS.toFixed(1)} s (CPU ${previewCpu} s; budget 5 s), ` +
        `import ${importS.toFixed(1)} s (CPU ${importCpu} s; budget 20 s), ` +
        `re-import ${againS.toFixed(1)} s; created ${report.created}, unchanged on re-import ${again.unchanged}, ` +
        `skipped ${report.skipped}, rejected ${report.rejected}, predicted ${preview.created} created; ` +
        `${pairs.n} duplicate candidates`,
    );
    if (report.created !== count || again.unchanged !== count) failed = true;
    if (!values["near-copies"] && (previewS > 5 || importS > 20)) failed = true;
  } finally {
    await handle.close();
    await drop();
  }
}

async function large() {
  const file = path.join(dir, "large.xml");
  const activities = await writeBenchFile(file, (_i, bytes) => bytes < largeBytes);
  // On a server the database's memory is the server's; on PGlite it lives in this process, so the
  // data folder is on disk (PGlite's own caches still count, and are part of the measure).
  const { handle, drop } = process.env.DATABASE_URL
    ? await openFreshBenchDatabase(false)
    : { handle: await openDatabase({ dataDir: path.join(dir, "pgdata") }), drop: async () => {} };
  try {
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db);
    const importer = await coordinatorOf(handle.db);
    // What the process holds before the import (on PGlite, the embedded database itself: some 400 MB).
    const ready = residentOfTree();
    let peak = ready;
    const sampler = setInterval(() => (peak = Math.max(peak, residentOfTree())), 200);
    let last = 0;
    const t = performance.now();
    const c = process.cpuUsage();
    // As the command line and the web run it: with an import row, whose report rows it writes as it goes.
    const importId = await startImport(handle.db, {
      fileName: path.basename(file),
      sha256: "",
      size: statSync(file).size,
      ranBy: null,
      organizationId: importer.organizationId,
      via: "cli",
    });
    const report = await importFile(handle.db, importer, file, {
      importId,
      onProgress: (done) => {
        if (done < last) last = 0; // the second pass (the writes) starts again from the top
        if (done - last >= 10_000)
          console.error(
            `  … ${(last = done)} activities, ${seconds(t).toFixed(0)} s, peak ${(peak / MB).toFixed(0)} MB`,
          );
      },
    });
    await saveReport(handle.db, importId, report, "done");
    clearInterval(sampler);
    peak = Math.max(peak, residentOfTree());
    console.log(
      `${handle.mode}, ${(largeBytes / MB).toFixed(0)} MB, ${activities} activities: ` +
        `imported in ${seconds(t).toFixed(0)} s (CPU ${cpu(c)} s) ` +
        `(${report.created} created, ${report.activities} accounted for), ` +
        `peak resident memory ${(peak / MB).toFixed(0)} MB (${(ready / MB).toFixed(0)} MB before the import; ` +
        `budget 500 MB${handle.mode === "pglite" ? " for what the import adds" : ""})`,
    );
    // On a server the process is the importer alone; on PGlite the embedded database's own memory is
    // there before the import starts, and the budget is for what the import adds to it.
    const used = handle.mode === "pglite" ? peak - ready : peak;
    if (used > 500 * MB || report.activities !== activities) failed = true;
  } finally {
    await handle.close();
    await drop();
  }
}

try {
  if (count > 0) await budgets();
  if (largeBytes > 0) await large();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
