// The full rescan's side of the stored pairs: what is already in duplicate_pairs, and writing
// new and changed candidates in bulk.
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, DuplicateStatus } from "../../db/schema";

/** Pairs to write, as columns, sent in key order (id when known, else (a, b): the pair index's). */
export class PairRows {
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
    const order = Array.from(this.a.keys()).sort(
      (x, y) => this.id[x] - this.id[y] || this.a[x] - this.a[y] || this.b[x] - this.b[y],
    );
    const pick = <T>(column: T[]) => order.map((k) => column[k]);
    return {
      id: pick(this.id),
      a: pick(this.a),
      b: pick(this.b),
      score: pick(this.score),
      reasons: pick(this.reasons),
    };
  }
}

// The reasons travel as one JSON array rather than as a text[] of JSON strings: no quoting and
// unquoting of every string, which made up most of the cost of writing millions of pairs.
const asJsonArray = (reasons: string[]) => `[${reasons.join(",")}]`;

/** New candidates. A pair that a project's own scan inserted meanwhile is refreshed if still open, as below. */
export async function insertCandidates(db: Kysely<Database>, rows: PairRows): Promise<void> {
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
export async function refreshCandidates(db: Kysely<Database>, rows: PairRows): Promise<void> {
  const { id, score, reasons } = rows.sorted();
  await sql`
    UPDATE duplicate_pairs d SET score = t.s, reasons = r.value, updated_at = now()
    FROM unnest(${id}::int[], ${score}::numeric[]) WITH ORDINALITY AS t(id, s, k)
    JOIN jsonb_array_elements(${asJsonArray(reasons)}::jsonb) WITH ORDINALITY AS r(value, k) ON r.k = t.k
    WHERE d.id = ANY(${id}::int[]) AND d.id = t.id AND d.status = 'candidate'
      AND (d.score <> t.s OR d.reasons <> r.value)`.execute(db);
}

export interface ExistingPair {
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

/**
 * The first 64 bits of the md5 of reasons in PostgreSQL's text for them, as PostgreSQL computes them
 * in loadExistingPairs.
 */
export function fingerprint(reasons: string): [number, number] {
  const digest = createHash("md5").update(reasons).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/** A pair's key in maps: a number while ids allow (the usual case), else a string. */
export const pairKey = (a: number, b: number): number | string =>
  a < 2 ** 26 && b < 2 ** 26 ? a * 2 ** 26 + b : `${a}:${b}`;

/**
 * A slice of the open pairs, one array per column (score: times 10,000; md5a, md5b: the two halves of
 * the reasons' md5 as int4). A slice with no open pair aggregates to NULL in every column.
 */
const OpenPairsSlice = z.union([
  z.object({ id: z.null(), a: z.null(), b: z.null(), score: z.null(), md5a: z.null(), md5b: z.null() }),
  z.object({
    id: column.intArray,
    a: column.intArray,
    b: column.intArray,
    score: column.intArray,
    md5a: column.intArray,
    md5b: column.intArray,
  }),
]);

/**
 * The pairs already stored: the open ones (key to their place in `stored`, with their score and a
 * fingerprint of their reasons, so that a pair found again unchanged is not sent back) and the
 * decided ones. Read in slices of ids, two at a time (each on its own pooled connection on a server).
 */
export async function loadExistingPairs(db: Kysely<Database>) {
  const open = new Map<number | string, number>();
  const stored: StoredPairs = { id: [], score: [], md5a: [], md5b: [] };
  const decided = new Map<number | string, ExistingPair>();
  const SLICE = 100_000;
  const bounds = await db
    .selectFrom("duplicate_pairs")
    .select((eb) => [eb.fn.min("id").as("first"), eb.fn.max("id").as("last")])
    .executeTakeFirstOrThrow();
  const slices: number[] = [];
  if (bounds.first !== null && bounds.last !== null)
    for (let from = bounds.first; from <= bounds.last; from += SLICE) slices.push(from);
  const readSlice = async (from: number) => {
    // Arrays of numbers rather than a row object per pair: there may be millions.
    const rows = await rawRows(
      db,
      "duplicates.loadExistingPairs",
      OpenPairsSlice,
      sql`
      SELECT array_agg(id) AS id, array_agg(project_a_id) AS a, array_agg(project_b_id) AS b,
             array_agg((score * 10000)::int) AS score,
             array_agg(('x' || substr(md5, 1, 8))::bit(32)::int) AS md5a,
             array_agg(('x' || substr(md5, 9, 8))::bit(32)::int) AS md5b
      FROM (SELECT id, project_a_id, project_b_id, score, md5(reasons::text) AS md5
            FROM duplicate_pairs WHERE id >= ${from} AND id < ${from + SLICE} AND status = 'candidate') x`,
    );
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
  for (const d of await db
    .selectFrom("duplicate_pairs")
    .select(["id", "project_a_id", "project_b_id", "status"])
    .where("status", "<>", "candidate")
    .execute()) {
    decided.set(pairKey(d.project_a_id, d.project_b_id), { id: d.id, status: d.status });
  }
  return { open, stored, decided };
}
