// `npm run import-iati -- FILE... [--dry-run] [--json] [--as EMAIL]`: imports IATI activity files
// (PGlite in DATA_DIR, or DATABASE_URL; never while a server holds the same DATA_DIR). It acts as the
// coordination unit unless --as names a donor user. Exits 0 when every file was read, whatever its
// activities' fates; 1 when a file cannot be read or is refused as a whole; 2 for a wrong command.
// --json prints one JSON object per file on stdout (one line each).
import { parseArgs } from "node:util";
import path from "node:path";
import cliProgress from "cli-progress";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { loadReferenceData } from "../db/seed/reference-data";
import { can } from "../app/accounts/permissions";
import { importFile, previewImport, type Importer, type ImportReport } from "../app/iati/import.server";
import { reportJson, reportJsonText } from "../app/iati/report";
import { fileFacts, importItemPages, saveReport, startImport } from "../app/iati/store.server";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run import-iati -- FILE... [--dry-run] [--json] [--as EMAIL]`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { "dry-run": { type: "boolean" }, json: { type: "boolean" }, as: { type: "string" } },
  });
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
const { values, positionals } = parsed;
if (positionals.length === 0) usage("no file given");

async function importerFor(db: Kysely<Database>, email: string | undefined): Promise<Importer> {
  if (!email) {
    const unit = await db
      .selectFrom("organizations")
      .select("id")
      .where("kind", "=", "coordination_unit")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    return { id: null, role: "coordinator", organizationId: unit.id, countryIso3: null };
  }
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "status", "organization_id", "country_iso3"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
  if (!user || user.status !== "active") usage(`no active user ${email}`);
  if (!can(user.role, "project:create"))
    usage(`${email} is a ${user.role}: only donors and the coordination unit import projects`);
  return { id: user.id, role: user.role, organizationId: user.organization_id, countryIso3: user.country_iso3 };
}

function summary(report: ImportReport): string {
  if (report.refused) return `${report.file}: refused — ${reportJson(report).reasons.join(" ")}`;
  return (
    `${report.file} (IATI ${report.version ?? "?"}): ${report.activities} activities — ` +
    `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
    `${report.skipped} skipped, ${report.rejected} rejected, ${report.warnings} warnings`
  );
}

const handle = await openDatabase(databaseOptionsFromEnv());
let failed = false;
try {
  await migrateToLatest(handle.db);
  await loadReferenceData(handle.db);
  const importer = await importerFor(handle.db, values.as);
  for (const file of positionals) {
    const showBar = process.stderr.isTTY && !values.json;
    const bar = new cliProgress.SingleBar(
      { format: "import [{bar}] {percentage}% | {activities} activities", hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let size = 0;
    try {
      size = (await fileFacts(file)).size;
    } catch {
      // An unreadable file is reported below by the import itself.
    }
    if (showBar) bar.start(Math.max(1, size * (values["dry-run"] ? 1 : 2)), 0, { activities: 0 });
    let passBase = 0;
    let lastBytes = 0;
    const onProgress = (activities: number, bytes: number) => {
      if (bytes < lastBytes) passBase += size; // the import reads the file a second time to write
      lastBytes = bytes;
      if (showBar) bar.update(passBase + bytes, { activities });
    };
    const options = { fileName: path.basename(file), onProgress };
    let report: ImportReport;
    let importId = 0;
    if (values["dry-run"]) report = await previewImport(handle.db, importer, file, options);
    else {
      const facts = await fileFacts(file).catch(() => ({ sha256: "", size: 0 }));
      importId = await startImport(handle.db, {
        fileName: path.basename(file),
        ...facts,
        ranBy: importer.id,
        organizationId: importer.organizationId,
        via: "cli",
      });
      report = await importFile(handle.db, importer, file, { ...options, importId });
      await saveReport(handle.db, importId, report, report.refused ? "refused" : "done");
    }
    if (showBar) bar.stop();
    if (report.refused) failed = true;
    if (values.json) {
      // A large import's items are in its rows, not in the report: printed a page at a time.
      for await (const text of reportJsonText(report, () => importItemPages(handle.db, importId)))
        process.stdout.write(text);
      process.stdout.write("\n");
    } else console.log(summary(report));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  failed = true;
} finally {
  await handle.close();
}
process.exit(failed ? 1 : 0);
