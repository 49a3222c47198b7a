// The full rescan's load (rescanAll, ./rescan.server.ts): every project not cancelled read once,
// chunk by chunk (its period, classifications and stored trigram set, see 0009_duplicate_speed), into
// the typed arrays and bit sets that the comparison (./rescan-compare.server.ts) works on: trigrams
// as dense ids, the most frequent as bit sets and the others as lists; countries, pillars and
// capacity areas as bit sets in the database's order of the codes; periods as day numbers; and the
// projects of each country.
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database } from "../../db/schema";
import { ProjectLinksRow, projectLinksColumns } from "./project-rows";

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
      SELECT ${projectLinksColumns},
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
