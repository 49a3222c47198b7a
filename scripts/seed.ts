// `npm run seed`: migrates, then loads (or refreshes) the reference data. Safe to run again.
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { loadReferenceData } from "../db/seed/reference-data";

const handle = await openDatabase(databaseOptionsFromEnv()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
try {
  await migrateToLatest(handle.db);
  const counts = await loadReferenceData(handle.db);
  console.log(`Reference data loaded into ${handle.mode} (${handle.location}):`);
  for (const [what, count] of Object.entries(counts)) console.log(`  ${what.padEnd(22)} ${count}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
