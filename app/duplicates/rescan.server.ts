// The full rescan, set-based. Rather than one scanProject per project, it reads every project once
// (its classifications, its period and its stored trigram set, see 0009_duplicate_speed), pairs
// the projects of each country that share a pillar or capacity area and whose periods overlap,
// counts their shared trigrams in memory (exactly pg_trgm's similarity, see trigrams.ts), and writes
// the result in bulk. The end state is the one that scanProject on every project, one by one,
// would leave (the integration tests check it on a hand-made and on a generated set).
import { sql, type Kysely } from "kysely";
import type { Database, DuplicateStatus } from "../../db/schema";
import { changedMaterially, projectSnapshots, type ScanResult } from "./detect.server";
import { isCandidate, scorePair, TEXT_SIMILARITY_THRESHOLD, type PairFacts, type ProjectSnapshot } from "./score";
import { sharedNeeded, similarityOf } from "./trigrams";

const LOAD_CHUNK = 10_000;
const WRITE_CHUNK = 20_000;
/** Write batches in flight at once (each on its own pooled connection on a server). */
const WRITERS = 2;

interface Projects {
  n: number;
  ids: Int32Array;
  /** Days since 1970 (ends: the largest int when open). */
  start: Int32Array;
  end: Int32Array;
  startText: string[];
  endText: Array<string | null>;
  countries: string[][];
  pillars: string[][];
  areas: string[][];
  /** Trigram sets as dense ids (ascending within a project), project i at [off[i], off[i + 1]). */
  off: Int32Array;
  tri: Int32Array;
  dictionarySize: number;
  /** Bit sets over countries and over pillars and capacity areas, cw and tw words per project. */
  cw: number;
  cmask: Uint32Array;
  tw: number;
  tmask: Uint32Array;
  /** The projects of each country, ascending. */
  byCountry: Int32Array[];
}

const OPEN_END = 2 ** 31 - 1;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

async function loadProjects(db: Kysely<Database>): Promise<Projects> {
  const ids: number[] = [];
  const startText: string[] = [];
  const endText: Array<string | null> = [];
  const countries: string[][] = [];
  const pillars: string[][] = [];
  const areas: string[][] = [];
  const sets: Uint8Array[] = [];
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; start: string; end: string | null; countries: string[]; pillars: string[]; areas: string[]; trigrams: Buffer }>`
      SELECT p.id, p.start_date::text AS start, p.end_date::text AS "end",
             ARRAY(SELECT x.country_iso3::text FROM project_countries x WHERE x.project_id = p.id ORDER BY 1) AS countries,
             ARRAY(SELECT x.pillar_code FROM project_pillars x WHERE x.project_id = p.id ORDER BY 1) AS pillars,
             ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x WHERE x.project_id = p.id ORDER BY 1) AS areas,
             coalesce(t.trigrams, dup_trigram_set(p.title || ' ' || p.summary)) AS trigrams
      FROM projects p LEFT JOIN project_dup_trigrams t ON t.project_id = p.id
      WHERE p.status <> 'cancelled' AND p.id > ${after}
      ORDER BY p.id
      LIMIT ${LOAD_CHUNK}`.execute(db);
    for (const r of rows) {
      ids.push(r.id);
      startText.push(r.start);
      endText.push(r.end);
      countries.push(r.countries.map((c) => c.trim()));
      pillars.push(r.pillars);
      areas.push(r.areas);
      sets.push(r.trigrams);
    }
    if (rows.length < LOAD_CHUNK) break;
    after = rows[rows.length - 1].id;
  }
  const n = ids.length;

  // Trigrams (24-bit) to dense ids, in trigram order, so that a project's ids stay ascending.
  const seen = new Uint8Array(1 << 24);
  let total = 0;
  for (const s of sets) {
    total += s.length / 3;
    for (let k = 0; k < s.length; k += 3) seen[(s[k] << 16) | (s[k + 1] << 8) | s[k + 2]] = 1;
  }
  const dense = new Int32Array(1 << 24);
  let dictionarySize = 0;
  for (let t = 0; t < seen.length; t++) if (seen[t]) dense[t] = dictionarySize++;
  const off = new Int32Array(n + 1);
  const tri = new Int32Array(total);
  for (let i = 0, o = 0; i < n; i++) {
    off[i] = o;
    const s = sets[i];
    for (let k = 0; k < s.length; k += 3) tri[o++] = dense[(s[k] << 16) | (s[k + 1] << 8) | s[k + 2]];
    off[i + 1] = o;
  }

  const countryIndex = new Map<string, number>();
  const themeIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    for (const c of countries[i]) if (!countryIndex.has(c)) countryIndex.set(c, countryIndex.size);
    for (const p of pillars[i]) if (!themeIndex.has(`P${p}`)) themeIndex.set(`P${p}`, themeIndex.size);
    for (const a of areas[i]) if (!themeIndex.has(`A${a}`)) themeIndex.set(`A${a}`, themeIndex.size);
  }
  const cw = Math.max(1, Math.ceil(countryIndex.size / 32));
  const tw = Math.max(1, Math.ceil(themeIndex.size / 32));
  const cmask = new Uint32Array(n * cw);
  const tmask = new Uint32Array(n * tw);
  const members: number[][] = [...countryIndex.keys()].map(() => []);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = dayNumber(startText[i]);
    end[i] = endText[i] === null ? OPEN_END : dayNumber(endText[i]!);
    for (const c of countries[i]) {
      const b = countryIndex.get(c)!;
      cmask[i * cw + (b >>> 5)] |= 1 << (b & 31);
      members[b].push(i);
    }
    for (const key of [...pillars[i].map((p) => `P${p}`), ...areas[i].map((a) => `A${a}`)]) {
      const b = themeIndex.get(key)!;
      tmask[i * tw + (b >>> 5)] |= 1 << (b & 31);
    }
  }
  return {
    n,
    ids: Int32Array.from(ids),
    start,
    end,
    startText,
    endText,
    countries,
    pillars,
    areas,
    off,
    tri,
    dictionarySize,
    cw,
    cmask,
    tw,
    tmask,
    byCountry: members.map((m) => Int32Array.from(m)),
  };
}

