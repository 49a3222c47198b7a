import type { Kysely, Selectable } from "kysely";
import type { AccessRequestsTable, Database, OrganizationKind, Role } from "../../db/schema";
import { DomainError, type DomainErrorInit } from "~/errors/domain-error";
import { inTransaction } from "~/utils/transaction.server";
import { writeAudit } from "./audit.server";
import { hashPassword } from "./password.server";
import { assertAcceptablePassword } from "./password-policy.server";
import { roleFitsOrganization } from "./role-fit";
import { can, type Actor } from "./permissions";
import { ANSWER_PROMISE_HOURS } from "./promise";
import { revokeUserSessions } from "./session.server";
import { consumeEmailToken, issueEmailToken } from "./email-tokens.server";
import { translator, type MessageKey } from "~/i18n";
import { composeMail } from "~/mail/compose";
import { enqueueMail } from "~/mail/outbox.server";
import { notify } from "~/notifications/notify.server";

export { ANSWER_PROMISE_HOURS };

/** The link that confirms an applicant's address works once, for a day. */
export const VERIFY_TOKEN_SECONDS = 24 * 60 * 60;

export type AccessRequestErrorCode =
  | "email_taken"
  | "not_pending"
  | "unknown_organization"
  | "unknown_country"
  | "organization_name_taken"
  | "not_found"
  | "not_allowed"
  | "role_mismatch";

/**
 * A refused access request or answer (a DomainError): "requests.error.<code>" above the form, a 403
 * when the actor may not answer, else a 409; `init` says otherwise where the form has the field.
 */
export class AccessRequestError extends DomainError<AccessRequestErrorCode> {
  constructor(code: AccessRequestErrorCode, message: string, init: DomainErrorInit = {}) {
    super(code, {
      text: message,
      messageKey: REQUEST_MESSAGE[code],
      status: code === "not_allowed" ? 403 : 409,
      ...(code === "organization_name_taken" ? { field: "newOrganizationName" } : {}),
      ...init,
    });
  }
}

const REQUEST_MESSAGE: Partial<Record<AccessRequestErrorCode, MessageKey>> = {
  not_pending: "requests.error.not_pending",
  unknown_organization: "requests.error.unknown_organization",
  organization_name_taken: "requests.error.organization_name_taken",
  not_found: "requests.error.not_found",
  not_allowed: "requests.error.not_allowed",
  role_mismatch: "requests.error.role_mismatch",
};

/** The applicant's own form names the unknown choice on its field. */
const UNKNOWN_CHOICE = (field: string): DomainErrorInit => ({ field, messageKey: "form.choose", status: 400 });

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

export interface PendingRequest {
  id: number;
  userId: number;
  fullName: string;
  email: string;
  requestedRole: "donor" | "beneficiary";
  countryIso3: string;
  countryName: { en: string; ru: string };
  justification: string;
  organizationId: number | null;
  organizationName: string | null;
  newOrganizationName: string | null;
  newOrganizationKind: AccessRequestsTable["new_organization_kind"];
  newOrganizationCountryIso3: string | null;
  newOrganizationCountryName: { en: string; ru: string } | null;
  createdAt: Date;
  ageHours: number;
  overdue: boolean;
}

