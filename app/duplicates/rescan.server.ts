// The full rescan, set-based. Rather than one scanProject per project, it reads every project once
// (its classifications, its period and its stored trigram set, see 0009_duplicate_speed), pairs
// the projects of each country that share a pillar or capacity area and whose periods overlap,
// counts their shared trigrams in memory (exactly pg_trgm's similarity, see trigrams.ts), and writes
// the result in bulk. The end state is the one that scanProject on every project, one by one,
// would leave (the integration tests check it on a hand-made and on a generated set).
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database, DuplicateStatus } from "../../db/schema";
import { changedMaterially, projectSnapshots, type ScanResult } from "./detect.server";
import { pairScore, reasonsAsJsonbText, shownSimilarity, TEXT_SIMILARITY_THRESHOLD, type ProjectSnapshot } from "./score";
import { sharedNeeded, similarityOf } from "./trigrams";

const LOAD_CHUNK = 10_000;
/** 1,024 bits (32 words) per project: the most frequent trigrams are most of every text's set. */
const FREQUENT_TRIGRAMS = 1024;
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
  /** How many countries, and pillars plus capacity areas, each project has. */
  countryCount: Uint16Array;
  themeCount: Uint16Array;
  /** Trigram set sizes. */
  len: Int32Array;
  /**
   * The trigram sets, split in two: the `frequent` most frequent trigrams (dense ids 0..frequent-1)
   * as bit sets of fw words per project, the others as a list of dense ids, project i at
   * [off[i], off[i + 1]). Shared trigrams = popcount(bits_i & bits_j) + shared rare ones.
   */
  fw: number;
  bits: Uint32Array;
  off: Int32Array;
  tri: Int32Array;
  dictionarySize: number;
  /**
   * Bit sets over countries and over pillars then capacity areas, cw and tw words per project. Bits
   * follow the database's order of the codes, so the shared ones come out in the order that
   * scanProject's ORDER BY gives them; countryCodes and themeCodes hold each bit's code.
   */
  countryCodes: string[];
  themeCodes: string[];
  /** Themes below this bit are pillars, the others capacity areas. */
  pillarBits: number;
  cw: number;
  cmask: Uint32Array;
  tw: number;
  tmask: Uint32Array;
  /** The projects of each country, ascending. */
  byCountry: Int32Array[];
}

const OPEN_END = 2 ** 31 - 1;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

