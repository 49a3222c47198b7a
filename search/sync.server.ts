import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../db/rows";
import type { Database, SearchOutboxTable } from "../db/schema";
import { buildSearchDocuments } from "./documents.server";
import { SEARCH_RECORD_TYPES, type SearchEngine, type SearchRecordType, type SearchRef } from "./engine";

// PostgreSQL is the source of truth and the index is derived. A domain write calls
// enqueueSearchSync() inside its own transaction: the outbox row commits or rolls back with the
// write. A worker drains the outbox into the engine; if the engine is down the rows stay (with
// attempts and last_error) and the index catches up once it is back.

/**
 * Records that a project or need must be (re)indexed, or removed from the index if it no longer
 * exists when the worker gets to it. Call it in the transaction that changes the record.
 */
export async function enqueueSearchSync(
  trx: Kysely<Database> | Transaction<Database>,
  entityType: SearchRecordType,
  id: number | number[],
): Promise<void> {
  const ids = [...new Set(Array.isArray(id) ? id : [id])];
  if (ids.length === 0) return;
  // A record already waiting gets a new seq, so a worker busy with its older state keeps the row.
  await sql`
    INSERT INTO search_outbox (entity_type, entity_id)
    SELECT ${entityType}, x FROM unnest(${ids}::int[]) AS x ORDER BY x
    ON CONFLICT (entity_type, entity_id) DO UPDATE SET seq = DEFAULT, enqueued_at = now(), claimed_until = NULL
  `.execute(trx);
}

export interface DrainResult {
  /** Documents sent to the engine. */
  indexed: number;
  /** Records gone from the database, removed from the index. */
  deleted: number;
  /** Outbox rows whose sync failed this time (kept for a later attempt). */
  failed: number;
  /** The engine's error when a batch failed. */
  error?: string;
}

export interface DrainOptions {
  batchSize?: number;
  /** Stop after this many batches even if rows keep arriving (a worker loop comes back anyway). */
  maxBatches?: number;
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return (message + cause).slice(0, 1_000);
}

/** How long a worker's claim on a batch lasts: a worker that dies leaves its rows to others after this. */
export const CLAIM_SECONDS = 120;

/** A claimed outbox row (search_outbox's columns). */
const ClaimedRow = z.object({
  entity_type: z.enum(SEARCH_RECORD_TYPES),
  entity_id: column.int,
  seq: column.bigint,
}) satisfies z.ZodType<Pick<Selectable<SearchOutboxTable>, "entity_type" | "entity_id" | "seq">>;

/**
 * Claims the oldest free rows after `afterSeq` for this worker, in one short statement: rows that
 * another worker is claiming at the same moment are skipped (SKIP LOCKED), and rows claimed earlier
 * stay with their worker until the claim lapses. So each row goes to one worker of one process.
 */
async function claimBatch(db: Kysely<Database>, afterSeq: string, batchSize: number) {
  // Raw SQL: UPDATE … FROM a FOR UPDATE SKIP LOCKED subquery, in one statement (see above).
  const rows = await rawRows(
    db,
    "sync.claimBatch",
    ClaimedRow,
    sql`
    UPDATE search_outbox o SET claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
    FROM (
      SELECT entity_type, entity_id FROM search_outbox
      WHERE seq > ${afterSeq} AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY seq LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) AS free
    WHERE o.entity_type = free.entity_type AND o.entity_id = free.entity_id
    RETURNING o.entity_type, o.entity_id, o.seq`,
  );
  return rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
}

/**
 * Sends waiting records to the engine, oldest first, batch by batch, until the outbox is empty
 * or a batch fails. Each batch is claimed first (claimBatch), so that several processes drain the
 * outbox once between them; no lock is held while the engine works (PGlite has one session, and an
 * HTTP call must never hold a transaction). A row is deleted only if its seq did not change, so a
 * write that arrived meanwhile is synced again on the next pass.
 */