/** One keyset page of the pending requests for an export (id > afterId, by id), as the queue shows them. */
export async function listPendingRequestsAfter(db: Kysely<Database>, afterId: number, limit: number) {
  return db
    .selectFrom("access_requests as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .leftJoin("organizations as o", "o.id", "r.organization_id")
    .select([
      "r.id",
      "u.full_name",
      "u.email",
      "r.requested_role",
      "r.country_iso3",
      "r.justification",
      "o.name as organization_name",
      "r.new_organization_name",
      "r.new_organization_kind",
      "r.new_organization_country_iso3",
      "r.created_at",
    ])
    .where("r.status", "=", "pending")
    .where("r.id", ">", afterId)
    .orderBy("r.id")
    .limit(limit)
    .execute();
}

/** Pending requests, oldest first, a page at a time, with their age against the 48-hour promise. */
export async function listPendingRequests(
  db: Kysely<Database>,
  options: { page?: number; pageSize?: number; now?: Date } = {},
): Promise<{ rows: PendingRequest[]; total: number; overdue: number }> {
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? 20;
  const page = Math.max(1, options.page ?? 1);
  const deadline = new Date(now.getTime() - ANSWER_PROMISE_HOURS * 3_600_000);
  const [rows, counts] = await Promise.all([
    db
      .selectFrom("access_requests as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .innerJoin("countries as c", "c.iso3", "r.country_iso3")
      .leftJoin("organizations as o", "o.id", "r.organization_id")
      .leftJoin("countries as nc", "nc.iso3", "r.new_organization_country_iso3")
      .select([
        "r.id",
        "r.user_id",
        "u.full_name",
        "u.email",
        "r.requested_role",
        "r.country_iso3",
        "c.name_en as country_en",
        "c.name_ru as country_ru",
        "r.justification",
        "r.organization_id",
        "o.name as organization_name",
        "r.new_organization_name",
        "r.new_organization_kind",
        "r.new_organization_country_iso3",
        "nc.name_en as new_country_en",
        "nc.name_ru as new_country_ru",
        "r.created_at",
      ])
      .where("r.status", "=", "pending")
      .where("r.email_verified_at", "is not", null)
      .orderBy("r.created_at", "asc")
      .orderBy("r.id", "asc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom("access_requests")
      .select((eb) => [
        eb.fn.countAll<string>().as("total"),
        eb.fn.count<string>("id").filterWhere("created_at", "<", deadline).as("overdue"),
      ])
      .where("status", "=", "pending")
      .where("email_verified_at", "is not", null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(counts.total),
    overdue: Number(counts.overdue),
    rows: rows.map((r) => {
      const ageHours = (now.getTime() - new Date(r.created_at).getTime()) / 3_600_000;
      return {
        id: r.id,
        userId: r.user_id,
        fullName: r.full_name,
        email: r.email,
        requestedRole: r.requested_role,
        countryIso3: r.country_iso3,
        countryName: { en: r.country_en, ru: r.country_ru },
        justification: r.justification,
        organizationId: r.organization_id,
        organizationName: r.organization_name,
        newOrganizationName: r.new_organization_name,
        newOrganizationKind: r.new_organization_kind,
        newOrganizationCountryIso3: r.new_organization_country_iso3,
        newOrganizationCountryName:
          r.new_country_en && r.new_country_ru ? { en: r.new_country_en, ru: r.new_country_ru } : null,
        createdAt: r.created_at,
        ageHours,
        overdue: ageHours > ANSWER_PROMISE_HOURS,
      };
    }),
  };
}

export interface ApprovalInput {
  requestId: number;
  role: Extract<Role, "donor" | "beneficiary">;
  /** An existing organization, or null to create the one named in the request. */
  organizationId: number | null;
  newOrganizationName?: string;
}

/**
 * Approves a request, creating the requested organization if asked, and activates the account.
 * Returns the applicant.
 */
export async function approveRequest(
  db: Kysely<Database>,
  actor: Actor,
  input: ApprovalInput,
  ip: string,
): Promise<{ userId: number; fullName: string }> {
  if (!can(actor.role, "access:review"))
    throw new AccessRequestError("not_allowed", "You may not answer access requests.");
  return inTransaction(db, async (trx) => {
    const request = await trx
      .selectFrom("access_requests")
      .selectAll()
      .where("id", "=", input.requestId)
      .forUpdate()
      .executeTakeFirst();
    // An unconfirmed address is not shown to coordinators: it cannot be answered either.
    if (!request || !request.email_verified_at)
      throw new AccessRequestError("not_found", "This request does not exist.");
    if (request.status !== "pending")
      throw new AccessRequestError("not_pending", "This request has already been answered.");
    const { organizationId, organizationCountry } = await organizationForApproval(trx, actor, input, request, ip);
    const { full_name: fullName, ...before } = await trx
      .selectFrom("users")
      .select(["full_name", "role", "status", "organization_id", "country_iso3"])
      .where("id", "=", request.user_id)
      .executeTakeFirstOrThrow();
    // Users act for their organization (and beneficiaries for its country), so its country wins.
    const country = organizationCountry ?? request.country_iso3;
    const after = {
      role: input.role,
      status: "active" as const,
      organization_id: organizationId,
      country_iso3: country,
    };
    await trx
      .updateTable("users")
      .set({ ...after, updated_at: new Date() })
      .where("id", "=", request.user_id)
      .execute();
    await trx
      .updateTable("access_requests")
      .set({ status: "approved", decided_by: actor.id, decided_at: new Date() })
      .where("id", "=", request.id)
      .execute();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "access.approved",
      entityType: "user",
      entityId: request.user_id,
      before,
      after,
      ip,
    });
    await notify(trx, { type: "access.approved", userId: request.user_id }, { actorId: actor.id });
    return { userId: request.user_id, fullName };
  });
}

/**
 * The organization an approved applicant joins: the existing one chosen (not the coordination
 * unit), or the one the request names, created here; the role must fit its kind.
 */
async function organizationForApproval(
  trx: Kysely<Database>,
  actor: Actor,
  input: ApprovalInput,
  request: Selectable<AccessRequestsTable>,
  ip: string,
): Promise<{ organizationId: number; organizationCountry: string | null }> {
  let organizationId = input.organizationId;
  let organizationCountry: string | null;
  const refuseMismatch = (kind: OrganizationKind) => {
    if (!roleFitsOrganization(input.role, kind))
      throw new AccessRequestError("role_mismatch", `A ${input.role} cannot belong to a ${kind}.`);
  };
  if (organizationId === null) {
    const name = (input.newOrganizationName ?? request.new_organization_name)?.trim();
    if (!name || !request.new_organization_kind)
      throw new AccessRequestError("unknown_organization", "Choose an organization.");
    refuseMismatch(request.new_organization_kind);
    const clash = await trx
      .selectFrom("organizations")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()))
      .executeTakeFirst();
    if (clash)
      throw new AccessRequestError(
        "organization_name_taken",
        "An organization with this name already exists: choose it instead.",
      );
    const created = await trx
      .insertInto("organizations")
      .values({
        kind: request.new_organization_kind,
        name,
        acronym: null,
        country_iso3: request.new_organization_country_iso3,
        iati_ref: null,
      })
      .returning(["id", "country_iso3"])
      .executeTakeFirstOrThrow();
    organizationId = created.id;
    organizationCountry = created.country_iso3;
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "organization.created",
      entityType: "organization",
      entityId: created.id,
      after: { name, kind: request.new_organization_kind },
      ip,
    });
  } else {
    const org = await trx
      .selectFrom("organizations")
      .select(["id", "kind", "country_iso3"])
      .where("id", "=", organizationId)
      .executeTakeFirst();
    if (!org || org.kind === "coordination_unit")
      throw new AccessRequestError("unknown_organization", "Unknown organization.", UNKNOWN_CHOICE("organization"));
    refuseMismatch(org.kind);
    organizationCountry = org.country_iso3;
  }
  return { organizationId, organizationCountry };
}

