import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// NUMERIC (OID 1700) and BIGINT (OID 20) stay strings: money must never pass through a float.
// pg's defaults already do this; we pin them so that nobody "fixes" it globally by accident.
pg.types.setTypeParser(1700, (value: string) => value);
pg.types.setTypeParser(20, (value: string) => value);
// DATE (OID 1082) stays an ISO string: a calendar date has no time zone.
pg.types.setTypeParser(1082, (value: string) => value);

export type DatabaseMode = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  mode: DatabaseMode;
  /** Human-readable location: a data folder or a server URL without its password. */
  location: string;
  /** The in-process engine, when embedded (to dump its data folder, for instance). */
  pglite?: import("@electric-sql/pglite").PGlite;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL server URL. When absent, PGlite runs in-process. */
  databaseUrl?: string;
  /** PGlite's data folder; `memory://` keeps it in memory. */
  dataDir?: string;
  /** Largest number of pooled server connections. */
  poolSize?: number;
  /** A PGlite data-folder dump to start from (tests use a migrated template). */
  pgliteTemplate?: Blob;
}

export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || "./data",
    poolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined,
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? "./data", options.pgliteTemplate);
}

async function openServer(url: string, poolSize: number): Promise<DatabaseHandle> {
  // JIT off for the session: its compile time (~60 ms here) dwarfs what it saves on our queries,
  // which aggregate at most a few hundred thousand rows (measured on the gap matrix).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, options: "-c jit=off" });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, mode: "postgres", location: redactUrl(url), close: () => db.destroy() };
}

async function openPglite(dataDir: string, template?: Blob): Promise<DatabaseHandle> {
  const [{ PGlite }, { createPgConfig }, { pg_trgm }, { unaccent }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/node-postgres"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/unaccent"),
  ]);
  if (!dataDir.startsWith("memory://")) {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm, unaccent }, loadDataDir: template });
  // PGlite has one session: a pool of one serializes transactions correctly.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 } as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    mode: "pglite",
    pglite,
    location: dataDir,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
