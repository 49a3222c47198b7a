// The full rescan's comparison, in memory: every project read once (its classifications, its
// period and its stored trigram set, see 0009_duplicate_speed) into typed arrays and bit sets; the
// projects of each country that share a pillar or capacity area and whose periods overlap are
// paired, and their shared trigrams counted (exactly pg_trgm's similarity, see trigrams.ts).
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database } from "../../db/schema";
import { ProjectLinksRow } from "./project-rows";
import { pairScore, reasonsAsJsonbText, shownSimilarity, TEXT_SIMILARITY_THRESHOLD } from "./score";
import { sharedNeeded, similarityOf } from "./trigrams";

const LOAD_CHUNK = 10_000;
/** 1,024 bits (32 words) per project: the most frequent trigrams are most of every text's set. */
export const FREQUENT_TRIGRAMS = 1024;

export interface Projects {
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

interface ProjectRows {
  ids: number[];
  startText: string[];
  endText: Array<string | null>;
  countries: string[][];
  pillars: string[][];
  areas: string[][];
  sets: Uint8Array[];
}

export async function loadProjects(db: Kysely<Database>, frequentTrigrams: number): Promise<Projects> {
  const rows = await readProjectRows(db);
  const trigrams = trigramSets(rows.sets, frequentTrigrams);
  const classifications = await classificationBits(db, rows);
  return {
    n: rows.ids.length,
    ids: Int32Array.from(rows.ids),
    startText: rows.startText,
    endText: rows.endText,
    ...trigrams,
    ...classifications,
  };
}

/** A project's links as the chunk scan reads them (ProjectLinksRow), with its stored trigram set. */
const ProjectRow = ProjectLinksRow.extend({ trigrams: column.bytea });

/** The distinct codes of the projects, in the database's order. */
const OrderedCodesRow = z.object({ countries: column.textArray, pillars: column.textArray, areas: column.textArray });

/** Every project not cancelled, in id order, chunk by chunk: its period, classifications and trigram set. */
async function readProjectRows(db: Kysely<Database>): Promise<ProjectRows> {
  const out: ProjectRows = { ids: [], startText: [], endText: [], countries: [], pillars: [], areas: [], sets: [] };
  let after = 0;
  for (;;) {
    const rows = await rawRows(
      db,
      "duplicates.readProjectRows",
      ProjectRow,
      sql`
      SELECT p.id, p.start_date::text AS start, p.end_date::text AS "end",
             ARRAY(SELECT x.country_iso3::text FROM project_countries x
                   WHERE x.project_id = p.id ORDER BY 1) AS countries,
             ARRAY(SELECT x.pillar_code FROM project_pillars x WHERE x.project_id = p.id ORDER BY 1) AS pillars,
             ARRAY(SELECT x.capacity_area_code FROM project_capacity_areas x
                   WHERE x.project_id = p.id ORDER BY 1) AS areas,
             coalesce(t.trigrams, dup_trigram_set(p.title || ' ' || p.summary)) AS trigrams
      FROM projects p LEFT JOIN project_dup_trigrams t ON t.project_id = p.id
      WHERE p.status <> 'cancelled' AND p.id > ${after}
      ORDER BY p.id
      LIMIT ${LOAD_CHUNK}`,
    );
    for (const r of rows) {
      out.ids.push(r.id);
      out.startText.push(r.start);
      out.endText.push(r.end);
      out.countries.push(r.countries.map((c) => c.trim()));
      out.pillars.push(r.pillars);
      out.areas.push(r.areas);
      out.sets.push(r.trigrams);
    }
    if (rows.length < LOAD_CHUNK) break;
    after = rows[rows.length - 1].id;
  }
  return out;
}

/** Trigrams (24-bit) to dense ids, the most frequent first; the frequent ones as bit sets, the rest as lists. */
function trigramSets(sets: Uint8Array[], frequentTrigrams: number) {
  const n = sets.length;
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
  return { dictionarySize, fw, bits, len, off, tri: Int32Array.from(rare) };
}

/** Periods as day numbers, and countries and themes as bit sets in the database's order of the codes. */
async function classificationBits(db: Kysely<Database>, rows: ProjectRows) {
  const { startText, endText, countries, pillars, areas } = rows;
  const n = rows.ids.length;
  // Bit positions in the database's order of the codes (its collation, as scanProject's ORDER BY).
  const distinct = (lists: string[][]) => [...new Set(lists.flat())];
  const ordered = await rawRows(
    db,
    "duplicates.classificationBits",
    OrderedCodesRow,
    sql`
    SELECT ARRAY(SELECT c FROM unnest(${distinct(countries)}::text[]) c ORDER BY 1) AS countries,
           ARRAY(SELECT c FROM unnest(${distinct(pillars)}::text[]) c ORDER BY 1) AS pillars,
           ARRAY(SELECT c FROM unnest(${distinct(areas)}::text[]) c ORDER BY 1) AS areas`,
  );
  const countryIndex = new Map(ordered[0].countries.map((c, b) => [c, b]));
  const themeIndex = new Map(
    [...ordered[0].pillars.map((c) => `P${c}`), ...ordered[0].areas.map((c) => `A${c}`)].map((c, b) => [c, b]),
  );
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
    start,
    end,
    countryCount,
    themeCount,
    countryCodes: ordered[0].countries,
    themeCodes: [...ordered[0].pillars, ...ordered[0].areas],
    pillarBits: ordered[0].pillars.length,
    cw,
    cmask,
    tw,
    tmask,
    byCountry: members.map((m) => Int32Array.from(m)),
  };
}

/** A growable list of similar pairs (project indexes and similarity). */
export class PairList {
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
 * position `from` on), each pair counted in the first country the two share. A copy, on bit sets,
 * of the structural half of isCandidate (./score.ts, the rule's home) and of pg_trgm's similarity.
 */
export function similarPairsOf(
  P: Projects,
  country: number,
  block: Int32Array,
  from: number,
  member: Uint8Array,
  out: PairList,
) {
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
function sharedCodes(
  a: Uint32Array,
  ai: number,
  b: Uint32Array,
  bi: number,
  words: number,
  codes: string[],
  split: number,
  low: string[],
  high: string[],
) {
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
export function scoredPair(
  P: Projects,
  i: number,
  j: number,
  textSimilarity: number,
): { score: string; reasons: string } | null {
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
  const reasons = reasonsAsJsonbText({
    textSimilarity: shownSimilarity(textSimilarity),
    sharedCountries: countries,
    sharedPillars: pillars,
    sharedAreas: areas,
    overlap: { from, to },
  });
  return { score: score.toFixed(4), reasons };
}