/** Rejects a request with a reason that the applicant reads at sign-in. Returns the applicant. */
export async function rejectRequest(
  db: Kysely<Database>,
  actor: Actor,
  requestId: number,
  reason: string,
  ip: string,
): Promise<{ userId: number; fullName: string }> {
  if (!can(actor.role, "access:review"))
    throw new AccessRequestError("not_allowed", "You may not answer access requests.");
  return inTransaction(db, async (trx) => {
    const request = await trx
      .selectFrom("access_requests")
      .selectAll()
      .where("id", "=", requestId)
      .forUpdate()
      .executeTakeFirst();
    if (!request || !request.email_verified_at)
      throw new AccessRequestError("not_found", "This request does not exist.");
    if (request.status !== "pending")
      throw new AccessRequestError("not_pending", "This request has already been answered.");
    await trx
      .updateTable("access_requests")
      .set({ status: "rejected", decided_by: actor.id, decided_at: new Date(), rejection_reason: reason })
      .where("id", "=", requestId)
      .execute();
    const user = await trx
      .updateTable("users")
      .set({ status: "rejected", updated_at: new Date() })
      .where("id", "=", request.user_id)
      .returning("full_name")
      .executeTakeFirstOrThrow();
    await revokeUserSessions(trx, request.user_id);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "access.rejected",
      entityType: "user",
      entityId: request.user_id,
      before: { status: "pending" },
      after: { status: "rejected", reason },
      ip,
    });
    await notify(trx, { type: "access.rejected", userId: request.user_id, reason }, { actorId: actor.id });
    return { userId: request.user_id, fullName: user.full_name };
  });
}
