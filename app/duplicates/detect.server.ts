import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, DuplicatePairsTable, DuplicateStatus, ProjectDupTrigramsTable } from "../../db/schema";
import {
  isCandidate,
  MATERIAL_TEXT_SIMILARITY,
  scorePair,
  structureChanged,
  TEXT_SIMILARITY_THRESHOLD,
  type PairFacts,
  type PairReasons,
  type ProjectSnapshot,
} from "./score";
import { ScannedProject } from "./project-rows";
import { decodeTrigrams, similarityAtLeast } from "./trigrams";
import { notify } from "~/notifications/notify.server";
import { inTransaction } from "~/utils/transaction.server";

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
async function pairFacts(
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

export interface ScanResult {
  candidates: number;
  reopened: number;
}

/**
 * Runs the duplicate check for one project: records new candidates, refreshes open ones, drops open
 * candidates that no longer qualify, and reopens decided pairs only after a material change.
 */
export async function scanProject(db: Db, projectId: number): Promise<ScanResult> {
  return inScanTransaction(db, (trx) => scanProjectInTransaction(trx, projectId));
}

/** The JIT setting: NULL where there is none (PGlite). */
const JitRow = z.object({ jit: column.text.nullable() });

/**
 * A duplicate scan's transaction (its own when called outside one: a consistent view), with
 * PostgreSQL's JIT off for it, then as it was: JIT costs more than these short queries take.
 */
export async function inScanTransaction<T>(db: Db, scan: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    const jitRows = await rawRows(
      trx,
      "duplicates.inScanTransaction",
      JitRow,
      sql`SELECT current_setting('jit', true) AS jit`,
    );
    const jit = jitRows[0]?.jit ?? null;
    if (jit !== null && jit !== "off") await sql`SELECT set_config('jit', 'off', true)`.execute(trx);
    const result = await scan(trx);
    if (jit !== null && jit !== "off") await sql`SELECT set_config('jit', ${jit}, true)`.execute(trx);
    return result;
  });
}

async function readScannedProject(db: Db, projectId: number): Promise<ScannedProject | undefined> {
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

async function scanProjectInTransaction(db: Db, projectId: number): Promise<ScanResult> {
  const project = await readScannedProject(db, projectId);
  const facts =
    project && project.status !== "cancelled" ? (await pairFacts(db, projectId, project)).filter(isCandidate) : [];
  const existing = await db
    .selectFrom("duplicate_pairs")
    .selectAll()
    .where((eb) => eb.or([eb("project_a_id", "=", projectId), eb("project_b_id", "=", projectId)]))
    .execute();
  const byOther = new Map(existing.map((e) => [e.project_a_id === projectId ? e.project_b_id : e.project_a_id, e]));
  const stillCandidates = new Set<number>();
  let reopened = 0;
  const inserts: PendingPair[] = [];
  const refreshes: Array<{ id: number; score: string; reasons: string }> = [];

  for (const f of facts) {
    stillCandidates.add(f.otherId);
    const { score, reasons } = scorePair(f);
    const [a, b] = projectId < f.otherId ? [projectId, f.otherId] : [f.otherId, projectId];
    const pair = byOther.get(f.otherId);
    if (!pair) {
      inserts.push({ a, b, score: score.toFixed(4), reasons: JSON.stringify(reasons) });
      continue;
    }
    if (pair.status === "candidate") {
      refreshes.push({ id: pair.id, score: score.toFixed(4), reasons: JSON.stringify(reasons) });
      continue;
    }
    if (await updateDecidedPair(db, pair, a, b, score, reasons)) reopened += 1;
  }
  // New candidates (one recorded meanwhile by another write is refreshed, as it would have been);
  // open ones refreshed.
  if (inserts.length) await insertPairs(db, inserts);
  if (refreshes.length) await refreshPairs(db, refreshes);

  // Open candidates that no longer meet the rule disappear; decisions are kept.
  const gone = existing.filter(
    (e) =>
      e.status === "candidate" && !stillCandidates.has(e.project_a_id === projectId ? e.project_b_id : e.project_a_id),
  );
  if (gone.length)
    await db
      .deleteFrom("duplicate_pairs")
      .where(
        "id",
        "in",
        gone.map((g) => g.id),
      )
      .execute();
  return { candidates: facts.length, reopened };
}

interface PendingPair {
  a: number;
  b: number;
  score: string;
  reasons: string;
}

export { rescanAll } from "./rescan.server";

/** A decided pair found again: refreshed, and reopened after a material change (whether it was). */
async function updateDecidedPair(
  db: Db,
  pair: { id: number; status: DuplicateStatus; snapshot_a: unknown; snapshot_b: unknown },
  a: number,
  b: number,
  score: number,
  reasons: PairReasons,
): Promise<boolean> {
  let status: DuplicateStatus = pair.status;
  const now = await projectSnapshots(db, [a, b]);
  const changed =
    (await changedMaterially(db, pair.snapshot_a as unknown as ProjectSnapshot, now.get(a)!)) ||
    (await changedMaterially(db, pair.snapshot_b as unknown as ProjectSnapshot, now.get(b)!));
  if (changed) status = "candidate";
  await db
    .updateTable("duplicate_pairs")
    // A reopening raises the version: a decision made on the page before it is stale.
    .set((eb) => ({
      score: score.toFixed(4),
      reasons: JSON.stringify(reasons),
      status,
      updated_at: new Date(),
      ...(changed ? { detected_at: new Date(), version: eb("version", "+", 1) } : {}),
    }))
    .where("id", "=", pair.id)
    .execute();
  return changed;
}

const InsertedPair = z.object({ id: column.int }) satisfies z.ZodType<Pick<Selectable<DuplicatePairsTable>, "id">>;

async function insertPairs(db: Db, inserts: PendingPair[]): Promise<void> {
  const found = await rawRows(
    db,
    "duplicates.insertPairs",
    InsertedPair,
    sql`
    INSERT INTO duplicate_pairs (project_a_id, project_b_id, score, reasons)
    SELECT a, b, s, r::jsonb
    FROM unnest(
      ${inserts.map((r) => r.a)}::int[],
      ${inserts.map((r) => r.b)}::int[],
      ${inserts.map((r) => r.score)}::numeric[],
      ${inserts.map((r) => r.reasons)}::text[]
    ) AS t(a, b, s, r)
    ON CONFLICT (project_a_id, project_b_id)
    DO UPDATE SET score = excluded.score, reasons = excluded.reasons, updated_at = now()
    RETURNING id`,
  );
  await notify(db, { type: "duplicate.found", pairIds: found.map((r) => r.id) });
}

async function refreshPairs(db: Db, refreshes: Array<{ id: number; score: string; reasons: string }>): Promise<void> {
  await sql`
    UPDATE duplicate_pairs d SET score = t.s, reasons = t.r::jsonb, updated_at = now()
    FROM unnest(
      ${refreshes.map((r) => r.id)}::int[],
      ${refreshes.map((r) => r.score)}::numeric[],
      ${refreshes.map((r) => r.reasons)}::text[]
    ) AS t(id, s, r)
    WHERE d.id = t.id`.execute(db);
}
