import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { sql, type Insertable, type Kysely, type Selectable } from "kysely";
import type { Database, ImportStatus } from "../../db/schema";
import { inTransaction } from "~/utils/transaction.server";
import type { ImportItem, ImportReport } from "./import.server";
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

type ItemRow = Insertable<Database["iati_import_items"]>;

function itemRows(importId: number, items: ImportItem[], sign: 1 | -1): ItemRow[] {
  return items.map((item) => ({
    import_id: importId,
    position: sign * item.position,
    iati_identifier: item.iatiIdentifier,
    line: item.line,
    disposition: item.disposition,
    reasons: JSON.stringify(item.reasons),
    project_id: item.projectId,
    pillar: item.pillar,
    countries: item.countries,
  }));
}

async function insertItems(db: Db, importId: number, items: ImportItem[], sign: 1 | -1): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    await db
      .insertInto("iati_import_items")
      .values(itemRows(importId, items.slice(i, i + 500), sign))
      .execute();
  }
}

// A running import writes its items as it decides them (a 200 MB file has ~77,000), staged at the
// negation of their position (positions start at 1) so that the preview's rows stay what the page
// shows until the import ends, and stay as they were if it fails; saveReport then puts them in place.

/** Forgets what an earlier run of the import staged (a run cut off by a restart). */
export async function clearStagedItems(db: Db, importId: number): Promise<void> {
  await db.deleteFrom("iati_import_items").where("import_id", "=", importId).where("position", "<", 0).execute();
}

/** Stages a chunk's items of a running import (see above). */
export async function stageItems(db: Db, importId: number, items: ImportItem[]): Promise<void> {
  await insertItems(db, importId, items, -1);
}

/**
 * Replaces the import's report with this one, in one transaction: the report's items, or (when the
 * import staged them, `itemsStaged`) the staged rows.
 */
export async function saveReport(db: Db, importId: number, report: ImportReport, status: ImportStatus): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (report.itemsStaged) {
      await trx.deleteFrom("iati_import_items").where("import_id", "=", importId).where("position", ">", 0).execute();
      await trx
        .updateTable("iati_import_items")
        .set({ position: sql<number>`-position` })
        .where("import_id", "=", importId)
        .execute();
    } else await trx.deleteFrom("iati_import_items").where("import_id", "=", importId).execute();
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
    await insertItems(trx, importId, report.items, 1);
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

const itemsOf = (db: Db, id: number) =>
  db.selectFrom("iati_import_items").selectAll().where("import_id", "=", id).where("position", ">", 0);

type StoredItem = Omit<Selectable<Database["iati_import_items"]>, "reasons"> & { reasons: Reason[] };
const withReasons = (rows: Selectable<Database["iati_import_items"]>[]): StoredItem[] =>
  rows.map((r) => ({ ...r, reasons: r.reasons as unknown as Reason[] }));

/** The import's report, activity by activity (not what a running import has staged). */
export async function getImportItems(db: Db, id: number): Promise<StoredItem[]> {
  return withReasons(await itemsOf(db, id).orderBy("position").execute());
}

/** The same, a page at a time: a report of a large file is never held whole. */
export async function* importItemPages(db: Db, id: number, pageSize = 2000): AsyncGenerator<StoredItem[]> {
  let after = 0;
  for (;;) {
    const rows = await itemsOf(db, id).where("position", ">", after).orderBy("position").limit(pageSize).execute();
    if (!rows.length) return;
    yield withReasons(rows);
    after = rows[rows.length - 1].position;
  }
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
