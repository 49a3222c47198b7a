import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../../db/schema";
import {
  AccessRequestError,
  approveRequest,
  listPendingRequests,
  rejectRequest,
  requestAccess,
  verifyApplicantEmail,
  type AccessRequestInput,
} from "~/accounts/access-requests.server";
import { signIn } from "~/accounts/sign-in.server";
import { action as requestsAction, loader as requestsLoader } from "~/routes/admin.requests";
import { asActor, makeActor, makeOrganization } from "../../support/factories";
import { formRequest, getRequest, requestContext } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";

const PASSWORD = "a good long password";
let n = 0;

async function ask(
  db: Kysely<Database>,
  organization: AccessRequestInput["organization"],
  extra: Partial<AccessRequestInput> = {},
) {
  n += 1;
  const email = `applicant-${n}-${Date.now()}@test.example`;
  const { userId, verifyToken } = await requestAccess(
    db,
    {
      fullName: `Applicant ${n}`,
      email,
      password: PASSWORD,
      requestedRole: "beneficiary",
      countryIso3: "TJK",
      justification: "I lead the drug control agency's analysis unit.",
      organization,
      locale: "ru",
      ...extra,
    },
    "127.0.0.1",
  );
  // The applicant opens the link e-mailed to them: only then do coordinators see the request.
  expect(await verifyApplicantEmail(db, verifyToken, "127.0.0.1")).toBe(true);
  const { id } = await db
    .selectFrom("access_requests")
    .select("id")
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return { userId, email, requestId: id };
}

const audit = (db: Kysely<Database>, action: string, entityId: number) =>
  db
    .selectFrom("audit_log")
    .select(["actor_user_id", "before", "after"])
    .where("action", "=", action)
    .where("entity_id", "=", String(entityId))
    .execute();

