import type { Kysely, Selectable } from "kysely";
import type { AccessRequestsTable, Database, OrganizationKind, Role } from "../../db/schema";
import { inTransaction } from "~/utils/transaction.server";
import { writeAudit } from "./audit.server";
import { roleFitsOrganization } from "./role-fit";
import { can, type Actor } from "./permissions";
import { revokeUserSessions } from "./session.server";
import { notify } from "~/notifications/notify.server";
import { AccessRequestError, UNKNOWN_CHOICE } from "./access-request-errors";

// Answering a request: approval (with its organization) or rejection.

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
    const request = await pendingRequest(trx, input.requestId);
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
    const request = await pendingRequest(trx, requestId);
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

/** The request being answered, locked; refused unless it is confirmed and still pending. */
async function pendingRequest(trx: Kysely<Database>, requestId: number): Promise<Selectable<AccessRequestsTable>> {
  const request = await trx
    .selectFrom("access_requests")
    .selectAll()
    .where("id", "=", requestId)
    .forUpdate()
    .executeTakeFirst();
  // An unconfirmed address is not shown to coordinators: it cannot be answered either.
  if (!request || !request.email_verified_at) throw new AccessRequestError("not_found", "This request does not exist.");
  if (request.status !== "pending")
    throw new AccessRequestError("not_pending", "This request has already been answered.");
  return request;
}
