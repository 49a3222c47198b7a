import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, DuplicatePairsTable, DuplicateStatus } from "../../db/schema";
import { pairFacts, readScannedProject } from "./candidates.server";
import { isCandidate, scorePair, type PairReasons, type ProjectSnapshot } from "./score";
import { changedMaterially, projectSnapshots } from "./snapshots.server";
import { notify } from "~/notifications/notify.server";
import { inTransaction } from "~/utils/transaction.server";

// The duplicate check of one project (scanProject), run after every save: its candidates are found
// and their facts read by ./candidates.server.ts, scored by scorePair (./score.ts); this file
// writes the outcome (new candidates, refreshed open ones, dropped ones, decided pairs reopened
// after a material change, ./snapshots.server.ts) and holds the scans' transaction (JIT off).

type Db = Kysely<Database> | Transaction<Database>;

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