export async function drainOutbox(
  db: Kysely<Database>,
  engine: SearchEngine,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 1_000;
  const result: DrainResult = { indexed: 0, deleted: 0, failed: 0 };
  let afterSeq = "0";
  for (let batch = 0; batch < maxBatches; batch++) {
    const rows = await claimBatch(db, afterSeq, batchSize);
    if (rows.length === 0) break;
    afterSeq = rows[rows.length - 1].seq;
    const refs: SearchRef[] = rows.map((r) => ({ type: r.entity_type, recordId: r.entity_id }));
    try {
      const { documents, missing } = await buildSearchDocuments(db, refs);
      await engine.index(documents);
      await engine.delete(missing);
      result.indexed += documents.length;
      result.deleted += missing.length;
    } catch (error) {
      result.failed += rows.length;
      result.error = errorText(error);
      await sql`
        UPDATE search_outbox o
        SET attempts = o.attempts + 1, last_error = ${result.error}, last_attempt_at = now(), claimed_until = NULL
        FROM unnest(
          ${rows.map((r) => r.entity_type)}::text[], ${rows.map((r) => r.entity_id)}::int[],
          ${rows.map((r) => r.seq)}::bigint[]
        ) AS x(t, id, seq)
        WHERE o.entity_type = x.t AND o.entity_id = x.id AND o.seq = x.seq
      `.execute(db);
      break;
    }
    await sql`
      DELETE FROM search_outbox o
      USING unnest(
          ${rows.map((r) => r.entity_type)}::text[], ${rows.map((r) => r.entity_id)}::int[],
          ${rows.map((r) => r.seq)}::bigint[]
        ) AS x(t, id, seq)
      WHERE o.entity_type = x.t AND o.entity_id = x.id AND o.seq = x.seq
    `.execute(db);
    if (rows.length < batchSize) break;
  }
  return result;
}

export interface OutboxBacklog {
  /** Records waiting to be synced. */
  pending: number;
  /** Of those, how many failed at least once. */
  failing: number;
  /** Age in seconds of the oldest waiting record (0 when none). */
  oldestSeconds: number;
  lastError: string | null;
}

/** Raw SQL (outboxBacklog): counts with FILTER and the oldest row's age, in one scan. */
const BacklogRow = z.object({
  pending: column.int,
  failing: column.int,
  oldest: column.float.nullable(),
  last_error: column.text.nullable(),
}) satisfies z.ZodType<Pick<Selectable<SearchOutboxTable>, "last_error">>;

export async function outboxBacklog(db: Kysely<Database>): Promise<OutboxBacklog> {
  const rows = await rawRows(
    db,
    "sync.outboxBacklog",
    BacklogRow,
    sql`
    SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS failing,
      extract(epoch FROM now() - min(enqueued_at))::float8 AS oldest,
      (SELECT last_error FROM search_outbox WHERE last_error IS NOT NULL
       ORDER BY last_attempt_at DESC NULLS LAST LIMIT 1) AS last_error
    FROM search_outbox
  `,
  );
  const row = rows[0];
  return {
    pending: row.pending,
    failing: row.failing,
    oldestSeconds: Math.max(0, Math.round(row.oldest ?? 0)),
    lastError: row.last_error,
  };
}

export interface SearchWorkerOptions {
  /** Pause between passes when all went well. */
  intervalMs?: number;
  /** Longest pause after failures (the pause doubles per failed pass, up to this). */
  maxBackoffMs?: number;
  batchSize?: number;
  onError?: (error: string) => void;
}

/**
 * Drains the outbox every intervalMs in the background, backing off while the engine fails.
 * Returns a function that stops the loop and resolves when any pass in progress has finished.
 */
export function startSearchWorker(
  db: Kysely<Database>,
  engine: SearchEngine,
  options: SearchWorkerOptions = {},
): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    try {
      const result = await drainOutbox(db, engine, { batchSize: options.batchSize });
      if (result.error) {
        failures += 1;
        options.onError?.(result.error);
      } else failures = 0;
    } catch (error) {
      // The database itself failed (a restart, a lost connection): try again later.
      failures += 1;
      options.onError?.(errorText(error));
    }
  };
  const schedule = () => {
    if (stopped) return;
    const delay = failures === 0 ? intervalMs : Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures, 16));
    timer = setTimeout(() => {
      running = pass().then(schedule);
    }, delay);
    // The worker alone must not keep the process alive.
    timer.unref();
  };
  running = pass().then(schedule);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}

/**
 * Queues every project and need that the index has never seen (a database filled in bulk, such as
 * demo data or an import), so the worker catches up. Cheap when nothing is missing.
 */
export async function enqueueUnindexed(db: Kysely<Database>): Promise<number> {
  const result = await sql`
    INSERT INTO search_outbox (entity_type, entity_id)
    SELECT 'project', p.id FROM projects p
    WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.type = 'project' AND d.record_id = p.id)
    UNION ALL
    SELECT 'need', n.id FROM needs n
    WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.type = 'need' AND d.record_id = n.id)
    ON CONFLICT (entity_type, entity_id) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
