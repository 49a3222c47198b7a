import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Kysely } from "kysely";
import type { Database, ImportStatus } from "../../db/schema";
import type { ImportReport } from "./import.server";
import type { Reason } from "./reasons";

// Imports are kept with their report (one row per activity) and who ran them.

type Db = Kysely<Database>;

export async function fileFacts(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest("hex"), size: (await stat(path)).size };
}

export function countsOf(report: ImportReport) {
  const { activities, created, updated, unchanged, skipped, rejected, warnings } = report;
  return { activities, created, updated, unchanged, skipped, rejected, warnings };
}

export async function startImport(
  db: Db,
  meta: {
    fileName: string;
    sha256: string;
    size: number;
    ranBy: number | null;
    organizationId: number | null;
    via: "web" | "cli";
  },
): Promise<number> {
  const row = await db
    .insertInto("iati_imports")
    .values({
      file_name: meta.fileName,
      file_sha256: meta.sha256,
      file_size: meta.size,
      status: "preview",
      ran_by: meta.ranBy,
      organization_id: meta.organizationId,
      via: meta.via,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces the import's report with this one, in one transaction. */
export async function saveReport(db: Db, importId: number, report: ImportReport, status: ImportStatus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("iati_import_items").where("import_id", "=", importId).execute();
    await trx
      .updateTable("iati_imports")
      .set({
        status,
        version: report.version,
        reasons: JSON.stringify(report.reasons),
        counts: JSON.stringify(countsOf(report)),
        finished_at: status === "preview" ? null : new Date(),
      })
      .where("id", "=", importId)
      .execute();
    for (let i = 0; i < report.items.length; i += 500) {
      const rows = report.items.slice(i, i + 500).map((item) => ({
        import_id: importId,
        position: item.position,
        iati_identifier: item.iatiIdentifier,
        line: item.line,
        disposition: item.disposition,
        reasons: JSON.stringify(item.reasons),
        project_id: item.projectId,
        pillar: item.pillar,
        countries: item.countries,
      }));
      await trx.insertInto("iati_import_items").values(rows).execute();
    }
  });
}

export async function setImportStatus(db: Db, importId: number, status: ImportStatus): Promise<void> {
  await db.updateTable("iati_imports").set({ status, finished_at: new Date() }).where("id", "=", importId).execute();
}

export async function getImport(db: Db, id: number) {
  return db
    .selectFrom("iati_imports")
    .leftJoin("users", "users.id", "iati_imports.ran_by")
    .selectAll("iati_imports")
    .select(["users.full_name as ran_by_name"])
    .where("iati_imports.id", "=", id)
    .executeTakeFirst();
}

export async function getImportItems(db: Db, id: number) {
  const rows = await db
    .selectFrom("iati_import_items")
    .selectAll()
    .where("import_id", "=", id)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ ...r, reasons: r.reasons as unknown as Reason[] }));
}

/** The imports a user may see: all for the coordination unit, their organization's for a donor. */
export async function listImports(db: Db, organizationId: number | null, limit = 50) {
  let query = db
    .selectFrom("iati_imports")
    .leftJoin("users", "users.id", "iati_imports.ran_by")
    .select([
      "iati_imports.id",
      "iati_imports.file_name",
      "iati_imports.status",
      "iati_imports.counts",
      "iati_imports.created_at",
      "iati_imports.via",
      "users.full_name as ran_by_name",
    ])
    .orderBy("iati_imports.id", "desc")
    .limit(limit);
  if (organizationId !== null) query = query.where("iati_imports.organization_id", "=", organizationId);
  return query.execute();
}
