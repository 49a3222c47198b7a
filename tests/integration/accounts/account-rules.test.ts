import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { approveRequest, requestAccess, verifyApplicantEmail } from "~/accounts/access-requests.server";
import { JoinSchema } from "~/accounts/schemas";
import { passwordProblem } from "~/accounts/password-policy.server";
import { deleteExpiredSessions, getSessionUser, SESSION_COOKIE } from "~/accounts/session.server";
import { changeRole } from "~/accounts/users.server";
import { action as joinAction } from "~/routes/join";
import { action as loginAction } from "~/routes/login";
import { action as profileAction } from "~/routes/profile";
import { action as requestsAction } from "~/routes/admin.requests";
import { asActor, makeActor, makeOrganization, setPassword } from "../../support/factories";
import { formRequest, getRequest, requestContext, TEST_CSRF } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";

const STRONG = "violet tractor under snow";
let n = 0;
const unique = () => `${++n}-${Date.now()}`;
const tokenOf = (setCookie: string) => setCookie.split(";")[0].split("=").slice(1).join("=");
const hash = (token: string) => createHash("sha256").update(token).digest("hex");
type Answer = { data: { result: { error?: Record<string, string[]> } }; init: ResponseInit | null };

describeEachDatabase("account rules", (use) => {
  it("the password policy refuses short, common, predictable and personal passwords", async () => {
    const owner = { email: "zarina.karimova@agency.example", fullName: "Zarina Karimova" };
    expect(await passwordProblem("short one", owner)).toBe("form.passwordShort");
    for (const common of ["password12", "1234567890", "qwertyuiop"])
      expect(await passwordProblem(common, owner)).toBe("form.passwordShort");
    for (const common of ["password1234", "123456789012", "qwertyuiopas", "iloveyou2026"])
      expect(await passwordProblem(common, owner)).toBe("password.common");
    for (const predictable of ["aaaaaaaaaaaa", "abcdefghijkl"])
      expect(await passwordProblem(predictable, owner)).toBe("password.predictable");
    expect(await passwordProblem("zarina.karimova1", owner)).toBe("password.containsEmail");
    expect(await passwordProblem("Summer-in-KARIMOVA-land", { ...owner, email: "zk@agency.example" })).toBe(
      "password.containsName",
    );
    expect(await passwordProblem(STRONG, owner)).toBeNull();
    expect(await passwordProblem("x".repeat(201), owner)).toBe("password.tooLong");
  });

  it(
    "/join answers a weak password on its field, and the " + "browser's schema knows the length, e-mail and name rules",
    async () => {
      const { db, mode } = use();
      const org = await makeOrganization(db, "beneficiary_agency", "TJK");
      const fields = (password: string) => ({
        fullName: "Zarina Karimova",
        email: `zarina-${unique()}@agency.example`,
        organization: String(org.id),
        role: "beneficiary",
        country: "TJK",
        justification: "Analyst.",
        password,
      });
      const post = (password: string) =>
        joinAction({
          request: formRequest("/join", fields(password)),
          params: {},
          context: { ...requestContext(db, mode), clientIp: `10.9.0.${n}` },
        }) as unknown as Promise<Answer>;
      const common = await post("password1234");
      expect(common.init?.status).toBe(400);
      expect(common.data.result.error?.password).toEqual(["password.common"]);
      expect((await post("qwertyuiop")).data.result.error?.password).toEqual(["form.passwordShort"]);
      const browser = JoinSchema.safeParse(fields("karimova-2026-summer"));
      expect(browser.success ? [] : browser.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["password", "password.containsName"],
      ]);
      expect(await db.selectFrom("users").select("id").where("full_name", "=", "Zarina Karimova").execute()).toEqual(
        [],
      );
    },
  );

  it("/join gives an e-mail that has an account the same answer as a new one, and changes nothing", async () => {
    const { db, mode } = use();
    const org = await makeOrganization(db, "beneficiary_agency", "TJK");
    const email = `known-${unique()}@agency.example`;
    const fields = {
      fullName: "Karim Known",
      email,
      organization: String(org.id),
      role: "beneficiary",
      country: "TJK",
      justification: "Analyst.",
      password: STRONG,
    };
    const post = () =>
      joinAction({
        request: formRequest("/join", fields),
        params: {},
        context: { ...requestContext(db, mode), clientIp: "10.9.1.1" },
      }) as Promise<Response>;
    const fresh = await post();
    const again = await post();
    expect([fresh.status, again.status]).toEqual([302, 302]);
    expect(again.headers.get("Location")).toBe(fresh.headers.get("Location"));
    expect(await db.selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    const audited = await db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "access.requested_for_existing_account")
      .where("ip", "=", "10.9.1.1")
      .execute();
    expect(audited).toHaveLength(1);
  });

  it("/join is throttled per address with 429, Retry-After and an audit entry", async () => {
    const { db, mode } = use();
    const org = await makeOrganization(db, "beneficiary_agency", "TJK");
    const ip = "10.9.2.1";
    const post = () =>
      joinAction({
        request: formRequest("/join", {
          fullName: "Bulk Applicant",
          email: `bulk-${unique()}@agency.example`,
          organization: String(org.id),
          role: "beneficiary",
          country: "TJK",
          justification: "x",
          password: STRONG,
        }),
        params: {},
        context: { ...requestContext(db, mode), clientIp: ip },
      }) as unknown as Promise<Response | Answer>;
    for (let i = 0; i < 10; i++) expect(((await post()) as Response).status).toBe(302);
    const refused = (await post()) as Answer;
    expect(refused.init?.status).toBe(429);
    expect(Number(new Headers(refused.init?.headers).get("Retry-After"))).toBeGreaterThan(0);
    expect(
      await db
        .selectFrom("audit_log")
        .select("id")
        .where("action", "=", "access.request_throttled")
        .where("ip", "=", ip)
        .execute(),
    ).toHaveLength(1);
  }, 120_000);

  it("the profile refuses a weak new password on its field", async () => {
    const { db, mode } = use();
    const donor = await makeActor(db, "donor");
    await setPassword(db, donor.userId, "the old password");
    const post = (newPassword: string) =>
      profileAction({
        request: formRequest(
          "/profile",
          { intent: "password", currentPassword: "the old password", newPassword, confirmPassword: newPassword },
          donor.cookie,
        ),
        params: {},
        context: requestContext(db, mode),
      }) as unknown as Promise<Answer>;
    const refused = await post("123456789012");
    expect(refused.init?.status).toBe(400);
    expect(refused.data.result.error?.newPassword).toEqual(["password.common"]);
    const email = (
      await db.selectFrom("users").select("email").where("id", "=", donor.userId).executeTakeFirstOrThrow()
    ).email;
    expect((await post(`${email.split("@")[0]}-extra`)).data.result.error?.newPassword).toEqual([
      "password.containsEmail",
    ]);
  });

  it("signing in replaces this browser's previous session: its old token stops working", async () => {
    const { db, mode } = use();
    const donor = await makeActor(db, "donor");
    const email = await setPassword(db, donor.userId, STRONG);
    const oldCookie = donor.cookie;
    expect((await getSessionUser(getRequest("/dashboard", oldCookie), db))?.id).toBe(donor.userId);
    const response = (await loginAction({
      request: formRequest("/login", { email, password: STRONG }, oldCookie),
      params: {},
      context: requestContext(db, mode),
    })) as Response;
    expect(response.status).toBe(302);
    const newToken = tokenOf(response.headers.get("Set-Cookie")!);
    expect(`${SESSION_COOKIE}=${newToken}`).not.toBe(oldCookie.split(";")[0]);
    expect(await getSessionUser(getRequest("/dashboard", oldCookie), db)).toBeNull();
    expect(
      (await getSessionUser(getRequest("/dashboard", `${SESSION_COOKIE}=${newToken}; adam_csrf=${TEST_CSRF}`), db))?.id,
    ).toBe(donor.userId);
  });

  it("deleteExpiredSessions deletes expired sessions and those of inactive accounts, and keeps live ones", async () => {
    const { db } = use();
    const live = await makeActor(db, "donor");
    const expired = await makeActor(db, "donor");
    const suspended = await makeActor(db, "donor");
    await db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", expired.userId)
      .execute();
    await db.updateTable("users").set({ status: "suspended" }).where("id", "=", suspended.userId).execute();
    await deleteExpiredSessions(db);
    const left = async (userId: number) =>
      (await db.selectFrom("sessions").select("token_hash").where("user_id", "=", userId).execute()).length;
    expect([await left(live.userId), await left(expired.userId), await left(suspended.userId)]).toEqual([1, 0, 0]);
    const liveToken = live.cookie.split(";")[0].split("=")[1];
    expect(
      await db.selectFrom("sessions").select("user_id").where("token_hash", "=", hash(liveToken)).executeTakeFirst(),
    ).toEqual({ user_id: live.userId });
  });

  it("approval refuses a role that does not fit the organization's kind, on the page too", async () => {
    const { db, mode } = use();
    const coordinator = await makeActor(db, "coordinator");
    const beneficiaryAgency = await makeOrganization(db, "beneficiary_agency", "TJK");
    const donorAgency = await makeOrganization(db, "donor_agency", "NOR");
    const { userId, verifyToken } = await requestAccess(
      db,
      {
        fullName: "Dana Donor",
        email: `dana-${unique()}@agency.example`,
        password: STRONG,
        requestedRole: "donor",
        countryIso3: "NOR",
        justification: "Donor desk.",
        organization: { existingId: beneficiaryAgency.id },
        locale: "en",
      },
      "127.0.0.1",
    );
    await verifyApplicantEmail(db, verifyToken, "127.0.0.1");
    const { id: requestId } = await db
      .selectFrom("access_requests")
      .select("id")
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    await expect(
      approveRequest(
        db,
        asActor(coordinator),
        { requestId, role: "donor", organizationId: beneficiaryAgency.id },
        "127.0.0.1",
      ),
    ).rejects.toMatchObject({ code: "role_mismatch" });
    const page = (await requestsAction({
      request: formRequest(
        "/admin/requests",
        { intent: "approve", requestId: String(requestId), role: "donor", organization: String(beneficiaryAgency.id) },
        coordinator.cookie,
      ),
      params: {},
      context: requestContext(db, mode),
    })) as unknown as Answer;
    expect(page.init?.status).toBe(409);
    expect(page.data.result.error?.[""]).toEqual(["requests.error.role_mismatch"]);
    expect(
      (await db.selectFrom("users").select("status").where("id", "=", userId).executeTakeFirstOrThrow()).status,
    ).toBe("pending");
    // The same person, approved into a donor agency, is let in.
    await approveRequest(
      db,
      asActor(coordinator),
      { requestId, role: "donor", organizationId: donorAgency.id },
      "127.0.0.1",
    );
    expect(
      await db
        .selectFrom("users")
        .select(["status", "organization_id"])
        .where("id", "=", userId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: "active", organization_id: donorAgency.id });
  });

  it("an administrator cannot give a role that does not fit the user's organization", async () => {
    const { db } = use();
    const admin = await makeActor(db, "admin");
    const beneficiaryAgency = await makeOrganization(db, "beneficiary_agency", "TJK");
    const member = await makeActor(db, "beneficiary", { organizationId: beneficiaryAgency.id, countryIso3: "TJK" });
    for (const role of ["donor", "coordinator", "admin"] as const) {
      await expect(changeRole(db, asActor(admin), member.userId, role, "127.0.0.1")).rejects.toMatchObject({
        code: "role_mismatch",
      });
    }
    expect(
      (await db.selectFrom("users").select("role").where("id", "=", member.userId).executeTakeFirstOrThrow()).role,
    ).toBe("beneficiary");
  });
});