async function loadProjects(db: Kysely<Database>, frequentTrigrams: number): Promise<Projects> {
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

  // Trigrams (24-bit) to dense ids, the most frequent first.
  const frequency = new Map<number, number>();
  for (const set of sets) {
    for (let k = 0; k < set.length; k += 3) {
      const t = (set[k] << 16) | (set[k + 1] << 8) | set[k + 2];
      frequency.set(t, (frequency.get(t) ?? 0) + 1);
    }
  }
  const dense = new Map([...frequency].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([t], id) => [t, id]));
  const dictionarySize = dense.size;
  const frequent = Math.min(dictionarySize, frequentTrigrams);
  const fw = Math.ceil(frequent / 32);
  const bits = new Uint32Array(n * fw);
  const len = new Int32Array(n);
  const off = new Int32Array(n + 1);
  const rare: number[] = [];
  for (let i = 0; i < n; i++) {
    const set = sets[i];
    len[i] = set.length / 3;
    off[i] = rare.length;
    for (let k = 0; k < set.length; k += 3) {
      const id = dense.get((set[k] << 16) | (set[k + 1] << 8) | set[k + 2])!;
      if (id < frequent) bits[i * fw + (id >>> 5)] |= 1 << (id & 31);
      else rare.push(id);
    }
  }
  off[n] = rare.length;
  const tri = Int32Array.from(rare);

  // Bit positions in the database's order of the codes (its collation, as scanProject's ORDER BY).
  const distinct = (lists: string[][]) => [...new Set(lists.flat())];
  const { rows: ordered } = await sql<{ countries: string[]; pillars: string[]; areas: string[] }>`
    SELECT ARRAY(SELECT c FROM unnest(${distinct(countries)}::text[]) c ORDER BY 1) AS countries,
           ARRAY(SELECT c FROM unnest(${distinct(pillars)}::text[]) c ORDER BY 1) AS pillars,
           ARRAY(SELECT c FROM unnest(${distinct(areas)}::text[]) c ORDER BY 1) AS areas`.execute(db);
  const countryIndex = new Map(ordered[0].countries.map((c, b) => [c, b]));
  const themeIndex = new Map([...ordered[0].pillars.map((c) => `P${c}`), ...ordered[0].areas.map((c) => `A${c}`)].map((c, b) => [c, b]));
  const cw = Math.max(1, Math.ceil(countryIndex.size / 32));
  const tw = Math.max(1, Math.ceil(themeIndex.size / 32));
  const cmask = new Uint32Array(n * cw);
  const tmask = new Uint32Array(n * tw);
  const countryCount = new Uint16Array(n);
  const themeCount = new Uint16Array(n);
  const members: number[][] = [...countryIndex.keys()].map(() => []);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = dayNumber(startText[i]);
    end[i] = endText[i] === null ? OPEN_END : dayNumber(endText[i]!);
    countryCount[i] = countries[i].length;
    themeCount[i] = pillars[i].length + areas[i].length;
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
    countryCount,
    themeCount,
    countryCodes: ordered[0].countries,
    themeCodes: [...ordered[0].pillars, ...ordered[0].areas],
    pillarBits: ordered[0].pillars.length,
    len,
    fw,
    bits,
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
  const { cw, cmask, tw, tmask, start, end, len, fw, bits, off, tri } = P;
  const i = block[from];
  const cWord = country >>> 5;
  const below = (1 << (country & 31)) - 1;
  const la = len[i];
  if (la === 0) return;
  const aFrom = off[i];
  const aRare = off[i + 1] - aFrom;
  for (let k = aFrom; k < aFrom + aRare; k++) member[tri[k]] = 1;
  const aBits = i * fw;
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
    const lb = len[j];
    const needed = sharedNeeded(la, lb, TEXT_SIMILARITY_THRESHOLD);
    if (lb === 0 || needed > la || needed > lb) continue;
    // Shared frequent trigrams: a popcount of the two bit sets.
    let shared = 0;
    const bBits = j * fw;
    for (let w = 0; w < fw; w++) {
      let v = bits[aBits + w] & bits[bBits + w];
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      shared += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    // Shared rare ones, stopping once the threshold is out of reach.
    const bFrom = off[j];
    const bEnd = off[j + 1];
    if (shared + Math.min(aRare, bEnd - bFrom) < needed) continue;
    let y = bFrom;
    while (y < bEnd) {
      const stop = y + 32 < bEnd ? y + 32 : bEnd;
      for (; y < stop; y++) shared += member[tri[y]];
      if (shared + (bEnd - y) < needed) break;
    }
    if (y < bEnd) continue;
    const s = similarityOf(shared, la, lb);
    if (s >= TEXT_SIMILARITY_THRESHOLD) out.push(i, j, s);
  }
  for (let k = aFrom; k < aFrom + aRare; k++) member[tri[k]] = 0;
}

/** The codes of the bits two bit sets share, in bit order, split at bit `split`. */
function sharedCodes(a: Uint32Array, ai: number, b: Uint32Array, bi: number, words: number, codes: string[], split: number, low: string[], high: string[]) {
  for (let w = 0; w < words; w++) {
    for (let v = a[ai + w] & b[bi + w]; v !== 0; v &= v - 1) {
      const bit = w * 32 + 31 - Math.clz32(v & -v);
      (bit < split ? low : high).push(codes[bit]);
    }
  }
}

/**
 * The score and the reasons (as jsonb text) that scorePair gives a similar pair, made from the bit
 * sets rather than from lists (a full rescan makes millions); null when the pair does not qualify.
 */
