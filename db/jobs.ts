import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { DatabaseMode } from "./client";
import { column, rawRows } from "./rows";
import type { Database } from "./schema";

// Periodic jobs (valuing the gap facts, sweeping expired sessions) run in one process at a time when
// several app processes share a PostgreSQL server: each run first takes a session-level advisory lock
// named after the job on a connection of its own, and a process that cannot take it skips that run.
// An embedded database (PGlite) belongs to one process (its folder is locked, db/client.ts) and has a
// single connection, which the job itself needs: there the job simply runs.

/** The jobs this process is running now: a run still going when the next is due makes that one skip. */
const runningHere = new Set<string>();

/** Runs `job` unless it is running already, here or in another process; says whether it ran. */
export async function runExclusively(
  db: Kysely<Database>,
  mode: DatabaseMode,
  name: string,
  job: () => Promise<void>,
): Promise<boolean> {
  if (runningHere.has(name)) return false;
  runningHere.add(name);
  try {
    return mode === "pglite" ? (await job(), true) : await acrossProcesses(db, name, job);
  } finally {
    runningHere.delete(name);
  }
}

const LockRow = z.object({ locked: column.bool });

function acrossProcesses(db: Kysely<Database>, name: string, job: () => Promise<void>): Promise<boolean> {
  return db.connection().execute(async (connection) => {
    const rows = await rawRows(
      connection,
      "jobs.acrossProcesses",
      LockRow,
      sql`SELECT pg_try_advisory_lock(hashtext(${name})) AS locked`,
    );
    if (!rows[0]?.locked) return false;
    try {
      await job();
      return true;
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext(${name}))`.execute(connection);
    }
  });
}

export interface PeriodicJob {
  /** Names the job's advisory lock and its log lines. */
  name: string;
  everyMs: number;
  run: () => Promise<void>;
  onError: (error: unknown) => void;
}

/** Runs the job now and every `everyMs`, exclusively across processes. Returns a function that stops it. */
export function startPeriodicJob(db: Kysely<Database>, mode: DatabaseMode, job: PeriodicJob): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runExclusively(db, mode, job.name, job.run).catch(job.onError);
  };
  tick();
  const timer = setInterval(tick, job.everyMs);
  timer.unref(); // a job alone must not keep the process alive
  return async () => {
    clearInterval(timer);
    await running;
  };
}
