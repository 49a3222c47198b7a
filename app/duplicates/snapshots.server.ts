import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database } from "../../db/schema";
import { MATERIAL_TEXT_SIMILARITY, structureChanged, type ProjectSnapshot } from "./score";

// A decided pair's snapshots: what each project was (classifications, period, text) when the pair
// was decided, stored with the decision, and the rule that reopens the pair only after a material
// change since then (changedMaterially: structureChanged, or text similarity under
// MATERIAL_TEXT_SIMILARITY, ./score.ts). Used by every scan (one project, a chunk, the full rescan)
// and by the review, which takes the snapshots when a pair is decided.

type Db = Kysely<Database> | Transaction<Database>;

export async function projectSnapshots(db: Db, ids: number[]): Promise<Map<number, ProjectSnapshot>> {
  if (!ids.length) return new Map();
  const [projects, countries, pillars, areas] = await Promise.all([
    db
      .selectFrom("projects")
      .select(["id", "title", "summary", "start_date", "end_date"])
      .where("id", "in", ids)
      .execute(),
    db
      .selectFrom("project_countries")
      .select(["project_id", "country_iso3"])
      .where("project_id", "in", ids)
      .orderBy("country_iso3")
      .execute(),
    db
      .selectFrom("project_pillars")
      .select(["project_id", "pillar_code"])
      .where("project_id", "in", ids)
      .orderBy("pillar_code")
      .execute(),
    db
      .selectFrom("project_capacity_areas")
      .select(["project_id", "capacity_area_code"])
      .where("project_id", "in", ids)
      .orderBy("capacity_area_code")
      .execute(),
  ]);
  return new Map(
    projects.map((p) => [
      p.id,
      {
        countries: countries.filter((c) => c.project_id === p.id).map((c) => c.country_iso3.trim()),
        pillars: pillars.filter((c) => c.project_id === p.id).map((c) => c.pillar_code),
        areas: areas.filter((c) => c.project_id === p.id).map((c) => c.capacity_area_code),
        start: p.start_date,
        end: p.end_date,
        text: `${p.title} ${p.summary}`,
      },
    ]),
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
