import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, DuplicateStatus } from "../../db/schema";
import { isCandidate, MATERIAL_TEXT_SIMILARITY, TEXT_SIMILARITY_THRESHOLD, scorePair, structureChanged, type PairFacts, type ProjectSnapshot } from "./score";

type Db = Kysely<Database> | Transaction<Database>;

interface FactsRow {
  other_id: number;
  text_similarity: number;
  shared_countries: string[];
  countries_a: string;
  countries_b: string;
  shared_pillars: string[];
  shared_areas: string[];
  themes_a: string;
  themes_b: string;
  overlap_from: string;
  overlap_to: string | null;
}

/** The projects that share a country and a pillar or area with this one, with overlapping periods, and the facts of each pair. */
async function pairFacts(db: Db, projectId: number): Promise<Array<PairFacts & { otherId: number }>> {
  // The text similarity is pg_trgm's similarity(), computed from the stored trigrams
  // (project_dup_trigrams) and only for the pairs that pass the cheap conditions; the rest of the
  // facts only for the pairs similar enough.
  const { rows } = await sql<FactsRow>`
    WITH p AS (
      SELECT pr.id, pr.start_date, pr.end_date, t.trigrams, icount(t.trigrams) AS n
      FROM projects pr JOIN project_dup_trigrams t ON t.project_id = pr.id WHERE pr.id = ${projectId}
    ),
    pc AS (SELECT country_iso3 FROM project_countries WHERE project_id = ${projectId}),
    pp AS (SELECT pillar_code FROM project_pillars WHERE project_id = ${projectId}),
    pa AS (SELECT capacity_area_code FROM project_capacity_areas WHERE project_id = ${projectId}),
    candidates AS (
      SELECT DISTINCT qc.project_id AS id
      FROM project_countries qc
      WHERE qc.country_iso3 IN (SELECT country_iso3 FROM pc) AND qc.project_id <> ${projectId}
    ),
    compared AS (
      SELECT q.id, q.start_date, q.end_date, p.n AS n_a, icount(t.trigrams) AS n_b, icount(p.trigrams & t.trigrams) AS shared
      FROM candidates c
      JOIN projects q ON q.id = c.id
      JOIN project_dup_trigrams t ON t.project_id = q.id
      CROSS JOIN p
      WHERE q.status <> 'cancelled'
        AND q.start_date <= coalesce(p.end_date, 'infinity'::date)
        AND coalesce(q.end_date, 'infinity'::date) >= p.start_date
        AND (EXISTS (SELECT 1 FROM project_pillars x WHERE x.project_id = q.id AND x.pillar_code IN (SELECT pillar_code FROM pp))
             OR EXISTS (SELECT 1 FROM project_capacity_areas x WHERE x.project_id = q.id AND x.capacity_area_code IN (SELECT capacity_area_code FROM pa)))
    ),
    scored AS (
      SELECT c.*, CASE WHEN c.n_a = 0 OR c.n_b = 0 THEN 0::float8 ELSE (c.shared::float4 / (c.n_a + c.n_b - c.shared)::float4)::float8 END AS text_similarity
      FROM compared c
    )
    SELECT q.id AS other_id,
           q.text_similarity,
           ARRAY(SELECT x.country_iso3::text FROM project_countries x WHERE x.project_id = q.id AND x.country_iso3 IN (SELECT country_iso3 FROM pc) ORDER BY 1) AS shared_countries,
           (SELECT count(*) FROM pc) AS countries_a,
           (SELECT count(*) FROM project_countries x WHERE x.project_id = q.id) AS countries_b,
           ARRAY(SELECT x.pillar_code FROM project_pillars x WHERE x.project_id = q.id AND x.pillar_code IN (SELECT pillar_code FROM pp) ORDER BY 1) AS shared_pillars,
           ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x WHERE x.project_id = q.id AND x.capacity_area_code IN (SELECT capacity_area_code FROM pa) ORDER BY 1) AS shared_areas,
           (SELECT count(*) FROM pp) + (SELECT count(*) FROM pa) AS themes_a,
           (SELECT count(*) FROM project_pillars x WHERE x.project_id = q.id) + (SELECT count(*) FROM project_capacity_areas x WHERE x.project_id = q.id) AS themes_b,
           GREATEST(p.start_date, q.start_date)::text AS overlap_from,
           CASE WHEN p.end_date IS NULL AND q.end_date IS NULL THEN NULL
                ELSE LEAST(coalesce(p.end_date, q.end_date), coalesce(q.end_date, p.end_date))::text END AS overlap_to
    FROM scored q
    CROSS JOIN p
    WHERE q.text_similarity >= ${TEXT_SIMILARITY_THRESHOLD}::float8`.execute(db);
  return rows.map((r) => ({
    otherId: r.other_id,
    textSimilarity: Number(r.text_similarity),
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
    db.selectFrom("projects").select(["id", "title", "summary", "start_date", "end_date"]).where("id", "in", ids).execute(),
    db.selectFrom("project_countries").select(["project_id", "country_iso3"]).where("project_id", "in", ids).orderBy("country_iso3").execute(),
    db.selectFrom("project_pillars").select(["project_id", "pillar_code"]).where("project_id", "in", ids).orderBy("pillar_code").execute(),
    db.selectFrom("project_capacity_areas").select(["project_id", "capacity_area_code"]).where("project_id", "in", ids).orderBy("capacity_area_code").execute(),
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

/** Whether a decided pair's projects changed materially since the decision. */
async function changedMaterially(db: Db, before: ProjectSnapshot, now: ProjectSnapshot): Promise<boolean> {
  if (structureChanged(before, now)) return true;
  if (before.text === now.text) return false;
  const { rows } = await sql<{ s: number }>`SELECT similarity(${before.text}, ${now.text})::float8 AS s`.execute(db);
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
  const project = await db.selectFrom("projects").select(["status"]).where("id", "=", projectId).executeTakeFirst();
  const facts = project && project.status !== "cancelled" ? (await pairFacts(db, projectId)).filter(isCandidate) : [];
  const existing = await db
    .selectFrom("duplicate_pairs")
    .selectAll()
    .where((eb) => eb.or([eb("project_a_id", "=", projectId), eb("project_b_id", "=", projectId)]))
    .execute();
  const byOther = new Map(existing.map((e) => [e.project_a_id === projectId ? e.project_b_id : e.project_a_id, e]));
  const stillCandidates = new Set<number>();
  let reopened = 0;

  for (const f of facts) {
    stillCandidates.add(f.otherId);
    const { score, reasons } = scorePair(f);
    const [a, b] = projectId < f.otherId ? [projectId, f.otherId] : [f.otherId, projectId];
    const pair = byOther.get(f.otherId);
    if (!pair) {
      await db
        .insertInto("duplicate_pairs")
        .values({ project_a_id: a, project_b_id: b, score: score.toFixed(4), reasons: JSON.stringify(reasons) })
        .onConflict((oc) => oc.columns(["project_a_id", "project_b_id"]).doUpdateSet({ score: score.toFixed(4), reasons: JSON.stringify(reasons), updated_at: new Date() }))
        .execute();
      continue;
    }
    let status: DuplicateStatus = pair.status;
    if (pair.status !== "candidate") {
      const now = await projectSnapshots(db, [a, b]);
      const changed =
        (await changedMaterially(db, pair.snapshot_a as unknown as ProjectSnapshot, now.get(a)!)) ||
        (await changedMaterially(db, pair.snapshot_b as unknown as ProjectSnapshot, now.get(b)!));
      if (changed) {
        status = "candidate";
        reopened += 1;
      }
    }
    await db
      .updateTable("duplicate_pairs")
      .set({ score: score.toFixed(4), reasons: JSON.stringify(reasons), status, updated_at: new Date(), ...(status === "candidate" && pair.status !== "candidate" ? { detected_at: new Date() } : {}) })
      .where("id", "=", pair.id)
      .execute();
  }

  // Open candidates that no longer meet the rule disappear; decisions are kept.
  const gone = existing.filter((e) => e.status === "candidate" && !stillCandidates.has(e.project_a_id === projectId ? e.project_b_id : e.project_a_id));
  if (gone.length) await db.deleteFrom("duplicate_pairs").where("id", "in", gone.map((g) => g.id)).execute();
  return { candidates: facts.length, reopened };
}

// ---------------------------------------------------------------------------------------------
// The full rescan, set-based. Rather than one scanProject per project (tens of thousands of
// similarity() calls each), it reads every project once (its trigrams as pg_trgm extracts them,
// via show_trgm), pairs projects that share a country and a pillar or capacity area, computes
// the trigram similarity of each such pair in memory exactly as pg_trgm does (shared trigrams
// over the union, in single precision), and writes the result in bulk. The end state is the one
// that scanProject on every project would leave (the integration tests check it).

interface ScanProjectRow {
  id: number;
  start: string;
  end: string | null;
  countries: string[];
  pillars: string[];
  areas: string[];
  trigrams: Int32Array;
}

const LOAD_CHUNK = 5000;
const WRITE_CHUNK = 5000;

async function loadProjectsForScan(db: Kysely<Database>): Promise<ScanProjectRow[]> {
  const dictionary = new Map<string, number>();
  const out: ScanProjectRow[] = [];
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; start: string; end: string | null; countries: string[]; pillars: string[]; areas: string[]; trigrams: string }>`
      SELECT p.id, p.start_date::text AS start, p.end_date::text AS "end",
             ARRAY(SELECT x.country_iso3::text FROM project_countries x WHERE x.project_id = p.id ORDER BY 1) AS countries,
             ARRAY(SELECT x.pillar_code FROM project_pillars x WHERE x.project_id = p.id ORDER BY 1) AS pillars,
             ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x WHERE x.project_id = p.id ORDER BY 1) AS areas,
             array_to_string(show_trgm(p.title || ' ' || p.summary), chr(1)) AS trigrams
      FROM projects p
      WHERE p.status <> 'cancelled' AND p.id > ${after}
      ORDER BY p.id
      LIMIT ${LOAD_CHUNK}`.execute(db);
    for (const r of rows) {
      const parts = r.trigrams === "" ? [] : r.trigrams.split("\u0001");
      const ids = new Int32Array(parts.length);
      for (let i = 0; i < parts.length; i++) {
        let t = dictionary.get(parts[i]);
        if (t === undefined) dictionary.set(parts[i], (t = dictionary.size));
        ids[i] = t;
      }
      out.push({ id: r.id, start: r.start, end: r.end, countries: r.countries.map((c) => c.trim()), pillars: r.pillars, areas: r.areas, trigrams: ids });
    }
    if (rows.length < LOAD_CHUNK) break;
    after = rows[rows.length - 1].id;
  }
  return out;
}

interface PendingPair {
  a: number;
  b: number;
  score: string;
  reasons: string;
}

/** Rescans every project (the command-line rescan), reporting progress. */
export async function rescanAll(db: Kysely<Database>, onProgress?: (done: number, total: number) => void): Promise<ScanResult> {
  const projects = await loadProjectsForScan(db);
  const n = projects.length;

  // Blocks: the projects of each (country, pillar) and (country, capacity area), in project order.
  const blocks = new Map<string, number[]>();
  const keysOf: string[][] = projects.map((p, i) => {
    const keys: string[] = [];
    for (const c of p.countries) {
      for (const pl of p.pillars) keys.push(`${c}\u0001P${pl}`);
      for (const ar of p.areas) keys.push(`${c}\u0001A${ar}`);
    }
    for (const k of keys) {
      let list = blocks.get(k);
      if (!list) blocks.set(k, (list = []));
      list.push(i);
    }
    return keys;
  });
  // Where each project sits in each of its blocks, to visit only the later projects.
  const blockLists = keysOf.map((keys) => keys.map((k) => blocks.get(k)!));

  // Existing pairs: decided ones may reopen; open ones that no longer qualify go.
  const pairKey = (a: number, b: number) => a * 2 ** 26 + b;
  const decided = new Map<number, { id: number; status: DuplicateStatus; snapshot_a: unknown; snapshot_b: unknown }>();
  const open = new Map<number, number>();
  for (const d of await db.selectFrom("duplicate_pairs").select(["id", "project_a_id", "project_b_id", "status"]).execute()) {
    if (d.status === "candidate") open.set(pairKey(d.project_a_id, d.project_b_id), d.id);
    else decided.set(pairKey(d.project_a_id, d.project_b_id), { id: d.id, status: d.status, snapshot_a: null, snapshot_b: null });
  }
  const decidedQualifying: Array<{ pair: { id: number; status: DuplicateStatus; snapshot_a: unknown; snapshot_b: unknown }; a: number; b: number; score: string; reasons: string }> = [];

  let maxTrigram = 0;
  for (const p of projects) for (const t of p.trigrams) if (t > maxTrigram) maxTrigram = t;
  const mark = new Int32Array(maxTrigram + 1).fill(-1);
  const seen = new Int32Array(n).fill(-1);

  let pending: PendingPair[] = [];
  let writing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    const batch = pending;
    pending = [];
    await writing;
    if (batch.length) writing = upsertCandidates(db, batch);
  };

  let candidates = 0;
  for (let i = 0; i < n; i++) {
    const p = projects[i];
    const ta = p.trigrams;
    for (const t of ta) mark[t] = i;
    const la = ta.length;
    const pEnd = p.end ?? "9999-12-31";
    for (const list of blockLists[i]) {
      // The block is in project order: start after this project.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid] <= i) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < list.length; k++) {
        const j = list[k];
        if (seen[j] === i) continue;
        seen[j] = i;
        const q = projects[j];
        // Periods overlap, both ends included; no end runs on indefinitely.
        if (q.start > pEnd || (q.end !== null && q.end < p.start)) continue;
        const tb = q.trigrams;
        const lb = tb.length;
        if (la === 0 || lb === 0) continue;
        // Enough shared trigrams for the threshold: common / (la + lb - common) >= threshold.
        // common / (la + lb - common) >= threshold needs common >= threshold * (la + lb) / (1 + threshold):
        // stop counting once the trigrams left cannot get there (only a bound; the test below decides).
        const needed = Math.floor((TEXT_SIMILARITY_THRESHOLD * (la + lb)) / (1 + TEXT_SIMILARITY_THRESHOLD)) - 1;
        let common = 0;
        let x = 0;
        for (; x < lb; x++) {
          if (mark[tb[x]] === i) common++;
          else if (common + (lb - x - 1) < needed) break;
        }
        if (x < lb) continue;
        const similarity = Math.fround(Math.fround(common) / Math.fround(la + lb - common));
        const facts = pairFactsInMemory(p, q, similarity);
        if (!isCandidate(facts)) continue;
        candidates++;
        const { score, reasons } = scorePair(facts);
        const [a, b] = p.id < q.id ? [p.id, q.id] : [q.id, p.id];
        const row = { a, b, score: score.toFixed(4), reasons: JSON.stringify(reasons) };
        const key = pairKey(a, b);
        const pair = decided.get(key);
        if (pair) decidedQualifying.push({ pair, ...row });
        else {
          open.delete(key);
          pending.push(row);
        }
      }
    }
    if (pending.length >= WRITE_CHUNK) await flush();
    if (onProgress && (i % 1000 === 0 || i === n - 1)) onProgress(i + 1, n);
  }
  await flush();
  await writing;

  // Decided pairs that still qualify: refreshed, and reopened only after a material change.
  let reopened = 0;
  const byPairId = new Map(decidedQualifying.map((d) => [d.pair.id, d]));
  const decidedIds = [...byPairId.keys()];
  for (let i = 0; i < decidedIds.length; i += 1000) {
    for (const r of await db.selectFrom("duplicate_pairs").select(["id", "snapshot_a", "snapshot_b"]).where("id", "in", decidedIds.slice(i, i + 1000)).execute()) {
      const d = byPairId.get(r.id)!;
      d.pair.snapshot_a = r.snapshot_a;
      d.pair.snapshot_b = r.snapshot_b;
    }
  }
  const snapshots = await projectSnapshotsInChunks(db, [...new Set(decidedQualifying.flatMap((d) => [d.a, d.b]))]);
  for (const d of decidedQualifying) {
    const changed =
      (await changedMaterially(db, d.pair.snapshot_a as ProjectSnapshot, snapshots.get(d.a)!)) ||
      (await changedMaterially(db, d.pair.snapshot_b as ProjectSnapshot, snapshots.get(d.b)!));
    if (changed) reopened += 1;
    await db
      .updateTable("duplicate_pairs")
      .set({ score: d.score, reasons: d.reasons, updated_at: new Date(), ...(changed ? { status: "candidate" as const, detected_at: new Date() } : {}) })
      .where("id", "=", d.pair.id)
      .execute();
  }

  // Open candidates that no longer meet the rule disappear (a pair is left alone only when both
  // its projects are cancelled, as scanProject never looks at cancelled projects); decisions are kept.
  const gone = [...open.values()];
  for (let i = 0; i < gone.length; i += 10000) {
    await sql`
      DELETE FROM duplicate_pairs d
      WHERE d.id = ANY(${gone.slice(i, i + 10000)}::int[]) AND d.status = 'candidate'
        AND EXISTS (SELECT 1 FROM projects x WHERE x.id IN (d.project_a_id, d.project_b_id) AND x.status <> 'cancelled')`.execute(db);
  }
  return { candidates, reopened };
}

