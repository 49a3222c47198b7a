import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, ProjectDupTrigramsTable } from "../../db/schema";
import { TEXT_SIMILARITY_THRESHOLD, type PairFacts } from "./score";
import { ScannedProject } from "./project-rows";
import { decodeTrigrams, similarityAtLeast } from "./trigrams";

// The candidate query of the one-project duplicate scan (scanProject, ./detect.server.ts): the
// scanned project read with its classifications and stored trigram set, the projects that meet the
// structural half of the candidate rule (in SQL, on project_gap_facts and the link tables), the text
// similarity of each (on the stored trigram sets, in memory), and the facts of every pair similar
// enough, ready for scorePair (./score.ts). Reads only: what to write is detect.server.ts's.

type Db = Kysely<Database> | Transaction<Database>;

/** A pair's facts as factsOfSimilar reads them (counts: `count(*)`, int8 text; dates: `::text`). */
const FactsRow = z.object({
  other_id: column.int,
  shared_countries: column.textArray,
  countries_a: column.bigint,
  countries_b: column.bigint,
  shared_pillars: column.textArray,
  shared_areas: column.textArray,
  themes_a: column.bigint,
  themes_b: column.bigint,
  overlap_from: column.date,
  overlap_to: column.date.nullable(),
});

/** A structural candidate: its id and its stored trigram set. */
const CandidateRow = z.object({
  id: column.int,
  trigrams: column.bytea,
}) satisfies z.ZodType<Pick<Selectable<ProjectDupTrigramsTable>, "trigrams">>;

/**
 * The structural half of the candidate rule (isCandidate in ./score.ts, in SQL for speed): the
 * projects not cancelled that share a country and a pillar or area with this one, with
 * overlapping periods, each with its stored trigram set.
 */
async function structuralCandidates(db: Db, projectId: number, p: ScannedProject) {
  // A project sharing a country and a pillar is found in project_gap_facts (0008: one narrow row per
  // project, country and pillar, with its status and period; index-only). One sharing a country and
  // a capacity area but no pillar (which the forms never make, but imported data might) is checked
  // on the projects table, apart.
  return rawRows(
    db,
    "duplicates.structuralCandidates",
    CandidateRow,
    sql`
    WITH shares_pillar AS (
      SELECT f.project_id,
             bool_or(f.status <> 'cancelled' AND f.start_date <= coalesce(${p.end}::date, 'infinity'::date)
                     AND coalesce(f.end_date, 'infinity'::date) >= ${p.start}::date) AS kept
      FROM project_gap_facts f
      WHERE f.country_iso3 = ANY(${p.countries}::bpchar[]) AND f.pillar_code = ANY(${p.pillars}::text[])
      GROUP BY f.project_id
    ),
    shares_area_only AS (
      SELECT a.project_id FROM project_capacity_areas a
      WHERE a.capacity_area_code = ANY(${p.areas}::text[])
        AND EXISTS (SELECT 1 FROM project_countries c
                    WHERE c.project_id = a.project_id AND c.country_iso3 = ANY(${p.countries}::bpchar[]))
        AND NOT EXISTS (SELECT 1 FROM shares_pillar s WHERE s.project_id = a.project_id)
    ),
    candidates AS (
      SELECT project_id FROM shares_pillar WHERE kept
      UNION
      SELECT q.id FROM projects q JOIN shares_area_only b ON b.project_id = q.id
      WHERE q.status <> 'cancelled' AND q.start_date <= coalesce(${p.end}::date, 'infinity'::date)
        AND coalesce(q.end_date, 'infinity'::date) >= ${p.start}::date
    )
    SELECT c.project_id AS id,
           coalesce(
             t.trigrams,
             (SELECT dup_trigram_set(q.title || ' ' || q.summary) FROM projects q WHERE q.id = c.project_id)
           ) AS trigrams
    FROM candidates c LEFT JOIN project_dup_trigrams t ON t.project_id = c.project_id
    WHERE c.project_id <> ${projectId}`,
  );
}

/**
 * The projects that share a country and a pillar or area with this one, with overlapping periods,
 * and the facts of each pair whose texts are similar enough. The structural rule is checked first
 * on the link tables; the texts are compared on their stored trigram sets (exactly pg_trgm's
 * similarity, without extracting the trigrams of every candidate again); the other facts are
 * computed only for the pairs that pass.
 */
