// The full rescan, set-based. Rather than one scanProject per project, it reads every project once
// (rescan-load.server.ts) and compares them in memory (rescan-compare.server.ts) while the stored
// pairs are read (rescan-pairs.server.ts), and writes the result in bulk. The end state is the one
// that scanProject on every project, one by one, would leave (the integration tests check it on a
// hand-made and on a generated set).
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { ScanResult } from "./detect.server";
import { changedMaterially, projectSnapshots } from "./snapshots.server";
import { PairList, scoredPair, similarPairsOf } from "./rescan-compare.server";
import { FREQUENT_TRIGRAMS, loadProjects } from "./rescan-load.server";
import {
  fingerprint,
  insertCandidates,
  loadExistingPairs,
  pairKey,
  PairRows,
  refreshCandidates,
  type ExistingPair,
} from "./rescan-pairs.server";
import type { ProjectSnapshot } from "./score";

const WRITE_CHUNK = 20_000;
/** Write batches in flight at once (each on its own pooled connection on a server). */
const WRITERS = 2;

/** Rescans every project (the command-line rescan), reporting progress. */
export async function rescanAll(
  db: Kysely<Database>,
  onProgress?: (done: number, total: number) => void,
  /** How many of the most frequent trigrams are compared as bit sets (tests lower it to exercise both ways). */
  { frequentTrigrams = FREQUENT_TRIGRAMS }: { frequentTrigrams?: number } = {},
): Promise<ScanResult> {
  const t0 = performance.now();
  // RESCAN_DEBUG=1: the time each phase took, on stderr.
  const debug = (what: string) =>
    process.env.RESCAN_DEBUG && console.error(`[rescan] ${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
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
  const decidedQualifying: DecidedQualifying[] = [];

  // Block rows: (country, position in its block), the work unit; progress counts them.
  const blockRows = P.byCountry.reduce((sum, b) => sum + b.length, 0);
  let rowsDone = 0;
  let candidates = 0;
  const member = new Uint8Array(P.dictionarySize);
  const pairs = new PairList();
  let pairsBeforeBreak = WRITE_CHUNK;
  const inFlight: Array<Promise<void>> = [];
  const write = async (
    rows: PairRows,
    writeRows: (db: Kysely<Database>, rows: PairRows) => Promise<void>,
    rowsSoFar: number,
  ) => {
    if (inFlight.length >= WRITERS) await inFlight.shift();
    inFlight.push(
      writeRows(db, rows).then(() => progress(Math.min(n - 1, Math.floor((n * rowsSoFar) / Math.max(1, blockRows))))),
    );
    // Let the batch go out before computing on.
    await new Promise((resolve) => setImmediate(resolve));
  };
  const flush = async (rowsSoFar: number) => {
    const { open, stored, decided } = existing ?? (await existingRead);
    const sorted = sortPairs(P, pairs, { open, stored, decided }, decidedQualifying);
    candidates += sorted.candidates;
    const { fresh, known } = sorted;
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

  const reopened = await refreshDecidedPairs(db, decidedQualifying);

  await deleteGoneCandidates(
    db,
    [...open.values()].map((at) => stored.id[at]),
  );
  progress(n);
  return { candidates, reopened };
}

type ExistingPairs = Awaited<ReturnType<typeof loadExistingPairs>>;
/** A decided pair found again: its score and reasons now. */
type DecidedQualifying = { pair: ExistingPair; a: number; b: number; score: string; reasons: string };

/**
 * Sorts the pairs found into new candidates (`fresh`), open candidates whose score or reasons
 * changed (`known`; unchanged ones are not sent back), and decided pairs (pushed onto
 * `decidedQualifying`); what is left in `existing.open` afterwards was not found again.
 */
function sortPairs(
  P: Awaited<ReturnType<typeof loadProjects>>,
  pairs: PairList,
  { open, stored, decided }: ExistingPairs,
  decidedQualifying: DecidedQualifying[],
): { fresh: PairRows; known: PairRows; candidates: number } {
  let candidates = 0;
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
        const same =
          stored.score[at] === Math.round(Number(scored.score) * 10000) &&
          stored.md5a[at] === md5a &&
          stored.md5b[at] === md5b;
        if (!same) known.push(stored.id[at], a, b, scored.score, scored.reasons);
      }
    }
  }
  return { fresh, known, candidates };
}

/** Decided pairs that still qualify: refreshed, and reopened only after a material change. */
async function refreshDecidedPairs(db: Kysely<Database>, decidedQualifying: DecidedQualifying[]): Promise<number> {
  let reopened = 0;
  const snapshotsById = new Map<number, { snapshot_a: unknown; snapshot_b: unknown }>();
  const decidedIds = decidedQualifying.map((d) => d.pair.id);
  for (let i = 0; i < decidedIds.length; i += 1000) {
    for (const r of await db
      .selectFrom("duplicate_pairs")
      .select(["id", "snapshot_a", "snapshot_b"])
      .where("id", "in", decidedIds.slice(i, i + 1000))
      .execute()) {
      snapshotsById.set(r.id, r);
    }
  }
  const projectIds = [...new Set(decidedQualifying.flatMap((d) => [d.a, d.b]))];
  const now = new Map<number, ProjectSnapshot>();
  for (let i = 0; i < projectIds.length; i += 1000)
    for (const [k, v] of await projectSnapshots(db, projectIds.slice(i, i + 1000))) now.set(k, v);
  for (const d of decidedQualifying) {
    const before = snapshotsById.get(d.pair.id);
    if (!before) continue;
    const changed =
      (await changedMaterially(db, before.snapshot_a as ProjectSnapshot, now.get(d.a)!)) ||
      (await changedMaterially(db, before.snapshot_b as ProjectSnapshot, now.get(d.b)!));
    if (changed) reopened += 1;
    await db
      .updateTable("duplicate_pairs")
      // A reopening raises the version: a decision made on the page before it is stale.
      .set((eb) => ({
        score: d.score,
        reasons: d.reasons,
        updated_at: new Date(),
        ...(changed ? { status: "candidate" as const, detected_at: new Date(), version: eb("version", "+", 1) } : {}),
      }))
      .where("id", "=", d.pair.id)
      .execute();
  }
  return reopened;
}

/**
 * Open candidates that no longer meet the rule disappear (left alone only when both projects are
 * cancelled: scanProject never looks at a cancelled project); decisions are kept.
 */
async function deleteGoneCandidates(db: Kysely<Database>, gone: number[]): Promise<void> {
  for (let i = 0; i < gone.length; i += 10_000) {
    await sql`
      DELETE FROM duplicate_pairs d
      WHERE d.id = ANY(${gone.slice(i, i + 10_000)}::int[]) AND d.status = 'candidate'
        AND EXISTS (
          SELECT 1 FROM projects x
          WHERE x.id IN (d.project_a_id, d.project_b_id) AND x.status <> 'cancelled'
        )`.execute(db);
  }
}
