// `npm run db:types`: migrates a fresh in-memory database (or DATABASE_URL's, when set: it must be an
// empty database) and writes its tables' types to db/tables/generated.ts. Run it after adding a migration,
// then make the hand-written types in db/tables/ match (`npx tsc --noEmit` says where they differ).
import { writeFileSync } from "node:fs";
import { GENERATED_TYPES_PATH, generateDatabaseTypes } from "../db/codegen";
import { openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";

const url = process.env.DATABASE_URL || undefined;
const handle = await openDatabase(url ? { databaseUrl: url } : { dataDir: "memory://" });
try {
  await migrateToLatest(handle.db);
  writeFileSync(GENERATED_TYPES_PATH, await generateDatabaseTypes(handle.db));
  console.log(`${handle.mode}: wrote ${GENERATED_TYPES_PATH}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
