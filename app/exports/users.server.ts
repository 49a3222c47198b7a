import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listUsersAfter, type UserFilters } from "~/accounts/users.server";
import { type Column, columnsFor, dateColumn, type ExportDefinition, idColumn, textColumn } from "./columns.server";
import { keysetPages } from "./keyset.server";

// /admin/users.csv (coordination unit): the accounts of the list, with its filters. No password
// hashes, sessions or other secrets: only what the page shows.

type UserExportRow = Awaited<ReturnType<typeof listUsersAfter>>[number];
type ListFilters = Omit<UserFilters, "page" | "pageSize">;

const c = columnsFor<UserExportRow>();

export const userColumns: Column<UserExportRow>[] = [
  idColumn(),
  textColumn("csv.fullName", (r) => r.full_name),
  textColumn("csv.email", (r) => r.email),
  ...c.code("csv.roleCode", "csv.role", "role.", (r) => r.role),
  ...c.code("csv.statusCode", "csv.status", "status.", (r) => r.status),
  textColumn("csv.organization", (r) => r.organization_name),
  ...c.countries((r) => (r.country_iso3 ? [r.country_iso3] : []), ["csv.countryCode", "csv.country"]),
  dateColumn("csv.createdAt", (r) => r.created_at),
];

export function usersExport(
  db: Kysely<Database>,
  filters: ListFilters,
  pageSize?: number,
): ExportDefinition<UserExportRow> {
  return {
    filename: "adam-users",
    columns: userColumns,
    pages: keysetPages((after, limit) => listUsersAfter(db, filters, Number(after), limit), pageSize),
  };
}
