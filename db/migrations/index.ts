import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_foundation";

// A static list: Kysely's FileMigrationProvider uses a native import() that fails in a bundled
// server and under vitest. Add each new migration here, in order.
const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
