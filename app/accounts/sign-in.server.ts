import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { writeAudit } from "./audit.server";
import { verifyPassword } from "./password.server";
import { chargeAttempt, clearThrottle, forgiveAttempt, type ThrottlePolicy } from "./throttle.server";

/**
 * Sign-in throttling. Failures count per (account, address) pair and per address, never per
 * account alone: an attacker elsewhere cannot lock the owner out. A pair gets 5 free failures, an
 * address (an office behind one gateway) 20; then each attempt waits 30 s after the last failure,
 * doubling up to 15 minutes. An hour without failures forgets them.
 */
export const SIGN_IN_THROTTLE = {
  pair: { freeFailures: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  address: { freeFailures: 20, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
} as const satisfies Record<string, ThrottlePolicy>;

const pairBucket = (email: string, ip: string) => `sign-in:pair:${ip}|${email}`;
const addressBucket = (ip: string) => `sign-in:ip:${ip}`;

export type SignInResult =
  | { ok: true; userId: number; role: Role }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number }
  | { ok: false; reason: "pending" }
  | { ok: false; reason: "rejected"; rejectionReason: string | null }
  | { ok: false; reason: "suspended" };

// A fixed hash to verify against when the e-mail is unknown, so both cases take the same time.
const DUMMY_HASH = "$argon2id$v=19$m=65536,p=4,t=3$HhDrsIFf8nULgt0pyAW0Sg$gm4JzqV1O3d5pdVdSYuiOVwnk2wnV6DNQFe31wavh+A";

/**
 * Checks a sign-in attempt. Throttling comes first (a waiting attempt costs no password check);
 * the account's status is told only after the right password, so a stranger learns nothing
 * about an address. `now` is the clock (tests move it forward).
 */
export async function signIn(
  db: Kysely<Database>,
  email: string,
  password: string,
  ip: string,
  now = new Date(),
): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  const throttle = await chargeAttempt(
    db,
    [
      { key: pairBucket(normalized, ip), policy: SIGN_IN_THROTTLE.pair },
      { key: addressBucket(ip), policy: SIGN_IN_THROTTLE.address },
    ],
    now,
  );
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "status", "password_hash"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", normalized))
    .executeTakeFirst();
  if (!throttle.allowed) {
    await writeAudit(db, {
      actorUserId: null,
      action: "auth.sign_in_throttled",
      entityType: "user",
      entityId: user?.id ?? normalized,
      after: { retry_after_seconds: throttle.retryAfterSeconds },
      ip,
    });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: throttle.retryAfterSeconds };
  }

  const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  if (!user || !passwordOk) {
    // The attempt was counted as a failure when it was let through: nothing more to do.
    await writeAudit(db, {
      actorUserId: user?.id ?? null,
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: user?.id ?? normalized,
      ip,
    });
    return { ok: false, reason: "invalid" };
  }
  // The right password: this pair's failures are forgotten, and the address gets its attempt back
  // (but keeps its other failures: signing in to one's own account does not reset a guesser).
  await clearThrottle(db, pairBucket(normalized, ip));
  for (const charge of throttle.charges) if (charge.key === addressBucket(ip)) await forgiveAttempt(db, charge);
  if (user.status === "pending") return { ok: false, reason: "pending" };
  if (user.status === "suspended") return { ok: false, reason: "suspended" };
  if (user.status === "rejected") {
    const request = await db
      .selectFrom("access_requests")
      .select("rejection_reason")
      .where("user_id", "=", user.id)
      .executeTakeFirst();
    return { ok: false, reason: "rejected", rejectionReason: request?.rejection_reason ?? null };
  }
  await writeAudit(db, { actorUserId: user.id, action: "auth.sign_in", entityType: "user", entityId: user.id, ip });
  return { ok: true, userId: user.id, role: user.role };
}
