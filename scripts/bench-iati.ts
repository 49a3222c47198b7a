// `npm run bench:iati [-- --count 1600] [--large-mb 200]`: the IATI import budgets. Makes its own
// files: about 4 MB of ~1,600 counter-narcotics activities (previewed < 5 s, imported < 20 s, on a
// fresh in-memory PGlite, or a database created and dropped on DATABASE_URL), then a file of
// --large-mb megabytes (0 to skip) that is previewed while the process's peak resident memory is
// sampled (< 500 MB). Exits non-zero when a budget is missed.
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { previewImport, importFile, type Importer } from "../app/iati/import.server";
import { migrateToLatest } from "../db/migrate";
import { loadReferenceData } from "../db/seed/reference-data";
import { openFreshBenchDatabase } from "./lib/bench-db";

const { values } = parseArgs({ options: { count: { type: "string", default: "1600" }, "large-mb": { type: "string", default: "200" } } });
const count = Number(values.count);
const largeBytes = Number(values["large-mb"]) * 1024 * 1024;
const COUNTRIES = ["TJ", "UZ", "KG", "KZ", "TM", "AF", "PK", "IR", "TR", "RS", "AL", "BA"];
const PHRASES = ["border control", "drug law enforcement training", "precursor chemicals", "money laundering investigations", "drug prevention in schools", "container control at ports"];

function activity(i: number): string {
  const phrase = PHRASES[i % PHRASES.length];
  const country = COUNTRIES[i % COUNTRIES.length];
  const year = 2018 + (i % 8);
  // About 2.5 KB each, as real activities with a few budgets and transactions.
  return `<iati-activity default-currency="EUR" last-updated-datetime="2024-05-01T10:00:00" xml:lang="en">
<iati-identifier>XM-DAC-7-BENCH-${i}</iati-identifier>
<reporting-org ref="XM-DAC-7" type="10"><narrative>Bench donor ministry</narrative></reporting-org>
<title><narrative xml:lang="en">Counter-narcotics ${phrase} ${i}</narrative><narrative xml:lang="ru">Борьба с наркотиками ${i}</narrative></title>
<description type="1"><narrative xml:lang="en">Technical assistance on ${phrase} for national agencies along the trafficking routes, with equipment, mentoring and regional exchanges between counterparts. Activity number ${i} of the benchmark file; it carries enough text to look like the activities real publishers write, which run to several sentences describing outputs, partners and the expected outcomes of the work over its whole period.</narrative></description>
<participating-org role="1" ref="XM-DAC-7" type="10"><narrative>Bench donor ministry</narrative></participating-org>
<participating-org role="4" type="40"><narrative>UNODC</narrative></participating-org>
<activity-status code="2"/>
<activity-date type="1" iso-date="${year}-01-01"/><activity-date type="2" iso-date="${year}-02-01"/><activity-date type="3" iso-date="${year + 2}-12-31"/>
<recipient-country code="${country}" percentage="100"/>
<sector vocabulary="1" code="${i % 3 === 0 ? "15130" : "16063"}" percentage="100"/>
<budget type="1" status="1"><period-start iso-date="${year}-01-01"/><period-end iso-date="${year}-12-31"/><value currency="EUR" value-date="${year}-01-01">${100000 + i}</value></budget>
<budget type="1" status="1"><period-start iso-date="${year + 1}-01-01"/><period-end iso-date="${year + 1}-12-31"/><value currency="EUR" value-date="${year + 1}-01-01">${90000 + i}</value></budget>
<transaction><transaction-type code="2"/><transaction-date iso-date="${year}-01-15"/><value currency="EUR" value-date="${year}-01-15">${190000 + i}</value></transaction>
<transaction><transaction-type code="3"/><transaction-date iso-date="${year}-06-15"/><value currency="EUR" value-date="${year}-06-15">${50000 + i}</value></transaction>
</iati-activity>\n`;
}

async function writeFile(file: string, until: (i: number, bytes: number) => boolean): Promise<number> {
  const out = createWriteStream(file);
  out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2024-05-01T10:00:00">\n`);
  let bytes = 0;
  let i = 0;
  while (until(i, bytes)) {
    const piece = activity(i);
    bytes += Buffer.byteLength(piece);
    i += 1;
    if (!out.write(piece)) await once(out, "drain");
  }
  out.end("</iati-activities>\n");
  await once(out, "finish");
  return i;
}

const dir = mkdtempSync(path.join(tmpdir(), "adam-bench-iati-"));
const { handle, drop } = await openFreshBenchDatabase(false);
let failed = false;
try {
  await migrateToLatest(handle.db);
  await loadReferenceData(handle.db);
  const unit = await handle.db.selectFrom("organizations").select("id").where("kind", "=", "coordination_unit").executeTakeFirstOrThrow();
  const importer: Importer = { id: null, role: "coordinator", organizationId: unit.id, countryIso3: null };
  const small = path.join(dir, "bench.xml");
  await writeFile(small, (i) => i < count);
  let t = performance.now();
  const preview = await previewImport(handle.db, importer, small);
  const previewS = (performance.now() - t) / 1000;
  t = performance.now();
  const report = await importFile(handle.db, importer, small);
  const importS = (performance.now() - t) / 1000;
  console.log(`${count} activities: preview ${previewS.toFixed(1)} s (budget 5 s), import ${importS.toFixed(1)} s (budget 20 s); created ${report.created}, skipped ${report.skipped}, rejected ${report.rejected}, predicted ${preview.created} created`);
  if (previewS > 5 || importS > 20 || report.created !== count) failed = true;

  if (largeBytes > 0) {
    const large = path.join(dir, "large.xml");
    const activities = await writeFile(large, (_i, bytes) => bytes < largeBytes);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    t = performance.now();
    const big = await previewImport(handle.db, importer, large);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`${(largeBytes / 1048576).toFixed(0)} MB, ${activities} activities: previewed in ${((performance.now() - t) / 1000).toFixed(1)} s, ${big.activities} accounted for, peak resident memory ${(peak / 1048576).toFixed(0)} MB (budget 500 MB)`);
    if (peak > 500 * 1048576 || big.activities !== activities) failed = true;
  }
} finally {
  await handle.close();
  await drop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