function pairFactsInMemory(p: ScanProjectRow, q: ScanProjectRow, textSimilarity: number): PairFacts {
  const shared = (mine: string[], theirs: string[]) => (theirs.length ? mine.filter((v) => theirs.includes(v)) : []);
  const overlapFrom = p.start > q.start ? p.start : q.start;
  const overlapTo = p.end === null && q.end === null ? null : p.end === null ? q.end : q.end === null ? p.end : p.end < q.end ? p.end : q.end;
  return {
    textSimilarity,
    sharedCountries: shared(q.countries, p.countries),
    countriesA: p.countries.length,
    countriesB: q.countries.length,
    sharedPillars: shared(q.pillars, p.pillars),
    sharedAreas: shared(q.areas, p.areas),
    pillarsAndAreasA: p.pillars.length + p.areas.length,
    pillarsAndAreasB: q.pillars.length + q.areas.length,
    overlapFrom,
    overlapTo,
  };
}

async function projectSnapshotsInChunks(db: Db, ids: number[]): Promise<Map<number, ProjectSnapshot>> {
  const out = new Map<number, ProjectSnapshot>();
  for (let i = 0; i < ids.length; i += 1000) for (const [k, v] of await projectSnapshots(db, ids.slice(i, i + 1000))) out.set(k, v);
  return out;
}

/** New candidates inserted, open ones refreshed; a pair decided meanwhile keeps its decision. */
async function upsertCandidates(db: Kysely<Database>, rows: PendingPair[]): Promise<void> {
  await sql`
    INSERT INTO duplicate_pairs (project_a_id, project_b_id, score, reasons)
    SELECT a, b, s, r::jsonb
    FROM unnest(${rows.map((r) => r.a)}::int[], ${rows.map((r) => r.b)}::int[], ${rows.map((r) => r.score)}::numeric[], ${rows.map((r) => r.reasons)}::text[]) AS t(a, b, s, r)
    ON CONFLICT (project_a_id, project_b_id) DO UPDATE
      SET score = excluded.score, reasons = excluded.reasons, updated_at = now()
      WHERE duplicate_pairs.status = 'candidate'`.execute(db);
}
