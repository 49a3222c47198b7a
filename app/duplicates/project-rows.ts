import type { Selectable } from "kysely";
import { z } from "zod";
import { column } from "../../db/rows";
import type { ProjectsTable } from "../../db/schema";

// The rows the duplicate scans read of a project (record D7, db/rows.ts), shared by the one-project
// scan (detect.server.ts), the chunk scan (detect-many-facts.server.ts) and the full rescan
// (rescan-compare.server.ts). A leaf module: those three import one another, and a schema built at
// load time from another module's schema must not wait on an import cycle.

/** A scanned project: its status, period (`::text`), classifications and stored trigram set. */
export const ScannedProject = z.object({
  status: column.projectStatus,
  start: column.date,
  end: column.date.nullable(),
  countries: column.textArray,
  pillars: column.textArray,
  areas: column.textArray,
  trigrams: column.bytea,
}) satisfies z.ZodType<Pick<Selectable<ProjectsTable>, "status">>;
export type ScannedProject = z.infer<typeof ScannedProject>;

/**
 * A project's id, period (`::text`) and classifications, each list in the database's order of the
 * codes (countries as text): the chunk scan's pair facts, and the full rescan's load with the trigrams.
 */
export const ProjectLinksRow = z.object({
  id: column.int,
  start: column.date,
  end: column.date.nullable(),
  countries: column.textArray,
  pillars: column.textArray,
  areas: column.textArray,
});
