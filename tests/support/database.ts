import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { openDatabase, type DatabaseHandle, type DatabaseMode } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { loadReferenceData } from "../../db/seed/reference-data";
import "./global-setup";

/** PGlite always; the PostgreSQL server too when DATABASE_URL is set. */
export const databaseModes: DatabaseMode[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export interface TestDatabase {
  db: Kysely<Database>;
  mode: DatabaseMode;
  /** The server database's URL (postgres mode), for tests that start other processes on it. */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database with reference data. PGlite starts from the template that the global
 * setup built once; on the server a new database is created here and dropped on close.
 */
export async function createTestDatabase(mode: DatabaseMode): Promise<TestDatabase> {
  if (mode === "pglite") {
    const template = new Blob([readFileSync(inject("pgliteTemplatePath"))]);
    const handle = await openDatabase({ dataDir: "memory://", pgliteTemplate: template });
    await migrateToLatest(handle.db); // a no-op unless the template is older than the code
    return handle;
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("DATABASE_URL is not set");
  const name = `adam_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 8 });
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db);
  } catch (error) {
    await dropDatabase(baseUrl, name);
    throw error;
  }
  return {
    db: handle.db,
    mode,
    url: url.toString(),
    async close() {
      await handle.close();
      await dropDatabase(baseUrl, name);
    },
  };
}

async function dropDatabase(baseUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * Runs a describe block once per database mode with a fresh database each.
 * `use()` returns the live database inside tests.
 */
export function describeEachDatabase(title: string, body: (use: () => TestDatabase) => void) {
  for (const mode of databaseModes) {
    describe(`${title} [${mode}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(mode);
      }, 60_000);
      afterAll(async () => {
        await current?.close();
      }, 60_000);
      body(() => {
        if (!current) throw new Error("test database not ready");
        return current;
      });
    });
  }
}
