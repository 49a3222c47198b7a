import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../db/client";

/**
 * A fresh database for a benchmark: in-memory PGlite, or, with DATABASE_URL, a new database on that
 * server, dropped by `drop()` unless `keep` is set.
 */
export async function openFreshBenchDatabase(
  keep: boolean,
): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { handle: await openDatabase({ dataDir: "memory://" }), drop: async () => {} };
  const name = `adam_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  console.log(`database: ${name} on ${url.host}${keep ? " (kept)" : " (dropped at the end)"}`);
  return {
    handle: await openDatabase({ databaseUrl: url.toString(), poolSize: 4 }),
    drop: () => (keep ? Promise.resolve() : admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** A database kept by an earlier run (`--keep`), on the DATABASE_URL server: nothing is generated. */
export async function openKeptBenchDatabase(
  name: string,
): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("--reuse needs DATABASE_URL (the server the kept database is on)");
  const url = new URL(base);
  url.pathname = `/${name}`;
  const check = new pg.Client({ connectionString: url.toString() });
  await check.connect();
  await check.end();
  console.log(`database: ${name} on ${url.host} (reused, kept)`);
  return { handle: await openDatabase({ databaseUrl: url.toString(), poolSize: 4 }), drop: async () => {} };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