function scoredPair(P: Projects, i: number, j: number, textSimilarity: number): { score: string; reasons: string } | null {
  if (textSimilarity < TEXT_SIMILARITY_THRESHOLD) return null;
  const countries: string[] = [];
  sharedCodes(P.cmask, i * P.cw, P.cmask, j * P.cw, P.cw, P.countryCodes, Infinity, countries, countries);
  const pillars: string[] = [];
  const areas: string[] = [];
  sharedCodes(P.tmask, i * P.tw, P.tmask, j * P.tw, P.tw, P.themeCodes, P.pillarBits, pillars, areas);
  if (countries.length === 0 || pillars.length + areas.length === 0) return null;
  const score = pairScore({
    textSimilarity,
    sharedCountries: countries.length,
    countriesA: P.countryCount[i],
    countriesB: P.countryCount[j],
    sharedThemes: pillars.length + areas.length,
    themesA: P.themeCount[i],
    themesB: P.themeCount[j],
  });
  const si = P.startText[i];
  const sj = P.startText[j];
  const ei = P.endText[i];
  const ej = P.endText[j];
  const from = si > sj ? si : sj;
  const to = ei === null && ej === null ? null : ei === null ? ej : ej === null ? ei : ei < ej ? ei : ej;
  // In PostgreSQL's own text for this jsonb, so that a stored pair's md5(reasons::text) tells
  // whether the reasons changed (see loadExistingPairs).
  const reasons = reasonsAsJsonbText({ textSimilarity: shownSimilarity(textSimilarity), sharedCountries: countries, sharedPillars: pillars, sharedAreas: areas, overlap: { from, to } });
  return { score: score.toFixed(4), reasons };
}

/** Pairs to write, as columns, sent in key order (id when known, else (a, b): the pair index's). */
class PairRows {
  id: number[] = [];
  a: number[] = [];
  b: number[] = [];
  score: string[] = [];
  reasons: string[] = [];
  get length() {
    return this.a.length;
  }
  push(id: number, a: number, b: number, score: string, reasons: string) {
    this.id.push(id);
    this.a.push(a);
    this.b.push(b);
    this.score.push(score);
    this.reasons.push(reasons);
  }
  sorted() {
    const order = Array.from(this.a.keys()).sort((x, y) => this.id[x] - this.id[y] || this.a[x] - this.a[y] || this.b[x] - this.b[y]);
    const pick = <T>(column: T[]) => order.map((k) => column[k]);
    return { id: pick(this.id), a: pick(this.a), b: pick(this.b), score: pick(this.score), reasons: pick(this.reasons) };
  }
}

// The reasons travel as one JSON array rather than as a text[] of JSON strings: no quoting and
// unquoting of every string, which made up most of the cost of writing millions of pairs.
const asJsonArray = (reasons: string[]) => `[${reasons.join(",")}]`;

/** New candidates. A pair that a project's own scan inserted meanwhile is refreshed if still open, as below. */
async function insertCandidates(db: Kysely<Database>, rows: PairRows): Promise<void> {
  const { a, b, score, reasons } = rows.sorted();
  await sql`
    INSERT INTO duplicate_pairs (project_a_id, project_b_id, score, reasons)
    SELECT t.a, t.b, t.s, r.value
    FROM unnest(${a}::int[], ${b}::int[], ${score}::numeric[]) WITH ORDINALITY AS t(a, b, s, k)
    JOIN jsonb_array_elements(${asJsonArray(reasons)}::jsonb) WITH ORDINALITY AS r(value, k) ON r.k = t.k
    ON CONFLICT (project_a_id, project_b_id) DO UPDATE
      SET score = excluded.score, reasons = excluded.reasons, updated_at = now()
      WHERE duplicate_pairs.status = 'candidate'
        AND (duplicate_pairs.score <> excluded.score OR duplicate_pairs.reasons <> excluded.reasons)`.execute(db);
}

/**
 * Open candidates found again (by id) whose score or reasons changed (the ones found unchanged are
 * not sent; see loadExistingPairs). `d.id = ANY(...)` lets the planner read just these rows by
 * the primary key rather than join the whole table.
 */
async function refreshCandidates(db: Kysely<Database>, rows: PairRows): Promise<void> {
  const { id, score, reasons } = rows.sorted();
  await sql`
    UPDATE duplicate_pairs d SET score = t.s, reasons = r.value, updated_at = now()
    FROM unnest(${id}::int[], ${score}::numeric[]) WITH ORDINALITY AS t(id, s, k)
    JOIN jsonb_array_elements(${asJsonArray(reasons)}::jsonb) WITH ORDINALITY AS r(value, k) ON r.k = t.k
    WHERE d.id = ANY(${id}::int[]) AND d.id = t.id AND d.status = 'candidate'
      AND (d.score <> t.s OR d.reasons <> r.value)`.execute(db);
}

