import { expect, it } from "vitest";
import { requestAccess, rejectRequest, verifyApplicantEmail } from "~/accounts/access-requests.server";
import { signIn, SIGN_IN_THROTTLE } from "~/accounts/sign-in.server";
import { action as loginAction } from "~/routes/login";
import { asActor, makeActor, makeOrganization, setPassword } from "../../support/factories";
import { formRequest, requestContext } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";

const PASSWORD = "correct horse battery";
let ipCounter = 0;
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

describeEachDatabase("sign-in", (use) => {
  it("signs in with the right password, whatever the e-mail's case, and audits it", async () => {
    const { db } = use();
    const actor = await makeActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    const ip = freshIp();
    expect(await signIn(db, email.toUpperCase(), PASSWORD, ip)).toEqual({
      ok: true,
      userId: actor.userId,
      role: "donor",
    });
    expect(await signIn(db, email, "wrong password", ip)).toEqual({ ok: false, reason: "invalid" });
    const actions = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", String(actor.userId))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["auth.sign_in", "auth.sign_in_failed"]);
  });

  it("an attacked account still lets its owner in from an address that has not failed", async () => {
    const { db } = use();
    const actor = await makeActor(db, "coordinator");
    const email = await setPassword(db, actor.userId, PASSWORD);
    const attacker = freshIp();
    for (let i = 0; i < 12; i++) await signIn(db, email, `wrong-${i}`, attacker);
    // The attacker's address is made to wait, even with the right password...
    expect(await signIn(db, email, PASSWORD, attacker)).toMatchObject({ ok: false, reason: "rate_limited" });
    // ...the owner, elsewhere, is not.
    expect(await signIn(db, email, PASSWORD, freshIp())).toEqual({
      ok: true,
      userId: actor.userId,
      role: "coordinator",
    });
  });

  it("an (account, address) pair waits after 5 failures, with delays that double and a Retry-After", async () => {
    const { db } = use();
    const actor = await makeActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    const ip = freshIp();
    const { pair } = SIGN_IN_THROTTLE;
    expect(pair).toEqual({ freeFailures: 5, firstDelaySeconds: 30, maxDelaySeconds: 900, forgetAfterSeconds: 3600 });
    let now = new Date();
    const at = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
    for (let i = 0; i < 5; i++)
      expect(await signIn(db, email, `wrong-${i}`, ip, at(1))).toEqual({ ok: false, reason: "invalid" });
    const first = await signIn(db, email, PASSWORD, ip, at(1));
    expect(first).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 29 });
    // Waiting out the delay allows one more try; another failure doubles the wait.
    expect(await signIn(db, email, "wrong-again", ip, at(29))).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(db, email, PASSWORD, ip, at(1))).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: 59,
    });
    expect(await signIn(db, email, "wrong-again", ip, at(59))).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(db, email, PASSWORD, ip, at(1))).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: 119,
    });
    // Refused attempts do not count: the wait does not grow while the owner keeps trying.
    expect(await signIn(db, email, PASSWORD, ip, at(60))).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: 59,
    });
    expect(await signIn(db, email, PASSWORD, ip, at(59))).toEqual({ ok: true, userId: actor.userId, role: "donor" });
    // The right password forgets the pair's failures.
    for (let i = 0; i < 5; i++)
      expect(await signIn(db, email, "wrong", ip, at(1))).toEqual({ ok: false, reason: "invalid" });
  });

  it("the delay never exceeds 15 minutes, and an hour without failures forgets them", async () => {
    const { db } = use();
    const actor = await makeActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    const ip = freshIp();
    let now = new Date();
    const at = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
    // Failures spaced by 15 minutes always get through the wait, and the counter keeps growing.
    for (let i = 0; i < 10; i++)
      expect(await signIn(db, email, `wrong-${i}`, ip, at(900))).toEqual({ ok: false, reason: "invalid" });
    const capped = await signIn(db, email, PASSWORD, ip, at(1));
    expect(capped).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 899 });
    expect(await signIn(db, email, PASSWORD, ip, at(3601))).toMatchObject({ ok: true });
  });

  it("parallel guesses cannot slip past the limit before the first ones fail", async () => {
    const { db } = use();
    const actor = await makeActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    const ip = freshIp();
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(db, email, `guess-${i}`, ip)));
    expect(outcomes.filter((o) => !o.ok && o.reason === "invalid")).toHaveLength(SIGN_IN_THROTTLE.pair.freeFailures);
    expect(outcomes.filter((o) => !o.ok && o.reason === "rate_limited")).toHaveLength(
      12 - SIGN_IN_THROTTLE.pair.freeFailures,
    );
  }, 60_000);

  it(
    "an address slows down after 20 failures across accounts; " +
      "good sign-ins do not count; throttled attempts are audited",
    async () => {
      const { db } = use();
      const ip = freshIp();
      const actor = await makeActor(db, "donor");
      const email = await setPassword(db, actor.userId, PASSWORD);
      expect(SIGN_IN_THROTTLE.address.freeFailures).toBe(20);
      for (let i = 0; i < 10; i++) expect((await signIn(db, email, PASSWORD, ip)).ok).toBe(true);
      for (let i = 0; i < 20; i++)
        expect(await signIn(db, `nobody-${i}@test.example`, "x", ip)).toEqual({ ok: false, reason: "invalid" });
      expect(await signIn(db, email, PASSWORD, ip)).toMatchObject({ ok: false, reason: "rate_limited" });
      expect(await signIn(db, email, PASSWORD, freshIp())).toMatchObject({ ok: true });
      const throttled = await db
        .selectFrom("audit_log")
        .select(["entity_id", "ip", "after"])
        .where("action", "=", "auth.sign_in_throttled")
        .where("ip", "=", ip)
        .execute();
      expect(throttled).toEqual([
        { entity_id: String(actor.userId), ip, after: { retry_after_seconds: expect.any(Number) } },
      ]);
    },
    120_000,
  );

  it("signing in to one's own account does not reset the address's failures", async () => {
    const { db } = use();
    const ip = freshIp();
    const actor = await makeActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    for (let i = 0; i < 19; i++) await signIn(db, `victim-${i}@test.example`, "x", ip);
    expect((await signIn(db, email, PASSWORD, ip)).ok).toBe(true);
    expect(await signIn(db, "victim-last@test.example", "x", ip)).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(db, "victim-next@test.example", "x", ip)).toMatchObject({ ok: false, reason: "rate_limited" });
  }, 120_000);

  it("the sign-in page says clearly that it is throttled, with 429 and Retry-After", async () => {
    const { db, mode } = use();
    const actor = await makeActor(db, "donor");
    const email = await setPassword(db, actor.userId, PASSWORD);
    const context = { ...requestContext(db, mode), clientIp: freshIp() };
    const post = () =>
      loginAction({ request: formRequest("/login", { email, password: "wrong-password" }), params: {}, context });
    for (let i = 0; i < 5; i++) await post();
    const refused = (await post()) as unknown as {
      data: { result: { error: Record<string, string[]> }; detail: { retryAfterSeconds: number } };
      init: ResponseInit;
    };
    expect(refused.init.status).toBe(429);
    const retryAfter = Number(new Headers(refused.init.headers).get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(refused.data.result.error[""]).toEqual(["login.rateLimited"]);
    expect(refused.data.detail.retryAfterSeconds).toBe(retryAfter);
  });

  it(
    "tells pending, rejected (with the reason) and " + "suspended accounts why, only after the right password",
    async () => {
      const { db } = use();
      const pending = await makeActor(db, "donor", { status: "pending" });
      const suspended = await makeActor(db, "donor", { status: "suspended" });
      const pendingEmail = await setPassword(db, pending.userId, PASSWORD);
      const suspendedEmail = await setPassword(db, suspended.userId, PASSWORD);
      expect(await signIn(db, pendingEmail, PASSWORD, freshIp())).toEqual({ ok: false, reason: "pending" });
      expect(await signIn(db, pendingEmail, "wrong", freshIp())).toEqual({ ok: false, reason: "invalid" });
      expect(await signIn(db, suspendedEmail, PASSWORD, freshIp())).toEqual({ ok: false, reason: "suspended" });

      const coordinator = await makeActor(db, "coordinator");
      const org = await makeOrganization(db, "donor_agency", "NOR");
      const email = `rejected-${Date.now()}@test.example`;
      const { userId, verifyToken } = await requestAccess(
        db,
        {
          fullName: "Rita Rejected",
          email,
          password: PASSWORD,
          requestedRole: "donor",
          countryIso3: "NOR",
          justification: "Testing",
          organization: { existingId: org.id },
          locale: "en",
        },
        "127.0.0.1",
      );
      await verifyApplicantEmail(db, verifyToken, "127.0.0.1");
      const request = await db
        .selectFrom("access_requests")
        .select("id")
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow();
      await rejectRequest(db, asActor(coordinator), request.id, "Not a government agency.", "127.0.0.1");
      expect(await signIn(db, email, PASSWORD, freshIp())).toEqual({
        ok: false,
        reason: "rejected",
        rejectionReason: "Not a government agency.",
      });
    },
  );
});
