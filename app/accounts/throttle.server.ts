import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "~/utils/transaction.server";

/**
 * Throttling with growing delays. A bucket counts failures; once it holds `freeFailures`, every
 * further attempt must wait `firstDelaySeconds` after the last failure, doubling with each failure
 * up to `maxDelaySeconds`. A bucket quiet for `forgetAfterSeconds` starts again from zero. Nothing
 * ever locks a bucket for good, and only failures count: a successful attempt is forgiven.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  forgetAfterSeconds: number;
}

export type ThrottleBucket = { key: string; policy: ThrottlePolicy };

/** What a charged attempt held before, so that a success can give it back exactly. */
export interface ThrottleCharge {
  key: string;
  chargedAt: Date;
  previousLastFailureAt: Date;
}

export type ThrottleAnswer =
  { allowed: true; charges: ThrottleCharge[] } | { allowed: false; retryAfterSeconds: number };

/** Seconds an attempt must wait after the last of `failures` failures. */
export function delaySeconds(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** (failures - policy.freeFailures));
}

function liveFailures(policy: ThrottlePolicy, failures: number, lastFailureAt: Date, now: Date): number {
  return now.getTime() - lastFailureAt.getTime() > policy.forgetAfterSeconds * 1000 ? 0 : failures;
}

/**
 * Asks to make one attempt. Refused while any bucket waits out its delay (nothing is counted then,
 * so a refused owner never extends the wait). Allowed attempts are counted as failures at once,
 * under row locks, so that parallel guesses cannot all slip through before the first one fails;
 * a success gives the count back with `forgiveAttempt` or `clearThrottle`.
 */
export async function chargeAttempt(
  db: Kysely<Database>,
  buckets: ThrottleBucket[],
  now: Date,
): Promise<ThrottleAnswer> {
  // Always lock in the same order: two attempts never wait for each other's rows crosswise.
  const sorted = [...buckets].sort((a, b) => a.key.localeCompare(b.key));
  return inTransaction(db, async (trx) => {
    await trx
      .insertInto("throttles")
      .values(sorted.map((b) => ({ bucket: b.key, failures: 0, last_failure_at: now })))
      .onConflict((oc) => oc.column("bucket").doNothing())
      .execute();
    const rows = await trx
      .selectFrom("throttles")
      .select(["bucket", "failures", "last_failure_at"])
      .where(
        "bucket",
        "in",
        sorted.map((b) => b.key),
      )
      .orderBy("bucket")
      .forUpdate()
      .execute();
    const states = sorted.map((b) => {
      const row = rows.find((r) => r.bucket === b.key)!;
      const lastFailureAt = new Date(row.last_failure_at);
      const failures = liveFailures(b.policy, row.failures, lastFailureAt, now);
      const waitUntil = lastFailureAt.getTime() + delaySeconds(b.policy, failures) * 1000;
      return { key: b.key, failures, lastFailureAt, waitMs: waitUntil - now.getTime() };
    });
    const longestWait = Math.max(...states.map((s) => s.waitMs));
    if (longestWait > 0) return { allowed: false, retryAfterSeconds: Math.ceil(longestWait / 1000) };
    for (const s of states) {
      await trx
        .updateTable("throttles")
        .set({ failures: s.failures + 1, last_failure_at: now })
        .where("bucket", "=", s.key)
        .execute();
    }
    return {
      allowed: true,
      charges: states.map((s) => ({ key: s.key, chargedAt: now, previousLastFailureAt: s.lastFailureAt })),
    };
  });
}

/** Gives back a charged attempt that succeeded (the bucket keeps its other failures). */
export async function forgiveAttempt(db: Kysely<Database>, charge: ThrottleCharge): Promise<void> {
  await db
    .updateTable("throttles")
    .set((eb) => ({
      failures: sql<number>`greatest(${eb.ref("failures")} - 1, 0)`,
      // Unless another failure came since, the delay runs again from the previous failure.
      last_failure_at: sql<Date>`
        CASE WHEN ${eb.ref("last_failure_at")} = ${charge.chargedAt} THEN ${charge.previousLastFailureAt}
             ELSE ${eb.ref("last_failure_at")} END`,
    }))
    .where("bucket", "=", charge.key)
    .execute();
}

/** Forgets a bucket altogether (the right password for an account from an address). */
export async function clearThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("throttles").where("bucket", "=", key).execute();
}

/** Deletes counters quiet for longer than `olderThanSeconds` (they would start from zero anyway). */
export async function deleteStaleThrottles(
  db: Kysely<Database>,
  olderThanSeconds: number,
  now = new Date(),
): Promise<void> {
  await db
    .deleteFrom("throttles")
    .where("last_failure_at", "<", new Date(now.getTime() - olderThanSeconds * 1000))
    .execute();
}
