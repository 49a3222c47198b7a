import { sql, type Kysely } from "kysely";
import type { Database, DuplicateStatus } from "../../db/schema";
import { factsOfMany, type Trx } from "./detect-many-facts.server";
import { inScanTransaction, type ScanResult } from "./detect.server";
import { changedMaterially, projectSnapshots } from "./snapshots.server";
import { isCandidate, scorePair, type ProjectSnapshot } from "./score";

// The duplicate check for many projects at once (an import's chunk): the end state is the one that
// scanProject on each of them, in the order given, leaves. The candidates and facts of every project
// are read in three queries (scanProject's own queries, made lateral over the projects); the stored
// pairs are read once, the scans are replayed on them in memory in order (so where two scanned
// projects share a pair, the later one's view of it is kept, as it would be), and the result is
// written in bulk. The reads are in ./detect-many-facts.server.ts; the replay and the writes are here.

/** A pair as the replayed scans leave it. */
interface PairState {
  a: number;
  b: number;
  /** Its stored row, if it was stored before the scans. */
  id: number | null;
  status: DuplicateStatus;
  score: string;
  reasons: string;
  snapshotA: unknown;
  snapshotB: unknown;
  touched: boolean;
  reopened: boolean;
  deleted: boolean;
}

const keyOf = (a: number, b: number) => `${a}:${b}`;

/** scanProject for each id, in order (its own transaction when called outside one). */
export async function scanProjects(db: Kysely<Database>, ids: number[]): Promise<ScanResult> {
  return inScanTransaction(db, (trx) => scanProjectsInTransaction(trx, ids));
}

async function scanProjectsInTransaction(db: Trx, ids: number[]): Promise<ScanResult> {
  const order = [...new Set(ids)];
  if (!order.length) return { candidates: 0, reopened: 0 };
  const facts = await factsOfMany(db, order);
  const stored = await db
    .selectFrom("duplicate_pairs")
    .selectAll()
    .where((eb) => eb.or([eb("project_a_id", "in", order), eb("project_b_id", "in", order)]))
    .execute();
  const pairs = new Map<string, PairState>();
  for (const e of stored) {
    pairs.set(keyOf(e.project_a_id, e.project_b_id), {
      a: e.project_a_id,
      b: e.project_b_id,
      id: e.id,
      status: e.status,
      score: String(e.score),
      reasons: JSON.stringify(e.reasons),
      snapshotA: e.snapshot_a,
      snapshotB: e.snapshot_b,
      touched: false,
      reopened: false,
      deleted: false,
    });
  }
  const live = () => [...pairs.values()].filter((p) => !p.deleted);
  let snapshots: Map<number, ProjectSnapshot> | null = null;
  let candidates = 0;
  let reopened = 0;
  for (const projectId of order) {
    const mineFacts = facts.get(projectId)!.filter(isCandidate);
    candidates += mineFacts.length;
    const still = new Set<number>();
    for (const f of mineFacts) {
      still.add(f.otherId);
      const { score, reasons } = scorePair(f);
      const [a, b] = projectId < f.otherId ? [projectId, f.otherId] : [f.otherId, projectId];
      const pair = pairs.get(keyOf(a, b));
      const fresh = { score: score.toFixed(4), reasons: JSON.stringify(reasons), touched: true };
      if (!pair || pair.deleted) {
        pairs.set(keyOf(a, b), {
          a,
          b,
          id: null,
          status: "candidate",
          snapshotA: null,
          snapshotB: null,
          reopened: false,
          deleted: false,
          ...fresh,
        });
        continue;
      }
      if (pair.status !== "candidate") {
        // A decided pair is reopened only after a material change since the decision.
        snapshots ??= await projectSnapshots(db, [
          ...new Set(
            live()
              .filter((p) => p.status !== "candidate")
              .flatMap((p) => [p.a, p.b]),
          ),
        ]);
        const changed =
          (await changedMaterially(db, pair.snapshotA as ProjectSnapshot, snapshots.get(a)!)) ||
          (await changedMaterially(db, pair.snapshotB as ProjectSnapshot, snapshots.get(b)!));
        if (changed) {
          pair.status = "candidate";
          pair.reopened = true;
          reopened += 1;
        }
      }
      Object.assign(pair, fresh);
    }
    // Open candidates of this project that no longer meet the rule disappear; decisions are kept.
    for (const pair of live()) {
      const other = pair.a === projectId ? pair.b : pair.b === projectId ? pair.a : null;
      if (other !== null && pair.status === "candidate" && !still.has(other)) pair.deleted = true;
    }
  }
  await writePairs(db, [...pairs.values()]);
  return { candidates, reopened };
}

async function writePairs(db: Trx, states: PairState[]): Promise<void> {
  const gone = states.filter((p) => p.deleted && p.id !== null).map((p) => p.id!);
  // A stored pair deleted and then found again is a new row, as a delete and an insert would make it.
  const inserts = states.filter((p) => !p.deleted && p.touched && p.id === null);
  const updates = states.filter((p) => !p.deleted && p.touched && p.id !== null);
  if (gone.length) await db.deleteFrom("duplicate_pairs").where("id", "in", gone).execute();
  for (let i = 0; i < inserts.length; i += 5000) {
    const part = inserts.slice(i, i + 5000);
    await sql`
      INSERT INTO duplicate_pairs (project_a_id, project_b_id, score, reasons)
      SELECT a, b, s, r::jsonb
      FROM unnest(
        ${part.map((r) => r.a)}::int[],
        ${part.map((r) => r.b)}::int[],
        ${part.map((r) => r.score)}::numeric[],
        ${part.map((r) => r.reasons)}::text[]
      ) AS t(a, b, s, r)
      ON CONFLICT (project_a_id, project_b_id)
      DO UPDATE SET score = excluded.score, reasons = excluded.reasons, updated_at = now()`.execute(db);
  }
  const plain = updates.filter((p) => !p.reopened);
  for (let i = 0; i < plain.length; i += 5000) {
    const part = plain.slice(i, i + 5000);
    await sql`
      UPDATE duplicate_pairs d SET score = t.s, reasons = t.r::jsonb, status = t.st, updated_at = now()
      FROM unnest(
        ${part.map((r) => r.id)}::int[],
        ${part.map((r) => r.score)}::numeric[],
        ${part.map((r) => r.reasons)}::text[],
        ${part.map((r) => r.status)}::text[]
      ) AS t(id, s, r, st)
      WHERE d.id = t.id`.execute(db);
  }
  for (const p of updates.filter((x) => x.reopened)) {
    await db
      .updateTable("duplicate_pairs")
      // A reopening raises the version: a decision made on the page before it is stale.
      .set((eb) => ({
        score: p.score,
        reasons: p.reasons,
        status: p.status,
        updated_at: new Date(),
        detected_at: new Date(),
        version: eb("version", "+", 1),
      }))
      .where("id", "=", p.id!)
      .execute();
  }
}
