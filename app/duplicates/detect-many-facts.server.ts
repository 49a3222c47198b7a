// The chunk scan's reads (scanProjects, ./detect-many.server.ts): for many scanned projects at once,
// the facts of every candidate pair, as scanProject's pairFacts gives them for one. The scanned
// projects are read, then their structural candidates (one lateral query), then the candidates'
// texts page by page (compared in memory), then the links of the similar pairs' projects.
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database } from "../../db/schema";
import { ProjectLinksRow, projectLinksColumns, ScannedProject } from "./project-rows";
import { TEXT_SIMILARITY_THRESHOLD, type PairFacts } from "./score";
import { decodeTrigrams, similarityAtLeast } from "./trigrams";

// Always a transaction (scanProjects opens one through inScanTransaction), typed as the Kysely it is given.
export type Trx = Kysely<Database>;
type Facts = PairFacts & { otherId: number };

/** A scanned project as scanProject reads it (ScannedProject), with its id and without its period. */
const ScannedRow = ScannedProject.omit({ start: true, end: true }).extend({ id: column.int });

/** The facts of each scanned project's candidate pairs, by scanned project (as scanProject's pairFacts). */
export async function factsOfMany(db: Trx, ids: number[]): Promise<Map<number, Facts[]>> {
  const scanned = await rawRows(
    db,
    "duplicates.factsOfMany",
    ScannedRow,
    sql`
    SELECT p.id, p.status,
           ARRAY(SELECT x.country_iso3 FROM project_countries x WHERE x.project_id = p.id) AS countries,
           ARRAY(SELECT x.pillar_code FROM project_pillars x WHERE x.project_id = p.id) AS pillars,
           ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x WHERE x.project_id = p.id) AS areas,
           coalesce(t.trigrams, dup_trigram_set(p.title || ' ' || p.summary)) AS trigrams
    FROM projects p LEFT JOIN project_dup_trigrams t ON t.project_id = p.id
    WHERE p.id = ANY(${ids}::int[])`,
  );
  const byId = new Map<number, Facts[]>(ids.map((id) => [id, []]));
  const live = scanned.filter(
    (p) => p.status !== "cancelled" && p.countries.length && (p.pillars.length || p.areas.length),
  );
  if (!live.length) return byId;
  const candidates = await candidatesOf(
    db,
    live.map((p) => p.id),
  );
  if (!candidates.length) return byId;
  const mine = new Map(live.map((p) => [p.id, decodeTrigrams(p.trigrams)]));
  const similar = await similarPairs(db, mine, candidates);
  if (!similar.size) return byId;
  return addPairFacts(db, byId, similar);
}

/** A project that is a structural candidate of some of the scanned ones (their ids). */
const Candidate = z.object({ id: column.int, scanned: column.intArray });
type Candidate = z.infer<typeof Candidate>;

/**
 * The structural half of the candidate rule (isCandidate in ./score.ts, in SQL for speed), for every
 * scanned project at once, one row per candidate project: as structuralCandidates in ./candidates.server.ts
 * does for one.
 */
async function candidatesOf(db: Trx, liveIds: number[]): Promise<Candidate[]> {
  return rawRows(
    db,
    "duplicates.candidatesOf",
    Candidate,
    sql`
    WITH s AS (
      SELECT p.id, p.start_date AS start, p.end_date AS "end",
             ARRAY(SELECT x.country_iso3 FROM project_countries x WHERE x.project_id = p.id)::bpchar[] AS countries,
             ARRAY(SELECT x.pillar_code FROM project_pillars x WHERE x.project_id = p.id)::text[] AS pillars,
             ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x WHERE x.project_id = p.id)::text[] AS areas
      FROM projects p WHERE p.id = ANY(${liveIds}::int[])
    )
    SELECT c.id, array_agg(s.id) AS scanned
    FROM s CROSS JOIN LATERAL (
      WITH shares_pillar AS (
        SELECT f.project_id,
               bool_or(f.status <> 'cancelled' AND f.start_date <= coalesce(s."end", 'infinity'::date)
                       AND coalesce(f.end_date, 'infinity'::date) >= s.start) AS kept
        FROM project_gap_facts f
        WHERE f.country_iso3 = ANY(s.countries) AND f.pillar_code = ANY(s.pillars)
        GROUP BY f.project_id
      ),
      shares_area_only AS (
        SELECT a.project_id FROM project_capacity_areas a
        WHERE a.capacity_area_code = ANY(s.areas)
          AND EXISTS (SELECT 1 FROM project_countries c
                      WHERE c.project_id = a.project_id AND c.country_iso3 = ANY(s.countries))
          AND NOT EXISTS (SELECT 1 FROM shares_pillar sp WHERE sp.project_id = a.project_id)
      ),
      candidates AS (
        SELECT project_id FROM shares_pillar WHERE kept
        UNION
        SELECT q.id FROM projects q JOIN shares_area_only b ON b.project_id = q.id
        WHERE q.status <> 'cancelled' AND q.start_date <= coalesce(s."end", 'infinity'::date)
          AND coalesce(q.end_date, 'infinity'::date) >= s.start
      )
      SELECT project_id AS id FROM candidates WHERE project_id <> s.id
    ) c
    GROUP BY c.id`,
  );
}

