import { Kysely, PostgresDialect } from "kysely";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    options: "-c jit=off",
  });
  // A client losing its server (a restart, pg_terminate_backend, a network cut) emits 'error'; with no
  // listener Node ends the process. The pool listens on idle clients only, so every client it creates
  // gets one too: the query in flight fails (and its request answers 503), the pool drops the broken
  // client, and later requests get new connections.
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  pool.on("connect", (client) => {
    client.on("error", (error) => console.error("[db] connection lost:", error.message));
  });
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
  const releaseFolder = dataDir.startsWith("memory://") ? () => {} : lockDataFolder(dataDir);
  let pglite: import("@electric-sql/pglite").PGlite;
  try {
    pglite = await PGlite.create(dataDir, { extensions: { pg_trgm, unaccent }, loadDataDir: template });
  } catch (error) {
    releaseFolder();
    throw error;
  }
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
      releaseFolder();
    },
  };
}

/** Why a data folder cannot be opened: another live process holds it. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${folder} is in use by process ${pid} (a running ADAM server or script). ` +
        "Stop that process first, or point DATA_DIR at another folder. " +
        "Two processes writing one folder would corrupt it.",
    );
  }
}

const LOCK_FILE = "adam.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite does not lock its folder, so ADAM does: a lock file with the holder's pid, created exclusively.
 * A lock left by a process that no longer runs (killed with -9, a crash) is taken over. Returns the
 * release function.
 */
export function lockDataFolder(folder: string): () => void {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        rmSync(path, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder))
        throw new DataFolderInUseError(folder, holder);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock the embedded database folder ${folder}.`);
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
