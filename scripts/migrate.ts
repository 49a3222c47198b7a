// `npm run migrate`: brings the database (DATABASE_URL, or the embedded one in DATA_DIR) up to date.
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";

const handle = await openDatabase(databaseOptionsFromEnv());
try {
  const applied = await migrateToLatest(handle.db);
  console.log(
    `${handle.mode} (${handle.location}): ${applied.length ? `applied ${applied.join(", ")}` : "already up to date"}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
