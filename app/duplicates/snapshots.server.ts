import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database } from "../../db/schema";
import { loadProjectLinks } from "~/projects/queries.server";
import { MATERIAL_TEXT_SIMILARITY, structureChanged, type ProjectSnapshot } from "./score";

// A decided pair's snapshots: what each project was (classifications, period, text) when the pair
// was decided, stored with the decision, and the rule that reopens the pair only after a material
// change since then (changedMaterially: structureChanged, or text similarity under
// MATERIAL_TEXT_SIMILARITY, ./score.ts). Used by every scan (one project, a chunk, the full rescan)
// and by the review, which takes the snapshots when a pair is decided.

type Db = Kysely<Database> | Transaction<Database>;

export async function projectSnapshots(db: Db, ids: number[]): Promise<Map<number, ProjectSnapshot>> {
  if (!ids.length) return new Map();
  // The snapshot's lists are the project's links, each in the order of its codes (loadProjectLinks).
  const [projects, links] = await Promise.all([
    db
      .selectFrom("projects")
      .select(["id", "title", "summary", "start_date", "end_date"])
      .where("id", "in", ids)
      .execute(),
    loadProjectLinks(db, ids),
  ]);
  return new Map(
    projects.map((p) => {
      const { countries, pillars, capacityAreas } = links.get(p.id)!;
      return [
        p.id,
        {
          countries: countries.map((c) => c.trim()),
          pillars,
          areas: capacityAreas,
          start: p.start_date,
          end: p.end_date,
          text: `${p.title} ${p.summary}`,
        },
      ];
    }),
  );
}

const SimilarityRow = z.object({ s: column.float });

/** Whether a decided pair's projects changed materially since the decision. */
export async function changedMaterially(db: Db, before: ProjectSnapshot, now: ProjectSnapshot): Promise<boolean> {
  if (structureChanged(before, now)) return true;
  if (before.text === now.text) return false;
  const rows = await rawRows(
    db,
    "duplicates.changedMaterially",
    SimilarityRow,
    sql`SELECT similarity(${before.text}, ${now.text})::float8 AS s`,
  );
  return Number(rows[0].s) < MATERIAL_TEXT_SIMILARITY;
}
