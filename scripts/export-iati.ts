// `npm run export-iati -- --out FILE [--organization ID]`: writes ADAM's projects as an IATI 2.03
// activity file (PGlite in DATA_DIR, or DATABASE_URL). Projects of organizations without a valid IATI
// organisation identifier are left out, and named on stderr.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { exportActivities, type ExportSummary } from "../app/iati/export.server";

const { values } = parseArgs({ options: { out: { type: "string" }, organization: { type: "string" } } });
if (!values.out || (values.organization !== undefined && !/^\d{1,9}$/.test(values.organization))) {
  console.error("usage: npm run export-iati -- --out FILE [--organization ID]");
  process.exit(2);
}
const handle = await openDatabase(databaseOptionsFromEnv());
const summary: ExportSummary = { exported: 0, leftOut: [] };
try {
  await migrateToLatest(handle.db);
  const out = createWriteStream(values.out);
  for await (const piece of exportActivities(
    handle.db,
    values.organization ? { organization: Number(values.organization) } : {},
    summary,
  )) {
    if (!out.write(piece)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  console.log(`Exported ${summary.exported} projects to ${values.out}.`);
  for (const o of summary.leftOut)
    console.error(
      `Left out ${o.projects} projects of ${o.organization}: ` +
        (o.identifier
          ? `"${o.identifier}" is not an IATI organisation identifier.`
          : "no IATI organisation identifier."),
    );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
