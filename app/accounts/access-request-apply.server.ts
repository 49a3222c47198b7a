import type { Kysely } from "kysely";
import type { Database, OrganizationKind } from "../../db/schema";
import { inTransaction } from "~/utils/transaction.server";
import { writeAudit } from "./audit.server";
import { hashPassword } from "./password.server";
import { assertAcceptablePassword } from "./password-policy.server";
import { consumeEmailToken, issueEmailToken } from "./email-tokens.server";
import { translator } from "~/i18n";
import { composeMail } from "~/mail/compose";
import { enqueueMail } from "~/mail/outbox.server";
import { notify } from "~/notifications/notify.server";
import { AccessRequestError, UNKNOWN_CHOICE } from "./access-request-errors";

// Asking for access: the applicant's request and the confirmation of their address.

/** The link that confirms an applicant's address works once, for a day. */
export const VERIFY_TOKEN_SECONDS = 24 * 60 * 60;

export interface AccessRequestInput {
  fullName: string;
  email: string;
  password: string;
  requestedRole: "donor" | "beneficiary";
  countryIso3: string;
  justification: string;
  organization:
    | { existingId: number }
    | { newName: string; newKind: Exclude<OrganizationKind, "coordination_unit">; newCountryIso3: string };
  locale: "en" | "ru";
}

/**
 * Creates a pending account and its request, and e-mails the applicant a link to confirm the
 * address: coordinators see the request only once it is confirmed (verifyApplicantEmail). Nothing
 * is granted until a coordinator approves. An unconfirmed request older than the link is forgotten
 * when its address is used again, so a stranger's request cannot hold an address for good.
 * Refuses a password that breaks the policy (PasswordPolicyError). An e-mail that already has an
 * account is refused with `email_taken` after the same work (the password is hashed anyway) and
 * audited: the caller must answer as for a new request, so that nobody learns who has an account.
 */
export async function requestAccess(
  db: Kysely<Database>,
  input: AccessRequestInput,
  ip: string,
): Promise<{ userId: number; verifyToken: string }> {
  await assertAcceptablePassword(input.password, { email: input.email, fullName: input.fullName });
  const passwordHash = await hashPassword(input.password);
  await forgetLapsedUnconfirmed(db, input.email);
  const existing = await db
    .selectFrom("users")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", input.email.toLowerCase()))
    .executeTakeFirst();
  if (existing) {
    await writeAudit(db, {
      actorUserId: null,
      action: "access.requested_for_existing_account",
      entityType: "user",
      entityId: existing.id,
      ip,
    });
    throw new AccessRequestError("email_taken", "An account with this e-mail already exists.");
  }
  return inTransaction(db, async (trx) => {
    const taken = await trx
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", input.email.toLowerCase()))
      .executeTakeFirst();
    if (taken) throw new AccessRequestError("email_taken", "An account with this e-mail already exists.");
    await assertRequestReferences(trx, input);
    const user = await trx
      .insertInto("users")
      .values({
        email: input.email,
        full_name: input.fullName,
        password_hash: passwordHash,
        role: input.requestedRole,
        status: "pending",
        organization_id: null,
        country_iso3: input.countryIso3,
        locale: input.locale,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const request = {
      user_id: user.id,
      requested_role: input.requestedRole,
      country_iso3: input.countryIso3,
      justification: input.justification,
      organization_id: "existingId" in input.organization ? input.organization.existingId : null,
      new_organization_name: "newName" in input.organization ? input.organization.newName : null,
      new_organization_kind: "newKind" in input.organization ? input.organization.newKind : null,
      new_organization_country_iso3: "newCountryIso3" in input.organization ? input.organization.newCountryIso3 : null,
    };
    const row = await trx.insertInto("access_requests").values(request).returning("id").executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: null,
      action: "access.requested",
      entityType: "access_request",
      entityId: row.id,
      after: { ...request, email: input.email, full_name: input.fullName },
      ip,
    });
    const verifyToken = await issueEmailToken(trx, user.id, "verify_email", VERIFY_TOKEN_SECONDS);
    await enqueueVerifyMail(
      trx,
      { id: user.id, email: input.email, fullName: input.fullName, locale: input.locale },
      verifyToken,
    );
    return { userId: user.id, verifyToken };
  });
}

/** The organization asked for exists (and is not the coordination unit); the countries named exist. */
async function assertRequestReferences(trx: Kysely<Database>, input: AccessRequestInput): Promise<void> {
  if ("existingId" in input.organization) {
    const org = await trx
      .selectFrom("organizations")
      .select("kind")
      .where("id", "=", input.organization.existingId)
      .executeTakeFirst();
    if (!org || org.kind === "coordination_unit")
      throw new AccessRequestError("unknown_organization", "Unknown organization.", UNKNOWN_CHOICE("organization"));
  }
  // The countries' shape is checked by the form; that they exist, here (before a foreign key fails).
  const countries = [
    input.countryIso3,
    "newCountryIso3" in input.organization ? input.organization.newCountryIso3 : input.countryIso3,
  ];
  const known = await trx.selectFrom("countries").select("iso3").where("iso3", "in", countries).execute();
  if (countries.some((code) => !known.some((k) => k.iso3.trim() === code)))
    throw new AccessRequestError("unknown_country", "Unknown country.", UNKNOWN_CHOICE("country"));
}

async function forgetLapsedUnconfirmed(db: Kysely<Database>, email: string): Promise<void> {
  const lapsed = new Date(Date.now() - VERIFY_TOKEN_SECONDS * 1000);
  await db
    .deleteFrom("users")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .where("status", "=", "pending")
    .where("id", "in", (eb) =>
      eb
        .selectFrom("access_requests")
        .select("user_id")
        .where("email_verified_at", "is", null)
        .where("created_at", "<", lapsed),
    )
    .execute();
}

async function enqueueVerifyMail(
  db: Kysely<Database>,
  user: { id: number; email: string; fullName: string; locale: "en" | "ru" },
  token: string,
) {
  const t = translator(user.locale);
  const mail = composeMail({
    locale: user.locale,
    recipientName: user.fullName,
    subject: t("mail.verifySubject"),
    paragraphs: [t("mail.verifyBody")],
    items: [{ text: t("verify.title"), link: `/verify-email?token=${token}` }],
    after: [t("mail.verifyIgnore")],
    settingsFooter: false,
  });
  await enqueueMail(db, [{ ...mail, userId: user.id, to: user.email, locale: user.locale, kind: "verify_email" }]);
}

/**
 * The applicant opened the link e-mailed to them: the address is theirs, and the request goes to
 * the coordinators (notified in the same transaction). Returns false for a used, lapsed or unknown link.
 */
export async function verifyApplicantEmail(db: Kysely<Database>, token: string, ip: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const userId = await consumeEmailToken(trx, token, "verify_email");
    if (userId === null) return false;
    const request = await trx
      .updateTable("access_requests")
      .set({ email_verified_at: new Date() })
      .where("user_id", "=", userId)
      .where("status", "=", "pending")
      .where("email_verified_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!request) return false;
    await writeAudit(trx, {
      actorUserId: null,
      action: "access.email_verified",
      entityType: "access_request",
      entityId: request.id,
      ip,
    });
    await notify(trx, { type: "access.submitted", requestId: request.id });
    return true;
  });
}