/**
 * Other projects whose texts are read and compared at a time. Every project of a scanned one's
 * countries is a candidate, so a chunk's candidates grow with the database: their trigram sets
 * (some 2.4 KB each) are read page by page and forgotten, instead of all at once.
 */
const TEXT_PAGE = 1000;

/** A candidate's stored trigram set, as base64 text. */
const Base64TrigramsRow = z.object({ id: column.int, trigrams: column.text });

/** The candidate pairs whose texts are similar enough ("scanned:other" → similarity). */
async function similarPairs(
  db: Trx,
  mine: Map<number, Int32Array>,
  candidates: Candidate[],
): Promise<Map<string, number>> {
  const similar = new Map<string, number>();
  for (let i = 0; i < candidates.length; i += TEXT_PAGE) {
    const page = candidates.slice(i, i + TEXT_PAGE);
    const scannedOf = new Map(page.map((c) => [c.id, c.scanned]));
    // Base64 rather than bytea's hex: a third less to send and to parse.
    const texts = await rawRows(
      db,
      "duplicates.similarPairs",
      Base64TrigramsRow,
      sql`
      SELECT q.id, encode(coalesce(t.trigrams, dup_trigram_set(q.title || ' ' || q.summary)), 'base64') AS trigrams
      FROM projects q LEFT JOIN project_dup_trigrams t ON t.project_id = q.id
      WHERE q.id = ANY(${page.map((c) => c.id)}::int[])`,
    );
    for (const text of texts) {
      const theirs = decodeTrigrams(Buffer.from(text.trigrams, "base64"));
      for (const scannedId of scannedOf.get(text.id)!) {
        const s = similarityAtLeast(mine.get(scannedId)!, theirs, TEXT_SIMILARITY_THRESHOLD);
        if (s >= 0) similar.set(`${scannedId}:${text.id}`, s);
      }
    }
  }
  return similar;
}

/** The facts of the similar pairs, added to their scanned project's list in (scanned, other) order. */
async function addPairFacts(
  db: Trx,
  byId: Map<number, Facts[]>,
  similar: Map<string, number>,
): Promise<Map<number, Facts[]>> {
  // The facts pairFacts computes in SQL, computed here from each project's links read once: lists
  // in the order PostgreSQL sorts them (the other project's, ORDER BY the same text), counts, overlap.
  const involved = [...new Set([...similar.keys()].flatMap((k) => k.split(":").map(Number)))];
  const linkRows = await rawRows(
    db,
    "duplicates.addPairFacts",
    ProjectLinksRow,
    sql`
    SELECT ${projectLinksColumns}
    FROM projects p WHERE p.id = ANY(${involved}::int[])`,
  );
  const linksOf = new Map(linkRows.map((r) => [r.id, r]));
  const pairs = [...similar.keys()].map((k) => k.split(":").map(Number)).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (const [scannedId, otherId] of pairs) {
    const p = linksOf.get(scannedId);
    const q = linksOf.get(otherId);
    if (!p || !q) continue;
    const shared = (mine: string[], theirs: string[]) => theirs.filter((x) => mine.includes(x));
    const overlapTo = p.end === null && q.end === null ? null : [p.end ?? q.end!, q.end ?? p.end!].sort()[0];
    byId.get(scannedId)!.push({
      otherId,
      textSimilarity: similar.get(`${scannedId}:${otherId}`)!,
      sharedCountries: shared(p.countries, q.countries).map((c) => c.trim()),
      countriesA: p.countries.length,
      countriesB: q.countries.length,
      sharedPillars: shared(p.pillars, q.pillars),
      sharedAreas: shared(p.areas, q.areas),
      pillarsAndAreasA: p.pillars.length + p.areas.length,
      pillarsAndAreasB: q.pillars.length + q.areas.length,
      overlapFrom: p.start > q.start ? p.start : q.start,
      overlapTo,
    });
  }
  return byId;
}
