import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listAuditAfter, type AuditFilters } from "~/accounts/audit-log.server";
import { auditActionLabel, auditKindLabel } from "~/components/admin/audit-changes";
import { type Column, dateColumn, type ExportDefinition, textColumn } from "./columns.server";
import { keysetPages } from "./keyset.server";

// /admin/audit.csv (coordination unit): the log's entries with the page's filters; before and after
// as the JSON the log keeps (a spreadsheet cannot show a nested change any better).

type AuditExportRow = Awaited<ReturnType<typeof listAuditAfter>>[number];
type LogFilters = Omit<AuditFilters, "page" | "pageSize">;

const json = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));

export const auditColumns: Column<AuditExportRow>[] = [
  { header: "csv.id", kind: "number", value: (r) => r.id },
  dateColumn("csv.at", (r) => r.at),
  textColumn("csv.actionCode", (r) => r.action),
  { header: "csv.action", value: (r, x) => auditActionLabel(x.t, r.action) },
  textColumn("csv.entityTypeCode", (r) => r.entity_type),
  { header: "csv.entityType", value: (r, x) => auditKindLabel(x.t, r.entity_type) },
  { header: "csv.entityId", kind: "number", value: (r) => r.entity_id },
  textColumn("csv.actorName", (r) => r.actor_name),
  textColumn("csv.email", (r) => r.actor_email),
  textColumn("csv.ip", (r) => r.ip),
  textColumn("csv.before", (r) => json(r.before)),
  textColumn("csv.after", (r) => json(r.after)),
];

export function auditExport(
  db: Kysely<Database>,
  filters: LogFilters,
  pageSize?: number,
): ExportDefinition<AuditExportRow> {
  return {
    filename: "adam-audit-log",
    columns: auditColumns,
    pages: keysetPages((after, limit) => listAuditAfter(db, filters, after, limit), pageSize),
  };
}