/** A growable list of similar pairs (project indexes and similarity). */
class PairList {
  i = new Int32Array(1 << 16);
  j = new Int32Array(1 << 16);
  s = new Float64Array(1 << 16);
  length = 0;
  push(i: number, j: number, s: number) {
    if (this.length === this.i.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.i = grow(this.i);
      this.j = grow(this.j);
      this.s = grow(this.s);
    }
    this.i[this.length] = i;
    this.j[this.length] = j;
    this.s[this.length] = s;
    this.length++;
  }
}

/**
 * The pairs of one block row: project `i` against the later projects of country `country` (block
 * position `from` on), each pair counted in the first country the two share.
 */
function similarPairsOf(P: Projects, country: number, block: Int32Array, from: number, member: Uint8Array, out: PairList) {
  const { cw, cmask, tw, tmask, start, end, off, tri } = P;
  const i = block[from];
  const cWord = country >>> 5;
  const below = (1 << (country & 31)) - 1;
  const aFrom = off[i];
  const la = off[i + 1] - aFrom;
  if (la === 0) return;
  for (let k = aFrom; k < aFrom + la; k++) member[tri[k]] = 1;
  const si = start[i];
  const ei = end[i];
  for (let x = from + 1; x < block.length; x++) {
    const j = block[x];
    // Periods overlap, both ends included.
    if (start[j] > ei || end[j] < si) continue;
    // A shared pillar or capacity area.
    let themes = 0;
    for (let w = 0; w < tw; w++) themes |= tmask[i * tw + w] & tmask[j * tw + w];
    if (themes === 0) continue;
    // Not already counted in an earlier shared country.
    let earlier = (cmask[i * cw + cWord] & cmask[j * cw + cWord] & below) !== 0;
    for (let w = 0; w < cWord && !earlier; w++) earlier = (cmask[i * cw + w] & cmask[j * cw + w]) !== 0;
    if (earlier) continue;
    // Shared trigrams (branch-free), stopping once the threshold is out of reach.
    const bFrom = off[j];
    const lb = off[j + 1] - bFrom;
    const needed = sharedNeeded(la, lb, TEXT_SIMILARITY_THRESHOLD);
    if (lb === 0 || needed > la || needed > lb) continue;
    let shared = 0;
    let y = bFrom;
    const bEnd = bFrom + lb;
    while (y < bEnd) {
      const stop = y + 32 < bEnd ? y + 32 : bEnd;
      for (; y < stop; y++) shared += member[tri[y]];
      if (shared + (bEnd - y) < needed) break;
    }
    if (y < bEnd) continue;
    const s = similarityOf(shared, la, lb);
    if (s >= TEXT_SIMILARITY_THRESHOLD) out.push(i, j, s);
  }
  for (let k = aFrom; k < aFrom + la; k++) member[tri[k]] = 0;
}