interface ExistingPair {
  id: number;
  status: DuplicateStatus;
}

/** What an open pair's reasons were, as two 32-bit halves of their md5 (see fingerprint). */
interface StoredPairs {
  id: number[];
  /** Score x 10,000. */
  score: number[];
  md5a: number[];
  md5b: number[];
}

/** The first 64 bits of the md5 of reasons in PostgreSQL's text for them, as PostgreSQL computes them in loadExistingPairs. */
function fingerprint(reasons: string): [number, number] {
  const digest = createHash("md5").update(reasons).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/** A pair's key in maps: a number while ids allow (the usual case), else a string. */
const pairKey = (a: number, b: number): number | string => (a < 2 ** 26 && b < 2 ** 26 ? a * 2 ** 26 + b : `${a}:${b}`);

/**
 * The pairs already stored: the open ones (key to their place in `stored`, with their score and a
 * fingerprint of their reasons, so that a pair found again unchanged is not sent back) and the
 * decided ones. Read in slices of ids, two at a time (each on its own pooled connection on a server).
 */
async function loadExistingPairs(db: Kysely<Database>) {
  const open = new Map<number | string, number>();
  const stored: StoredPairs = { id: [], score: [], md5a: [], md5b: [] };
  const decided = new Map<number | string, ExistingPair>();
  const SLICE = 100_000;
  const bounds = await db.selectFrom("duplicate_pairs").select((eb) => [eb.fn.min("id").as("first"), eb.fn.max("id").as("last")]).executeTakeFirstOrThrow();
  const slices: number[] = [];
  if (bounds.first !== null && bounds.last !== null) for (let from = bounds.first; from <= bounds.last; from += SLICE) slices.push(from);
  const readSlice = async (from: number) => {
    // Arrays of numbers rather than a row object per pair: there may be millions.
    const { rows } = await sql<{ id: number[] | null; a: number[]; b: number[]; score: number[]; md5a: number[]; md5b: number[] }>`
      SELECT array_agg(id) AS id, array_agg(project_a_id) AS a, array_agg(project_b_id) AS b,
             array_agg((score * 10000)::int) AS score,
             array_agg(('x' || substr(md5, 1, 8))::bit(32)::int) AS md5a,
             array_agg(('x' || substr(md5, 9, 8))::bit(32)::int) AS md5b
      FROM (SELECT id, project_a_id, project_b_id, score, md5(reasons::text) AS md5
            FROM duplicate_pairs WHERE id >= ${from} AND id < ${from + SLICE} AND status = 'candidate') x`.execute(db);
    const r = rows[0];
    if (!r.id) return;
    for (let k = 0; k < r.id.length; k++) {
      open.set(pairKey(r.a[k], r.b[k]), stored.id.length);
      stored.id.push(r.id[k]);
      stored.score.push(r.score[k]);
      stored.md5a.push(r.md5a[k]);
      stored.md5b.push(r.md5b[k]);
    }
  };
  const reader = async () => {
    for (let from = slices.shift(); from !== undefined; from = slices.shift()) await readSlice(from);
  };
  await Promise.all([reader(), reader()]);
  for (const d of await db.selectFrom("duplicate_pairs").select(["id", "project_a_id", "project_b_id", "status"]).where("status", "<>", "candidate").execute()) {
    decided.set(pairKey(d.project_a_id, d.project_b_id), { id: d.id, status: d.status });
  }
  return { open, stored, decided };
}

/** Rescans every project (the command-line rescan), reporting progress. */
export async function rescanAll(
  db: Kysely<Database>,
  onProgress?: (done: number, total: number) => void,
  /** How many of the most frequent trigrams are compared as bit sets (tests lower it to exercise both ways). */
  { frequentTrigrams = FREQUENT_TRIGRAMS }: { frequentTrigrams?: number } = {},
): Promise<ScanResult> {
  const t0 = performance.now();
  // RESCAN_DEBUG=1: the time each phase took, on stderr.
  const debug = (what: string) => process.env.RESCAN_DEBUG && console.error(`[rescan] ${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // The stored pairs are read while the projects are compared (they are needed only to write).
  let existing: Awaited<ReturnType<typeof loadExistingPairs>> | null = null;
  const existingRead = loadExistingPairs(db).then((e) => {
    existing = e;
    debug(`existing pairs: ${e.open.size} open, ${e.decided.size} decided`);
    return e;
  });
  // Its failure is thrown where it is awaited; until then it must not count as unhandled.
  existingRead.catch(() => undefined);
  const P = await loadProjects(db, frequentTrigrams);
  const n = P.n;
  let reported = -1;
  const progress = (done: number) => {
    if (onProgress && done > reported) onProgress((reported = done), n);
  };
  debug(`loaded ${n} projects, ${P.dictionarySize} trigrams`);
  progress(0);
  const decidedQualifying: Array<{ pair: ExistingPair; a: number; b: number; score: string; reasons: string }> = [];

  // Block rows: (country, position in its block), the work unit; progress counts them.
  const blockRows = P.byCountry.reduce((sum, b) => sum + b.length, 0);
  let rowsDone = 0;
  let candidates = 0;
  const member = new Uint8Array(P.dictionarySize);
  const pairs = new PairList();
  let pairsBeforeBreak = WRITE_CHUNK;
  const inFlight: Array<Promise<void>> = [];
  const write = async (rows: PairRows, writeRows: (db: Kysely<Database>, rows: PairRows) => Promise<void>, rowsSoFar: number) => {
    if (inFlight.length >= WRITERS) await inFlight.shift();
    inFlight.push(writeRows(db, rows).then(() => progress(Math.min(n - 1, Math.floor((n * rowsSoFar) / Math.max(1, blockRows))))));
    // Let the batch go out before computing on.
    await new Promise((resolve) => setImmediate(resolve));
  };
  const flush = async (rowsSoFar: number) => {
    const { open, stored, decided } = existing ?? (await existingRead);
    const fresh = new PairRows();
    const known = new PairRows();
    for (let k = 0; k < pairs.length; k++) {
      const i = pairs.i[k];
      const j = pairs.j[k];
      const scored = scoredPair(P, i, j, pairs.s[k]);
      if (!scored) continue;
      candidates++;
      const a = Math.min(P.ids[i], P.ids[j]);
      const b = Math.max(P.ids[i], P.ids[j]);
      const k2 = pairKey(a, b);
      const pair = decided.get(k2);
      if (pair) decidedQualifying.push({ pair, a, b, ...scored });
      else {
        const at = open.get(k2);
        if (at === undefined) fresh.push(0, a, b, scored.score, scored.reasons);
        else {
          open.delete(k2);
          const [md5a, md5b] = fingerprint(scored.reasons);
          const same = stored.score[at] === Math.round(Number(scored.score) * 10000) && stored.md5a[at] === md5a && stored.md5b[at] === md5b;
          if (!same) known.push(stored.id[at], a, b, scored.score, scored.reasons);
        }
      }
    }
    pairs.length = 0;
    if (fresh.length) await write(fresh, insertCandidates, rowsSoFar);
    if (known.length) await write(known, refreshCandidates, rowsSoFar);
    if (!fresh.length && !known.length) progress(Math.min(n - 1, Math.floor((n * rowsSoFar) / Math.max(1, blockRows))));
  };

  for (let c = 0; c < P.byCountry.length; c++) {
    const block = P.byCountry[c];
    for (let x = 0; x < block.length; x++) {
      similarPairsOf(P, c, block, x, member, pairs);
      rowsDone++;
      if (pairs.length >= pairsBeforeBreak) {
        // Write what was found; or, while the stored pairs are still being read, let their reading go on.
        if (existing) await flush(rowsDone);
        else await new Promise((resolve) => setImmediate(resolve));
        pairsBeforeBreak = pairs.length + WRITE_CHUNK;
      }
    }
  }
  await flush(rowsDone);
  const { open, stored } = await existingRead;
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
  const gone = [...open.values()].map((at) => stored.id[at]);
  for (let i = 0; i < gone.length; i += 10_000) {
    await sql`
      DELETE FROM duplicate_pairs d
      WHERE d.id = ANY(${gone.slice(i, i + 10_000)}::int[]) AND d.status = 'candidate'
        AND EXISTS (SELECT 1 FROM projects x WHERE x.id IN (d.project_a_id, d.project_b_id) AND x.status <> 'cancelled')`.execute(db);
  }
  progress(n);
  return { candidates, reopened };
}