describeEachDatabase("access requests", (use) => {
  it("a request creates a pending account that cannot sign in, audited", async () => {
    const { db } = use();
    const org = await makeOrganization(db, "beneficiary_agency", "TJK");
    const { userId, email, requestId } = await ask(db, { existingId: org.id });
    const user = await db
      .selectFrom("users")
      .select(["status", "organization_id", "locale"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ status: "pending", organization_id: null, locale: "ru" });
    expect(await signIn(db, email, PASSWORD, "10.1.0.1")).toEqual({ ok: false, reason: "pending" });
    expect(await audit(db, "access.requested", requestId)).toHaveLength(1);
    await expect(ask(db, { existingId: org.id }, { email })).rejects.toMatchObject({ code: "email_taken" });
  });

  it("approval with an existing organization activates the account there, and the person signs in", async () => {
    const { db } = use();
    const coordinator = await makeActor(db, "coordinator");
    const org = await makeOrganization(db, "beneficiary_agency", "KAZ");
    const { userId, email, requestId } = await ask(db, { existingId: org.id });
    const result = await approveRequest(
      db,
      asActor(coordinator),
      { requestId, role: "beneficiary", organizationId: org.id },
      "127.0.0.1",
    );
    expect(result).toEqual({ userId, fullName: expect.stringMatching(/^Applicant/) });
    const user = await db
      .selectFrom("users")
      .select(["status", "role", "organization_id", "country_iso3"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    // The organization's country wins over the one the person typed.
    expect(user).toEqual({ status: "active", role: "beneficiary", organization_id: org.id, country_iso3: "KAZ" });
    const request = await db
      .selectFrom("access_requests")
      .select(["status", "decided_by"])
      .where("id", "=", requestId)
      .executeTakeFirstOrThrow();
    expect(request).toEqual({ status: "approved", decided_by: coordinator.userId });
    const [row] = await audit(db, "access.approved", userId);
    expect(row).toMatchObject({
      actor_user_id: coordinator.userId,
      before: { status: "pending", role: "beneficiary" },
      after: { status: "active", organization_id: org.id },
    });
    expect(await signIn(db, email, PASSWORD, "10.1.0.2")).toMatchObject({ ok: true, userId });
  });

  it(
    "approval creates the proposed organization (with " + "a corrected name and role) in the same transaction",
    async () => {
      const { db } = use();
      const admin = await makeActor(db, "admin");
      const proposed = `Drug Control Agency ${Date.now()}`;
      // A donor agency, asked for as a beneficiary: the coordinator corrects the role to one that fits.
      const { userId, requestId } = await ask(db, {
        newName: proposed,
        newKind: "donor_agency",
        newCountryIso3: "TJK",
      });
      const corrected = `${proposed} of Tajikistan`;
      await approveRequest(
        db,
        asActor(admin),
        { requestId, role: "donor", organizationId: null, newOrganizationName: corrected },
        "127.0.0.1",
      );
      const org = await db
        .selectFrom("organizations")
        .select(["id", "kind", "country_iso3"])
        .where("name", "=", corrected)
        .executeTakeFirstOrThrow();
      expect(org).toMatchObject({ kind: "donor_agency", country_iso3: "TJK" });
      const user = await db
        .selectFrom("users")
        .select(["role", "organization_id"])
        .where("id", "=", userId)
        .executeTakeFirstOrThrow();
      expect(user).toEqual({ role: "donor", organization_id: org.id });
      expect(await audit(db, "organization.created", org.id)).toHaveLength(1);
    },
  );

  it("refuses to create an organization whose name exists, changing nothing", async () => {
    const { db } = use();
    const coordinator = await makeActor(db, "coordinator");
    const existing = await makeOrganization(db, "beneficiary_agency", "TJK");
    const existingName = (
      await db.selectFrom("organizations").select("name").where("id", "=", existing.id).executeTakeFirstOrThrow()
    ).name;
    const { userId, requestId } = await ask(db, {
      newName: existingName.toUpperCase(),
      newKind: "beneficiary_agency",
      newCountryIso3: "TJK",
    });
    await expect(
      approveRequest(db, asActor(coordinator), { requestId, role: "beneficiary", organizationId: null }, "127.0.0.1"),
    ).rejects.toMatchObject({ code: "organization_name_taken" });
    expect(
      (await db.selectFrom("users").select("status").where("id", "=", userId).executeTakeFirstOrThrow()).status,
    ).toBe("pending");
  });

  it("rejection keeps the reason, which the person reads at sign-in", async () => {
    const { db } = use();
    const coordinator = await makeActor(db, "coordinator");
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const { userId, email, requestId } = await ask(db, { existingId: org.id });
    await rejectRequest(db, asActor(coordinator), requestId, "Please apply with your agency e-mail.", "127.0.0.1");
    expect(await signIn(db, email, PASSWORD, "10.1.0.3")).toEqual({
      ok: false,
      reason: "rejected",
      rejectionReason: "Please apply with your agency e-mail.",
    });
    const [row] = await audit(db, "access.rejected", userId);
    expect(row).toMatchObject({
      actor_user_id: coordinator.userId,
      before: { status: "pending" },
      after: { status: "rejected", reason: "Please apply with your agency e-mail." },
    });
  });

  it("a request is decided once: a second decision is refused, either way", async () => {
    const { db } = use();
    const coordinator = await makeActor(db, "coordinator");
    const org = await makeOrganization(db, "beneficiary_agency", "TJK");
    const { requestId } = await ask(db, { existingId: org.id });
    await approveRequest(
      db,
      asActor(coordinator),
      { requestId, role: "beneficiary", organizationId: org.id },
      "127.0.0.1",
    );
    await expect(
      approveRequest(db, asActor(coordinator), { requestId, role: "donor", organizationId: org.id }, "127.0.0.1"),
    ).rejects.toMatchObject({ code: "not_pending" });
    await expect(rejectRequest(db, asActor(coordinator), requestId, "late", "127.0.0.1")).rejects.toBeInstanceOf(
      AccessRequestError,
    );
    // Two coordinators at once: exactly one wins.
    const second = await ask(db, { existingId: org.id });
    const outcomes = await Promise.allSettled([
      approveRequest(
        db,
        asActor(coordinator),
        { requestId: second.requestId, role: "beneficiary", organizationId: org.id },
        "127.0.0.1",
      ),
      rejectRequest(db, asActor(coordinator), second.requestId, "duplicate", "127.0.0.1"),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
  });

  it("only staff may decide", async () => {
    const { db } = use();
    const donor = await makeActor(db, "donor");
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const { requestId } = await ask(db, { existingId: org.id });
    await expect(rejectRequest(db, asActor(donor), requestId, "no", "127.0.0.1")).rejects.toMatchObject({
      code: "not_allowed",
    });
  });

  it("lists the queue oldest first, a page at a time, with overdue requests marked", async () => {
    const { db } = use();
    await db.updateTable("access_requests").set({ status: "approved" }).where("status", "=", "pending").execute();
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const old = await ask(db, { existingId: org.id });
    const recent = await ask(db, { existingId: org.id });
    const newest = await ask(db, { existingId: org.id });
    await db
      .updateTable("access_requests")
      .set({ created_at: new Date(Date.now() - 50 * 3_600_000) })
      .where("id", "=", old.requestId)
      .execute();
    await db
      .updateTable("access_requests")
      .set({ created_at: new Date(Date.now() - 47 * 3_600_000) })
      .where("id", "=", recent.requestId)
      .execute();
    const first = await listPendingRequests(db, { pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.overdue).toBe(1);
    expect(first.rows.map((r) => [r.id, r.overdue])).toEqual([
      [old.requestId, true],
      [recent.requestId, false],
    ]);
    expect(first.rows[0].ageHours).toBeGreaterThan(49.9);
    expect(first.rows[0].countryName).toEqual({ en: "Tajikistan", ru: "Таджикистан" });
    const second = await listPendingRequests(db, { pageSize: 2, page: 2 });
    expect(second.rows.map((r) => r.id)).toEqual([newest.requestId]);
  });

  it("the queue page approves and rejects, and tells a refused decision on the request", async () => {
    const { db, mode } = use();
    const coordinator = await makeActor(db, "coordinator");
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const a = await ask(db, { existingId: org.id });
    const b = await ask(db, { existingId: org.id });
    const context = requestContext(db, mode);
    const page = await requestsLoader({
      request: getRequest("/admin/requests", coordinator.cookie),
      params: {},
      context,
    });
    expect(page.rows.map((r) => r.id)).toEqual(expect.arrayContaining([a.requestId, b.requestId]));
    const post = (fields: Record<string, string>) =>
      requestsAction({
        request: formRequest("/admin/requests", fields, coordinator.cookie),
        params: {},
        context,
      }) as unknown as Promise<{
        data: { done: unknown; requestId: number; result: { error?: Record<string, string[]> } };
        init: ResponseInit | null;
      }>;
    const approved = await post({
      intent: "approve",
      requestId: String(a.requestId),
      role: "donor",
      organization: String(org.id),
    });
    expect(approved.data.done).toEqual({ intent: "approve", name: expect.stringMatching(/^Applicant/) });
    const again = await post({ intent: "reject", requestId: String(a.requestId), reason: "too late" });
    expect(again.init?.status).toBe(409);
    expect(again.data).toMatchObject({
      requestId: a.requestId,
      result: { error: { "": ["requests.error.not_pending"] } },
    });
    const noReason = await post({ intent: "reject", requestId: String(b.requestId), reason: "  " });
    expect(noReason.init?.status).toBe(400);
    expect(noReason.data.result.error?.reason).toEqual(["form.required"]);
    const rejected = await post({ intent: "reject", requestId: String(b.requestId), reason: "Unknown agency" });
    expect(rejected.data.done).toMatchObject({ intent: "reject" });
  });
});