function factsOf(P: Projects, i: number, j: number, textSimilarity: number): PairFacts {
  const shared = (mine: string[], theirs: string[]) => (theirs.length ? mine.filter((v) => theirs.includes(v)) : []);
  const si = P.startText[i];
  const sj = P.startText[j];
  const ei = P.endText[i];
  const ej = P.endText[j];
  return {
    textSimilarity,
    sharedCountries: shared(P.countries[j], P.countries[i]),
    countriesA: P.countries[i].length,
    countriesB: P.countries[j].length,
    sharedPillars: shared(P.pillars[j], P.pillars[i]),
    sharedAreas: shared(P.areas[j], P.areas[i]),
    pillarsAndAreasA: P.pillars[i].length + P.areas[i].length,
    pillarsAndAreasB: P.pillars[j].length + P.areas[j].length,
    overlapFrom: si > sj ? si : sj,
    overlapTo: ei === null && ej === null ? null : ei === null ? ej : ej === null ? ei : ei < ej ? ei : ej,
  };
}

interface Row {
  a: number;
  b: number;
  score: string;
  reasons: string;
}

/** New candidates inserted, open ones refreshed when they changed; a pair decided meanwhile keeps its decision. */
async function upsertCandidates(db: Kysely<Database>, rows: Row[]): Promise<void> {
  rows.sort((x, y) => x.a - y.a || x.b - y.b);
  await sql`
    INSERT INTO duplicate_pairs (project_a_id, project_b_id, score, reasons)
    SELECT a, b, s, r::jsonb
    FROM unnest(${rows.map((r) => r.a)}::int[], ${rows.map((r) => r.b)}::int[], ${rows.map((r) => r.score)}::numeric[], ${rows.map((r) => r.reasons)}::text[]) AS t(a, b, s, r)
    ON CONFLICT (project_a_id, project_b_id) DO UPDATE
      SET score = excluded.score, reasons = excluded.reasons, updated_at = now()
      WHERE duplicate_pairs.status = 'candidate'
        AND (duplicate_pairs.score <> excluded.score OR duplicate_pairs.reasons <> excluded.reasons)`.execute(db);
}

interface ExistingPair {
  id: number;
  status: DuplicateStatus;
}

