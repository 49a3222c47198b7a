import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { writeAudit } from "./audit.server";
import { verifyPassword } from "./password.server";
import { clearRateLimit, hitRateLimit, refundRateLimit } from "./rate-limit.server";

export const SIGN_IN_LIMITS = {
  perAccount: { limit: 5, windowSeconds: 15 * 60 },
  perIp: { limit: 30, windowSeconds: 15 * 60 },
} as const;

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
 * Checks a sign-in attempt. Limits count attempts per account and per address; the account's
 * status is told only after the right password, so a stranger learns nothing about an address.
 */
export async function signIn(db: Kysely<Database>, email: string, password: string, ip: string): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  const [account, address] = await Promise.all([
    hitRateLimit(db, `sign-in:account:${normalized}`, SIGN_IN_LIMITS.perAccount.limit, SIGN_IN_LIMITS.perAccount.windowSeconds),
    hitRateLimit(db, `sign-in:ip:${ip}`, SIGN_IN_LIMITS.perIp.limit, SIGN_IN_LIMITS.perIp.windowSeconds),
  ]);
  if (!account.allowed || !address.allowed) {
    const retryAfterSeconds = Math.max(account.allowed ? 0 : account.retryAfterSeconds, address.allowed ? 0 : address.retryAfterSeconds);
    return { ok: false, reason: "rate_limited", retryAfterSeconds };
  }

  const user = await db
    .selectFrom("users")
    .select(["id", "role", "status", "password_hash"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", normalized))
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  if (!user || !passwordOk) {
    await writeAudit(db, { actorUserId: user?.id ?? null, action: "auth.sign_in_failed", entityType: "user", entityId: user?.id ?? normalized, ip });
    return { ok: false, reason: "invalid" };
  }
  if (user.status === "pending") return { ok: false, reason: "pending" };
  if (user.status === "suspended") return { ok: false, reason: "suspended" };
  if (user.status === "rejected") {
    const request = await db.selectFrom("access_requests").select("rejection_reason").where("user_id", "=", user.id).executeTakeFirst();
    return { ok: false, reason: "rejected", rejectionReason: request?.rejection_reason ?? null };
  }
  // Success forgets the account's failures and does not count against the address (people behind
  // one office gateway sign in all day); failures keep counting against both.
  await clearRateLimit(db, `sign-in:account:${normalized}`);
  await refundRateLimit(db, `sign-in:ip:${ip}`);
  await writeAudit(db, { actorUserId: user.id, action: "auth.sign_in", entityType: "user", entityId: user.id, ip });
  return { ok: true, userId: user.id, role: user.role };
}
