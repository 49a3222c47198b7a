import type { ColumnType, Generated } from "kysely";
import type { JsonValue, Timestamp } from "./columns";

// IATI imports (0016_iati): each file read, with its report and who ran it.

export type ImportStatus = "preview" | "done" | "refused" | "discarded";
export type Disposition = "created" | "updated" | "unchanged" | "skipped" | "rejected";

export interface IatiImportsTable {
  id: Generated<number>;
  file_name: string;
  file_sha256: string;
  file_size: ColumnType<string, number | string, number | string>;
  version: string | null;
  status: ImportStatus;
  reasons: ColumnType<JsonValue, string | undefined, string>;
  counts: ColumnType<JsonValue, string | undefined, string>;
  ran_by: number | null;
  organization_id: number | null;
  via: "web" | "cli";
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface IatiImportItemsTable {
  import_id: number;
  position: number;
  iati_identifier: string | null;
  line: number;
  disposition: Disposition;
  reasons: ColumnType<JsonValue, string, string>;
  project_id: number | null;
  pillar: string | null;
  countries: ColumnType<string[], string[] | undefined, string[]>;
}