export async function pairFacts(
  db: Db,
  projectId: number,
  p: ScannedProject,
): Promise<Array<PairFacts & { otherId: number }>> {
  if (!p.countries.length || (!p.pillars.length && !p.areas.length)) return [];
  const others = await structuralCandidates(db, projectId, p);
  const mine = decodeTrigrams(p.trigrams);
  const similar = new Map<number, number>();
  for (const o of others) {
    const s = similarityAtLeast(mine, decodeTrigrams(o.trigrams), TEXT_SIMILARITY_THRESHOLD);
    if (s >= 0) similar.set(o.id, s);
  }
  if (!similar.size) return [];
  return factsOfSimilar(db, projectId, similar);
}

/** The facts of each pair of this project and a similar one (`similar`: other id → text similarity). */
async function factsOfSimilar(
  db: Db,
  projectId: number,
  similar: Map<number, number>,
): Promise<Array<PairFacts & { otherId: number }>> {
  const rows = await rawRows(
    db,
    "duplicates.factsOfSimilar",
    FactsRow,
    sql`
    WITH p AS (SELECT id, start_date, end_date FROM projects WHERE id = ${projectId}),
    pc AS (SELECT country_iso3 FROM project_countries WHERE project_id = ${projectId}),
    pp AS (SELECT pillar_code FROM project_pillars WHERE project_id = ${projectId}),
    pa AS (SELECT capacity_area_code FROM project_capacity_areas WHERE project_id = ${projectId})
    SELECT q.id AS other_id,
           ARRAY(SELECT x.country_iso3::text FROM project_countries x
                 WHERE x.project_id = q.id AND x.country_iso3 IN (SELECT country_iso3 FROM pc)
                 ORDER BY 1) AS shared_countries,
           (SELECT count(*) FROM pc) AS countries_a,
           (SELECT count(*) FROM project_countries x WHERE x.project_id = q.id) AS countries_b,
           ARRAY(SELECT x.pillar_code FROM project_pillars x
                 WHERE x.project_id = q.id AND x.pillar_code IN (SELECT pillar_code FROM pp)
                 ORDER BY 1) AS shared_pillars,
           ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x
                 WHERE x.project_id = q.id AND x.capacity_area_code IN (SELECT capacity_area_code FROM pa)
                 ORDER BY 1) AS shared_areas,
           (SELECT count(*) FROM pp) + (SELECT count(*) FROM pa) AS themes_a,
           (SELECT count(*) FROM project_pillars x WHERE x.project_id = q.id)
             + (SELECT count(*) FROM project_capacity_areas x WHERE x.project_id = q.id) AS themes_b,
           GREATEST(p.start_date, q.start_date)::text AS overlap_from,
           CASE WHEN p.end_date IS NULL AND q.end_date IS NULL THEN NULL
                ELSE LEAST(coalesce(p.end_date, q.end_date), coalesce(q.end_date, p.end_date))::text END AS overlap_to
    FROM projects q
    CROSS JOIN p
    WHERE q.id = ANY(${[...similar.keys()]}::int[])
    ORDER BY q.id`,
  );
  return rows.map((r) => ({
    otherId: r.other_id,
    textSimilarity: similar.get(r.other_id)!,
    sharedCountries: r.shared_countries.map((c) => c.trim()),
    countriesA: Number(r.countries_a),
    countriesB: Number(r.countries_b),
    sharedPillars: r.shared_pillars,
    sharedAreas: r.shared_areas,
    pillarsAndAreasA: Number(r.themes_a),
    pillarsAndAreasB: Number(r.themes_b),
    overlapFrom: r.overlap_from,
    overlapTo: r.overlap_to,
  }));
}

/** The scanned project, or undefined when it does not exist. */
export async function readScannedProject(db: Db, projectId: number): Promise<ScannedProject | undefined> {
  const projectRows = await rawRows(
    db,
    "duplicates.readScannedProject",
    ScannedProject,
    sql`
    SELECT p.status, p.start_date::text AS start, p.end_date::text AS "end",
           ARRAY(SELECT x.country_iso3 FROM project_countries x WHERE x.project_id = p.id) AS countries,
           ARRAY(SELECT x.pillar_code FROM project_pillars x WHERE x.project_id = p.id) AS pillars,
           ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x WHERE x.project_id = p.id) AS areas,
           coalesce(t.trigrams, dup_trigram_set(p.title || ' ' || p.summary)) AS trigrams
    FROM projects p LEFT JOIN project_dup_trigrams t ON t.project_id = p.id
    WHERE p.id = ${projectId}`,
  );
  return projectRows[0];
}
