import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listPendingRequestsAfter } from "~/accounts/access-requests.server";
import { type Column, columnsFor, dateColumn, type ExportDefinition, idColumn, textColumn } from "./columns.server";
import { keysetPages } from "./keyset.server";

// /admin/requests.csv (coordination unit): the pending access requests of the queue.

type RequestExportRow = Awaited<ReturnType<typeof listPendingRequestsAfter>>[number];

const c = columnsFor<RequestExportRow>();

export const accessRequestColumns: Column<RequestExportRow>[] = [
  idColumn(),
  textColumn("csv.fullName", (r) => r.full_name),
  textColumn("csv.email", (r) => r.email),
  ...c.code("csv.roleCode", "csv.role", "role.", (r) => r.requested_role),
  ...c.countries((r) => [r.country_iso3], ["csv.countryCode", "csv.country"]),
  textColumn("csv.organization", (r) => r.organization_name),
  textColumn("csv.newOrganization", (r) => r.new_organization_name),
  ...c.code("csv.newOrganizationKindCode", "csv.newOrganizationKind", "orgKind.", (r) => r.new_organization_kind),
  ...c.countries(
    (r) => (r.new_organization_country_iso3 ? [r.new_organization_country_iso3] : []),
    ["csv.newOrganizationCountryCode", "csv.newOrganizationCountry"],
  ),
  textColumn("csv.justification", (r) => r.justification),
  dateColumn("csv.requestedAt", (r) => r.created_at),
];

export function accessRequestsExport(db: Kysely<Database>, pageSize?: number): ExportDefinition<RequestExportRow> {
  return {
    filename: "adam-access-requests",
    columns: accessRequestColumns,
    pages: keysetPages((after, limit) => listPendingRequestsAfter(db, Number(after), limit), pageSize),
  };
}
