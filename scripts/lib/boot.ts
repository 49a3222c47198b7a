import { databaseOptionsFromEnv, openDatabase, type DatabaseHandle } from "../../db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, generateDemoData } from "../../db/demo/generate";
import { migrateToLatest } from "../../db/migrate";
import { loadReferenceData } from "../../db/seed/reference-data";
import { rescanAll } from "../../app/duplicates/detect.server";
import { keepNeedFactsValued } from "../../app/gaps/valuation.server";
import { today } from "../../app/forms/dates";

export interface BootOptions {
  /** Create demo organizations, users and records when none exist. */
  demo: boolean;
  demoSeed: number;
  log?: (line: string) => void;
}

/** Demo data is on by default for the embedded database and off for a server unless ADAM_DEMO=1. */
export function bootOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BootOptions {
  const demo = env.ADAM_DEMO !== undefined ? env.ADAM_DEMO === "1" || env.ADAM_DEMO === "true" : !env.DATABASE_URL;
  return { demo, demoSeed: Number(env.ADAM_DEMO_SEED ?? 2012) };
}

/** Opens the database, migrates it, loads reference data and (in demo mode) demo data. */
export async function boot(options: BootOptions): Promise<DatabaseHandle> {
  const log = options.log ?? (() => {});
  const handle = await openDatabase(databaseOptionsFromEnv());
  try {
    log(`Database: ${handle.mode} (${handle.location})`);
    const applied = await migrateToLatest(handle.db);
    log(applied.length ? `Migrations applied: ${applied.join(", ")}` : "Migrations: up to date");
    const counts = await loadReferenceData(handle.db);
    log(
      `Reference data: ${counts.partnerCountries} partner countries, ` +
        `${counts.partnerOrganizations} partner organizations, ` +
        `${counts.routeMemberships} route memberships, ${counts.pillars} pillars`,
    );
    if (options.demo) {
      const summary = await generateDemoData(handle.db, { seed: options.demoSeed });
      log(summary.created ? `Demo data created (seed ${options.demoSeed}).` : "Demo data: already present.");
      if (summary.created) {
        // Bulk-inserted projects have not been through the duplicate check yet.
        const scan = await rescanAll(handle.db);
        log(`Duplicate check: ${scan.candidates} candidate pairs.`);
      }
      log("Demo accounts (password for all: " + DEMO_PASSWORD + "):");
      for (const account of DEMO_ACCOUNTS) log(`  ${account.role.padEnd(12)} ${account.email}`);
    }
    // The gap matrix reads needs valued ahead of time at today's rates (app/gaps/valuation.server.ts).
    if (await keepNeedFactsValued(handle.db, today())) log("Gap analysis: needs valued at today's rates.");
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
