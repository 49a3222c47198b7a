import { sql, type Selectable } from "kysely";
import { z } from "zod";
import { column } from "../../db/rows";
import type { ProjectsTable } from "../../db/schema";

// The rows the duplicate scans read of a project (record D7, db/rows.ts), shared by the one-project
// scan (candidates.server.ts), the chunk scan (detect-many-facts.server.ts) and the full rescan's load
// (rescan-load.server.ts). A leaf module: those import one another, and a schema built at load time
// from another module's schema must not wait on an import cycle.

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

/**
 * ProjectLinksRow's columns, as a select list over `projects p`: one text for the chunk scan's pair
 * facts and the full rescan's load, so that both read the same lists in the same order.
 */
export const projectLinksColumns = sql`
  p.id, p.start_date::text AS start, p.end_date::text AS "end",
  ARRAY(SELECT x.country_iso3::text FROM project_countries x WHERE x.project_id = p.id ORDER BY 1) AS countries,
  ARRAY(SELECT x.pillar_code FROM project_pillars x WHERE x.project_id = p.id ORDER BY 1) AS pillars,
  ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x WHERE x.project_id = p.id ORDER BY 1) AS areas`;
