import path from "node:path";
import { describe, expect, it } from "vitest";
import { importFile, type Importer, type ImportReport } from "~/iati/import.server";
import { reportJson, reportJsonText } from "~/iati/report";
import { getImportItems, importItemPages, saveReport, startImport } from "~/iati/store.server";
import { previewImport } from "~/iati/import.server";
import { asActor, makeActor } from "../support/factories";
import { createTestDatabase, databaseModes, type TestDatabase } from "../support/database";
import { iatiFileXml, writeTempFile } from "../support/iati-fixtures";

// An import with an import row writes its items to the row chunk by chunk (a 200 MB file's report is
// never held): once saved, the stored report and the command line's --json text are those of the same
// import holding its items, schema problems included (on activities and between them); until then the
// preview's rows are what the import's page shows.

const FIXTURES = path.resolve("tests/fixtures/iati");

/** Five activities with an element the schema refuses between the second and the third. */
function fileWithProblemBetween(): string {
  const xml = iatiFileXml(
    Array.from({ length: 5 }, (_, i) => ({ id: `XM-DAC-7-ST-${i}`, title: `Border control training ${i}` })),
  );
  let seen = 0;
  return writeTempFile(
    xml.replace(/<\/iati-activity>\n/g, (end) => (++seen === 2 ? `${end}<not-an-activity/>\n` : end)),
  );
}

async function coordinatorOf(db: TestDatabase["db"]): Promise<Importer> {
  const unit = await db
    .selectFrom("organizations")
    .select("id")
    .where("kind", "=", "coordination_unit")
    .executeTakeFirstOrThrow();
  return asActor(await makeActor(db, "coordinator", { organizationId: unit.id }));
}

const withoutProjectIds = (text: string) => text.replace(/"projectId":\d+/g, '"projectId":0');
const totals = ({ items: _items, itemsStaged: _staged, ...rest }: ImportReport) => rest;

async function stagedImport(db: TestDatabase["db"], file: string) {
  const importer = await coordinatorOf(db);
  const importId = await startImport(db, {
    fileName: path.basename(file),
    sha256: "",
    size: 0,
    ranBy: null,
    organizationId: importer.organizationId,
    via: "cli",
  });
  const preview = await previewImport(db, importer, file);
  await saveReport(db, importId, preview, "preview");
  const report = await importFile(db, importer, file, { importId, chunkSize: 2 });
  // Until the report is saved, the page shows the preview's rows.
  const before = await getImportItems(db, importId);
  expect(before.map((i) => [i.position, i.disposition])).toEqual(preview.items.map((i) => [i.position, i.disposition]));
  await saveReport(db, importId, report, "done");
  let text = "";
  for await (const piece of reportJsonText(report, () => importItemPages(db, importId, 3))) text += piece;
  return { report, text, rows: await getImportItems(db, importId) };
}

for (const mode of databaseModes) {
  describe(`IATI import staging its items [${mode}]`, () => {
    it("stores and prints the report the held import gives", async () => {
      const [held, staged] = [await createTestDatabase(mode), await createTestDatabase(mode)];
      try {
        for (const file of [path.join(FIXTURES, "samples/dfid-albania-2016.v201.xml"), fileWithProblemBetween()]) {
          const expected = await importFile(held.db, await coordinatorOf(held.db), file, { chunkSize: 2 });
          const got = await stagedImport(staged.db, file);
          expect(got.report.itemsStaged).toBe(true);
          expect(got.report.items).toEqual([]);
          expect(totals(got.report)).toEqual(totals(expected));
          expect(withoutProjectIds(got.text)).toEqual(withoutProjectIds(JSON.stringify(reportJson(expected))));
          expect(got.rows.map((r) => [r.position, r.line, r.iati_identifier, r.disposition, r.reasons])).toEqual(
            expected.items.map((i) => [i.position, i.line, i.iatiIdentifier, i.disposition, i.reasons]),
          );
          expect(expected.warnings).toBeGreaterThan(0);
        }
        const between = await importFile(held.db, await coordinatorOf(held.db), fileWithProblemBetween());
        // The scenario exercises what it claims: a problem outside every activity, reported on the file.
        expect(between.reasons.some((r) => r.key === "iati.file.outsideActivity")).toBe(true);
      } finally {
        await held.close();
        await staged.close();
      }
    }, 120_000);
  });
}
