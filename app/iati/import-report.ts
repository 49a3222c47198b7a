import type { Disposition } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import type { MappingOptions } from "./mapping";
import type { Reason } from "./reasons";
import type { SchemaCheck } from "./schema-check.server";

// What an import tells: one item per activity of the file, and the file's totals. Types and the
// empty and refused reports; import.server.ts fills them.

/** Who imports: a user, or the coordination unit itself (the command line, id null). */
export type Importer = Omit<Actor, "id"> & { id: number | null };

export interface ImportItem {
  position: number;
  iatiIdentifier: string | null;
  line: number;
  endLine: number;
  disposition: Disposition;
  reasons: Reason[];
  projectId: number | null;
  pillar: string | null;
  countries: string[];
  warnings: number;
}

export interface ImportReport {
  file: string;
  version: string | null;
  refused: boolean;
  /** About the file as a whole: why it was refused, or schema problems outside any activity. */
  reasons: Reason[];
  activities: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
  warnings: number;
  /** Every activity's item, unless `itemsStaged`. */
  items: ImportItem[];
  /**
   * The items were written to the import's rows as they were decided (an import with an `importId`),
   * not held: `saveReport` puts them in place, `importItemPages` reads them.
   */
  itemsStaged: boolean;
}

export interface ImportOptions extends Partial<MappingOptions> {
  /** The name shown in reports and on projects (the uploaded file's own name). */
  fileName?: string;
  importId?: number | null;
  onProgress?: (activities: number, bytesRead: number) => void;
  /** Reuse a schema check already made (the import's preview). */
  schema?: SchemaCheck;
  /** Activities decided (and written, in one transaction) together; 250 unless told. */
  chunkSize?: number;
  /** Each project in its own transaction with its own duplicate check (the unbatched path, kept to compare). */
  oneByOne?: boolean;
}

export class FileRefused extends Error {
  constructor(readonly reasons: Reason[]) {
    super("file refused");
  }
}

export function emptyReport(file: string): ImportReport {
  return {
    file,
    version: null,
    refused: false,
    reasons: [],
    activities: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
    warnings: 0,
    items: [],
    itemsStaged: false,
  };
}

export function refusedReport(file: string, reasons: Reason[], version: string | null = null): ImportReport {
  return { ...emptyReport(file), version, refused: true, reasons };
}
