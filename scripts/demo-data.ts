// `npm run demo-data -- --seed 7 [--projects 100000 --needs 100000] [--today 2026-06-15]`: deterministic
// demo data for a seed and a day of generation (default today), with a progress bar. Refuses a server
// database unless --yes is given.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, generateDemoData } from "../db/demo/generate";
import { migrateToLatest } from "../db/migrate";
import { isCalendarDate } from "../app/forms/dates";
import { loadReferenceData } from "../db/seed/reference-data";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "2012" },
    projects: { type: "string" },
    needs: { type: "string" },
    today: { type: "string" },
    yes: { type: "boolean", default: false },
  },
});
const options = databaseOptionsFromEnv();
if (options.databaseUrl && !values.yes) {
  console.error(
    "DATABASE_URL points at a server: demo accounts would be created there. Add --yes if that is what you want.",
  );
  process.exit(1);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error("--seed must be an integer");
  process.exit(1);
}

for (const name of ["projects", "needs"] as const) {
  const value = values[name];
  if (value !== undefined && !/^\d{1,7}$/.test(value)) {
    console.error(`--${name} must be a whole number`);
    process.exit(1);
  }
}

if (values.today !== undefined && !isCalendarDate(values.today)) {
  console.error("--today must be a date (YYYY-MM-DD)");
  process.exit(1);
}

const handle = await openDatabase(options);
const bar = new cliProgress.SingleBar(
  { format: "{step} [{bar}] {value}/{total}", hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let started = false;
try {
  await migrateToLatest(handle.db);
  await loadReferenceData(handle.db);
  const summary = await generateDemoData(handle.db, {
    seed,
    projects: values.projects ? Number(values.projects) : undefined,
    needs: values.needs ? Number(values.needs) : undefined,
    today: values.today,
    onProgress(step, done, total) {
      if (!started) {
        bar.start(total, done, { step });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { step });
    },
  });
  if (started) bar.stop();
  console.log(
    summary.created
      ? `Demo data created with seed ${seed}: ${summary.projects} projects, ${summary.needs} needs.`
      : "Demo data already present: nothing done.",
  );
  console.log(`Demo accounts (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")}`);
} catch (error) {
  if (started) bar.stop();
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