async function loadExistingPairs(db: Kysely<Database>, key: (a: number, b: number) => number | string) {
  const open = new Map<number | string, number>();
  const decided = new Map<number | string, ExistingPair>();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("duplicate_pairs")
      .select(["id", "project_a_id", "project_b_id", "status"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(100_000)
      .execute();
    for (const d of rows) {
      if (d.status === "candidate") open.set(key(d.project_a_id, d.project_b_id), d.id);
      else decided.set(key(d.project_a_id, d.project_b_id), { id: d.id, status: d.status });
    }
    if (rows.length < 100_000) break;
    after = rows[rows.length - 1].id;
  }
  return { open, decided };
}

/** Rescans every project (the command-line rescan), reporting progress. */
export async function rescanAll(db: Kysely<Database>, onProgress?: (done: number, total: number) => void): Promise<ScanResult> {
  const t0 = performance.now();
  // RESCAN_DEBUG=1: the time each phase took, on stderr.
  const debug = (what: string) => process.env.RESCAN_DEBUG && console.error(`[rescan] ${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const P = await loadProjects(db);
  const n = P.n;
  let reported = -1;
  const progress = (done: number) => {
    if (onProgress && done > reported) onProgress((reported = done), n);
  };
  debug(`loaded ${n} projects, ${P.dictionarySize} trigrams`);
  progress(0);
  let maxId = 0;
  for (let i = 0; i < n; i++) if (P.ids[i] > maxId) maxId = P.ids[i];
  const key = maxId < 2 ** 26 ? (a: number, b: number) => a * 2 ** 26 + b : (a: number, b: number) => `${a}:${b}`;
  const { open, decided } = await loadExistingPairs(db, key);
  debug(`existing pairs: ${open.size} open, ${decided.size} decided`);
  const decidedQualifying: Array<{ pair: ExistingPair; a: number; b: number; score: string; reasons: string }> = [];

  // Block rows: (country, position in its block), the work unit; progress counts them.
  const blockRows = P.byCountry.reduce((sum, b) => sum + b.length, 0);
  let rowsDone = 0;
  let candidates = 0;
  const member = new Uint8Array(P.dictionarySize);
  const pairs = new PairList();
  const inFlight: Array<Promise<void>> = [];
  const flush = async (rowsSoFar: number) => {
    const rows: Row[] = [];
    for (let k = 0; k < pairs.length; k++) {
      const i = pairs.i[k];
      const j = pairs.j[k];
      const facts = factsOf(P, i, j, pairs.s[k]);
      if (!isCandidate(facts)) continue;
      candidates++;
      const { score, reasons } = scorePair(facts);
      const a = Math.min(P.ids[i], P.ids[j]);
      const b = Math.max(P.ids[i], P.ids[j]);
      const row = { a, b, score: score.toFixed(4), reasons: JSON.stringify(reasons) };
      const k2 = key(a, b);
      const pair = decided.get(k2);
      if (pair) decidedQualifying.push({ pair, ...row });
      else {
        open.delete(k2);
        rows.push(row);
      }
    }
    pairs.length = 0;
    if (inFlight.length >= WRITERS) await inFlight.shift();
    if (rows.length) {
      inFlight.push(
        upsertCandidates(db, rows).then(() => {
          progress(Math.min(n - 1, Math.floor((n * rowsSoFar) / Math.max(1, blockRows))));
        }),
      );
      // Let the batch go out before computing on.
      await new Promise((resolve) => setImmediate(resolve));
    } else progress(Math.min(n - 1, Math.floor((n * rowsSoFar) / Math.max(1, blockRows))));
  };

  for (let c = 0; c < P.byCountry.length; c++) {
    const block = P.byCountry[c];
    for (let x = 0; x < block.length; x++) {
      similarPairsOf(P, c, block, x, member, pairs);
      rowsDone++;
      if (pairs.length >= WRITE_CHUNK) await flush(rowsDone);
    }
  }
  await flush(rowsDone);
  debug(`computed ${candidates} pairs`);
  await Promise.all(inFlight);
  debug("written");

  // Decided pairs that still qualify: refreshed, and reopened only after a material change.
  let reopened = 0;
  const snapshotsById = new Map<number, { snapshot_a: unknown; snapshot_b: unknown }>();
  const decidedIds = decidedQualifying.map((d) => d.pair.id);
  for (let i = 0; i < decidedIds.length; i += 1000) {
    for (const r of await db.selectFrom("duplicate_pairs").select(["id", "snapshot_a", "snapshot_b"]).where("id", "in", decidedIds.slice(i, i + 1000)).execute()) {
      snapshotsById.set(r.id, r);
    }
  }
  const projectIds = [...new Set(decidedQualifying.flatMap((d) => [d.a, d.b]))];
  const now = new Map<number, ProjectSnapshot>();
  for (let i = 0; i < projectIds.length; i += 1000) for (const [k, v] of await projectSnapshots(db, projectIds.slice(i, i + 1000))) now.set(k, v);
  for (const d of decidedQualifying) {
    const before = snapshotsById.get(d.pair.id);
    if (!before) continue;
    const changed =
      (await changedMaterially(db, before.snapshot_a as ProjectSnapshot, now.get(d.a)!)) ||
      (await changedMaterially(db, before.snapshot_b as ProjectSnapshot, now.get(d.b)!));
    if (changed) reopened += 1;
    await db
      .updateTable("duplicate_pairs")
      .set({ score: d.score, reasons: d.reasons, updated_at: new Date(), ...(changed ? { status: "candidate" as const, detected_at: new Date() } : {}) })
      .where("id", "=", d.pair.id)
      .execute();
  }

  // Open candidates that no longer meet the rule disappear (left alone only when both projects are
  // cancelled: scanProject never looks at a cancelled project); decisions are kept.
  const gone = [...open.values()];
  for (let i = 0; i < gone.length; i += 10_000) {
    await sql`
      DELETE FROM duplicate_pairs d
      WHERE d.id = ANY(${gone.slice(i, i + 10_000)}::int[]) AND d.status = 'candidate'
        AND EXISTS (SELECT 1 FROM projects x WHERE x.id IN (d.project_a_id, d.project_b_id) AND x.status <> 'cancelled')`.execute(db);
  }
  progress(n);
  return { candidates, reopened };
}
