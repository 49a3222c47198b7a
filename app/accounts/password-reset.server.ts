import { DomainError } from "~/errors/domain-error";
import type { Kysely } from "kysely";
import type { Database, Locale } from "../../db/schema";
import { inTransaction } from "~/utils/transaction.server";
import { translator } from "~/i18n";
import { composeMail } from "~/mail/compose";
import { enqueueMail } from "~/mail/outbox.server";
import { writeAudit } from "./audit.server";
import {
  consumeEmailToken,
  countRecentTokens,
  issueEmailToken,
  peekEmailToken,
  revokeEmailTokens,
} from "./email-tokens.server";
import { hashPassword } from "./password.server";
import { assertAcceptablePassword } from "./password-policy.server";
import { revokeUserSessions } from "./session.server";
import { chargeAttempt, forgiveAttempt, type ThrottlePolicy } from "./throttle.server";

/** A reset link works once, for an hour. */
export const RESET_TOKEN_SECONDS = 60 * 60;
/** Reset e-mails an account gets in an hour at most: more requests get the same answer, and no mail. */
const RESET_MAILS_PER_HOUR = 3;

/**
 * Throttled like sign-in, with growing delays, per (address, e-mail) pair and per address; never per
 * account alone, so that a stranger cannot keep the owner from resetting. Requests are not failures
 * that a success forgives: each one counts.
 */
export const RESET_THROTTLE = {
  pair: { freeFailures: 3, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  address: { freeFailures: 20, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
} as const satisfies Record<string, ThrottlePolicy>;

export type ResetRequestResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Someone asks for a reset link. The answer is the same whether or not the address has an account
 * (the caller shows one neutral message); an active account gets a link in its language.
 */
export async function requestPasswordReset(
  db: Kysely<Database>,
  email: string,
  ip: string,
  now = new Date(),
): Promise<ResetRequestResult> {
  const normalized = email.trim().toLowerCase();
  const throttle = await chargeAttempt(
    db,
    [
      { key: `reset:pair:${ip}|${normalized}`, policy: RESET_THROTTLE.pair },
      { key: `reset:ip:${ip}`, policy: RESET_THROTTLE.address },
    ],
    now,
  );
  if (!throttle.allowed) return { ok: false, retryAfterSeconds: throttle.retryAfterSeconds };
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "full_name", "locale", "status"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", normalized))
    .executeTakeFirst();
  await inTransaction(db, async (trx) => {
    await writeAudit(trx, {
      actorUserId: null,
      action: "auth.password_reset_requested",
      entityType: "user",
      entityId: user?.id ?? normalized,
      ip,
    });
    if (!user || user.status !== "active") return;
    if (
      (await countRecentTokens(trx, user.id, "reset_password", new Date(now.getTime() - 3_600_000))) >=
      RESET_MAILS_PER_HOUR
    )
      return;
    const token = await issueEmailToken(trx, user.id, "reset_password", RESET_TOKEN_SECONDS, now);
    await enqueueResetMail(
      trx,
      { id: user.id, email: user.email, fullName: user.full_name, locale: user.locale },
      token,
      "reset",
    );
  });
  return { ok: true };
}

export async function enqueueResetMail(
  db: Kysely<Database>,
  user: { id: number; email: string; fullName: string; locale: Locale },
  token: string,
  kind: "reset" | "set",
  hours = 1,
): Promise<void> {
  const t = translator(user.locale);
  const link = `/reset-password?token=${token}`;
  const mail = composeMail({
    locale: user.locale,
    recipientName: user.fullName,
    subject: t(kind === "reset" ? "mail.resetSubject" : "mail.setPasswordSubject"),
    paragraphs: [kind === "reset" ? t("mail.resetBody") : t("mail.setPasswordBody", { hours })],
    items: [{ text: t("reset.title"), link }],
    after: kind === "reset" ? [t("mail.resetIgnore")] : [],
    settingsFooter: false,
  });
  await enqueueMail(db, [{ ...mail, userId: user.id, to: user.email, locale: user.locale, kind: "reset_password" }]);
}

/** Whether a reset link is live (the page shows the form, or says to ask again). */
export async function resetLinkIsLive(db: Kysely<Database>, token: string): Promise<boolean> {
  return (await peekEmailToken(db, token, "reset_password")) !== null;
}

/** A refused reset (a DomainError): a dead link (400), or too many attempts (429, with when to try again). */
export class ResetError extends DomainError<"invalid" | "rate_limited"> {
  constructor(code: "invalid" | "rate_limited", retryAfterSeconds = 0) {
    super(code, {
      text: code === "invalid" ? "This reset link is not valid." : "Too many attempts.",
      messageKey: code === "invalid" ? "reset.invalid" : "reset.rateLimited",
      retryAfterSeconds,
    });
  }
}

/**
 * Sets a new password with a reset link: the password policy applies (PasswordPolicyError), the
 * link is used up, older links die, and every session of the account ends. Wrong links count
 * against the address, as failed sign-ins do.
 */
export async function resetPassword(
  db: Kysely<Database>,
  token: string,
  password: string,
  ip: string,
  now = new Date(),
): Promise<{ userId: number }> {
  const throttle = await chargeAttempt(db, [{ key: `reset-link:ip:${ip}`, policy: RESET_THROTTLE.address }], now);
  if (!throttle.allowed) throw new ResetError("rate_limited", throttle.retryAfterSeconds);
  const userId = await peekEmailToken(db, token, "reset_password", now);
  if (userId === null) throw new ResetError("invalid");
  const owner = await db
    .selectFrom("users")
    .select(["email", "full_name"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  await assertAcceptablePassword(password, { email: owner.email, fullName: owner.full_name });
  const hash = await hashPassword(password);
  await inTransaction(db, async (trx) => {
    if ((await consumeEmailToken(trx, token, "reset_password", now)) !== userId) throw new ResetError("invalid");
    await trx.updateTable("users").set({ password_hash: hash, updated_at: now }).where("id", "=", userId).execute();
    await revokeEmailTokens(trx, userId, "reset_password", now);
    await revokeUserSessions(trx, userId);
    await writeAudit(trx, {
      actorUserId: userId,
      action: "user.password_reset",
      entityType: "user",
      entityId: userId,
      ip,
    });
  });
  for (const charge of throttle.charges) await forgiveAttempt(db, charge);
  return { userId };
}
