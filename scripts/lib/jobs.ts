import type { Kysely } from "kysely";
import { deleteExpiredSessions } from "../../app/accounts/session.server";
import { deleteStaleThrottles } from "../../app/accounts/throttle.server";
import { keepNeedFactsValued } from "../../app/gaps/valuation.server";
import { today } from "../../app/forms/dates";
import type { DatabaseMode } from "../../db/client";
import { startPeriodicJob } from "../../db/jobs";
import type { Database } from "../../db/schema";

/**
 * The server's own periodic jobs, each in one process at a time (db/jobs.ts), started now and then on
 * their period; the notification jobs are app/notifications/jobs.server.ts. Returns their stop functions.
 */
export function startMaintenanceJobs(
  db: Kysely<Database>,
  mode: DatabaseMode,
  log: (line: string) => void,
): Array<() => Promise<void>> {
  return [
    // A rate dated today becomes today's rate without any write, so the gap facts are checked hourly
    // (app/gaps/valuation.server.ts).
    startPeriodicJob(db, mode, {
      name: "gap-valuation",
      everyMs: 60 * 60 * 1000,
      run: async () => void (await keepNeedFactsValued(db, today())),
      onError: (error) => log(`Gap valuation: ${error}`),
    }),
    // Sessions that can no longer sign anyone in, and sign-in throttles a day old.
    startPeriodicJob(db, mode, {
      name: "expired-sessions",
      everyMs: 15 * 60 * 1000,
      run: async () => {
        await deleteExpiredSessions(db);
        await deleteStaleThrottles(db, 24 * 60 * 60);
      },
      onError: (error) => log(`Session sweep: ${error}`),
    }),
  ];
}
