import { expect, it } from "vitest";
import { requestAccess, rejectRequest } from "~/accounts/access-requests.server";
import { signIn, SIGN_IN_LIMITS } from "~/accounts/sign-in.server";
import { action as loginAction } from "~/routes/login";
import { asActor, createActor, createOrganization, formRequest, requestContext, setPassword } from "../../support/actors";
import { describeEachDatabase } from "../../support/database";

const PASSWORD = "correct horse battery";
let ipCounter = 0;
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

describeEachDatabase("sign-in", (use) => {
  it("signs in with the right password, whatever the e-mail's case, and audits it", async () => {
    const { db } = use();
    const actor = await createActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    const ip = freshIp();
    expect(await signIn(db, email.toUpperCase(), PASSWORD, ip)).toEqual({ ok: true, userId: actor.userId, role: "donor" });
    expect(await signIn(db, email, "wrong password", ip)).toEqual({ ok: false, reason: "invalid" });
    const actions = await db.selectFrom("audit_log").select("action").where("entity_id", "=", String(actor.userId)).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["auth.sign_in", "auth.sign_in_failed"]);
  });

  it("refuses the sixth attempt on one account within 15 minutes, even with the right password", async () => {
    const { db } = use();
    const actor = await createActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    expect(SIGN_IN_LIMITS.perAccount).toEqual({ limit: 5, windowSeconds: 900 });
    // From different addresses: the account's own limit is what stops it.
    for (let i = 0; i < 5; i++) expect(await signIn(db, email, `wrong-${i}`, freshIp())).toEqual({ ok: false, reason: "invalid" });
    const refused = await signIn(db, email, PASSWORD, freshIp());
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(refused.ok === false && refused.reason === "rate_limited" && refused.retryAfterSeconds).toBeGreaterThan(800);
    // The window passes: the account may try again.
    await db.updateTable("rate_limits").set({ window_started_at: new Date(Date.now() - 16 * 60_000) }).where("bucket", "=", `sign-in:account:${email}`).execute();
    expect(await signIn(db, email, PASSWORD, freshIp())).toMatchObject({ ok: true });
  });

  it("a successful sign-in forgets the account's earlier failures", async () => {
    const { db } = use();
    const actor = await createActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    for (let i = 0; i < 4; i++) await signIn(db, email, "wrong", freshIp());
    expect((await signIn(db, email, PASSWORD, freshIp())).ok).toBe(true);
    for (let i = 0; i < 4; i++) expect(await signIn(db, email, "wrong", freshIp())).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses an address after 30 attempts across accounts, but good sign-ins do not use it up", async () => {
    const { db } = use();
    const ip = freshIp();
    const actor = await createActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    for (let i = 0; i < 10; i++) expect((await signIn(db, email, PASSWORD, ip)).ok).toBe(true);
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) expect(await signIn(db, `nobody-${i}@test.example`, "x", ip)).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(db, email, PASSWORD, ip)).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await signIn(db, email, PASSWORD, freshIp())).toMatchObject({ ok: true });
  }, 120_000);

  it("the sign-in page says clearly that it is rate-limited, with 429 and Retry-After", async () => {
    const { db, mode } = use();
    const actor = await createActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    const post = () => loginAction({ request: formRequest("/login", { email, password: "wrong-password" }), params: {}, context: requestContext(db, mode) });
    for (let i = 0; i < 5; i++) await post();
    const refused = (await post()) as unknown as { data: { result: { error: Record<string, string[]> }; detail: { minutes: number } }; init: ResponseInit };
    expect(refused.init.status).toBe(429);
    expect(new Headers(refused.init.headers).get("Retry-After")).toMatch(/^\d+$/);
    expect(refused.data.result.error[""]).toEqual(["login.rateLimited"]);
    expect(refused.data.detail.minutes).toBe(15);
  });

  it("tells pending, rejected (with the reason) and suspended accounts why, only after the right password", async () => {
    const { db } = use();
    const pending = await createActor(db, "donor", { status: "pending" });
    const suspended = await createActor(db, "donor", { status: "suspended" });
    const pendingEmail = await setPassword(db, pending.userId, PASSWORD);
    const suspendedEmail = await setPassword(db, suspended.userId, PASSWORD);
    expect(await signIn(db, pendingEmail, PASSWORD, freshIp())).toEqual({ ok: false, reason: "pending" });
    expect(await signIn(db, pendingEmail, "wrong", freshIp())).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(db, suspendedEmail, PASSWORD, freshIp())).toEqual({ ok: false, reason: "suspended" });

    const coordinator = await createActor(db, "coordinator");
    const org = await createOrganization(db, "donor_agency", "NOR");
    const email = `rejected-${Date.now()}@test.example`;
    const { userId } = await requestAccess(
      db,
      { fullName: "Rita Rejected", email, password: PASSWORD, requestedRole: "donor", countryIso3: "NOR", justification: "Testing", organization: { existingId: org.id }, locale: "en" },
      "127.0.0.1",
    );
    const request = await db.selectFrom("access_requests").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow();
    await rejectRequest(db, asActor(coordinator), request.id, "Not a government agency.", "127.0.0.1");
    expect(await signIn(db, email, PASSWORD, freshIp())).toEqual({ ok: false, reason: "rejected", rejectionReason: "Not a government agency." });
  });
});
