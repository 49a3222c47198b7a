import type { Kysely } from "kysely";
import type { DatabaseMode } from "../../db/client";
import { startPeriodicJob } from "../../db/jobs";
import type { Database } from "../../db/schema";
import { deleteDeadEmailTokens } from "~/accounts/email-tokens.server";
import { deleteSentMail, startMailWorker } from "~/mail/outbox.server";
import { transportFromEnv } from "~/mail/transport.server";
import { compileDigests } from "./digest.server";

/**
 * What `npm start` runs for notifications: the mail worker when SMTP_URL is set (without it,
 * messages stay in the outbox for /admin/outbox), the daily digests (checked hourly) and the
 * sweep of old mail and dead tokens, each periodic job in one process at a time. Returns the stops.
 */
export function startNotificationJobs(
  db: Kysely<Database>,
  mode: DatabaseMode,
  log: (line: string) => void,
): Array<() => Promise<void>> {
  const transport = transportFromEnv();
  log(
    transport ? "Mail: sending through SMTP_URL." : "Mail: no SMTP_URL, messages stay in the outbox (/admin/outbox).",
  );
  const stops = [
    startPeriodicJob(db, mode, {
      name: "mail-digests",
      everyMs: 60 * 60 * 1000,
      run: async () => void (await compileDigests(db)),
      onError: (error) => log(`Mail digests: ${error}`),
    }),
    startPeriodicJob(db, mode, {
      name: "mail-sweep",
      everyMs: 6 * 60 * 60 * 1000,
      run: async () => {
        await deleteSentMail(db);
        await deleteDeadEmailTokens(db);
      },
      onError: (error) => log(`Mail sweep: ${error}`),
    }),
  ];
  if (transport) stops.push(startMailWorker(db, transport, { onError: (error) => log(`Mail: ${error}`) }));
  return stops;
}
