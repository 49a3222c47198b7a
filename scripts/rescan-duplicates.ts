// `npm run rescan-duplicates`: runs the duplicate check over every project, with a progress bar.
import cliProgress from "cli-progress";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { rescanAll } from "../app/duplicates/detect.server";

const handle = await openDatabase(databaseOptionsFromEnv());
const bar = new cliProgress.SingleBar(
  { format: "Duplicate scan [{bar}] {value}/{total} projects", hideCursor: true },
  cliProgress.Presets.shades_classic,
);
try {
  await migrateToLatest(handle.db);
  const started = Date.now();
  let begun = false;
  const result = await rescanAll(handle.db, (done, total) => {
    if (!begun) {
      bar.start(total, 0);
      begun = true;
    }
    bar.update(done);
  });
  if (begun) bar.stop();
  console.log(
    `${result.candidates} candidate pairs, ${result.reopened} decided pairs reopened, ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
} catch (error) {
  bar.stop();
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
