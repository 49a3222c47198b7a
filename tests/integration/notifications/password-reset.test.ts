import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../../db/schema";
import { hashEmailToken } from "~/accounts/email-tokens.server";
import { requestPasswordReset, resetPassword, RESET_THROTTLE } from "~/accounts/password-reset.server";
import { signIn } from "~/accounts/sign-in.server";
import { flashCookieValue, parseFlash } from "~/flash/flash.server";
import { requestAccess } from "~/accounts/access-requests.server";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as verifyAction } from "~/routes/verify-email";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password";
import { makeActor, makeOrganization, setPassword } from "../../support/factories";
import { formRequest, getRequest, requestContext } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";

const OLD = "the old password of mine";
const NEW = "a brand new passphrase here";
let ipCounter = 0;
const freshIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** The reset link of the newest reset mail to an address, read from the outbox. */
async function linkFor(db: Kysely<Database>, email: string): Promise<string | null> {
  const mail = await db
    .selectFrom("mail_outbox")
    .select("text_body")
    .where("to_address", "=", email)
    .where("kind", "=", "reset_password")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return mail ? /reset-password\?token=([A-Za-z0-9_-]{43})/.exec(mail.text_body)![1] : null;
}

describeEachDatabase("password reset", (use) => {
  it(
    "sends a single-use link (stored hashed) and sets a new " +
      "password that the policy accepts, ending every session",
    async () => {
      const { db, mode } = use();
      const user = await makeActor(db, "donor");
      const email = await setPassword(db, user.userId, OLD);
      await db.updateTable("users").set({ locale: "ru" }).where("id", "=", user.userId).execute();
      const ip = freshIp();
      expect(await requestPasswordReset(db, email, ip)).toEqual({ ok: true });
      const token = (await linkFor(db, email))!;
      const mail = await db
        .selectFrom("mail_outbox")
        .select(["subject", "html_body"])
        .where("to_address", "=", email)
        .executeTakeFirstOrThrow();
      expect(mail.subject).toBe("ADAM: сброс пароля");
      expect(mail.html_body).toContain(`/reset-password?token=${token}`);
      const stored = await db
        .selectFrom("email_tokens")
        .select(["token_hash", "expires_at", "created_at"])
        .where("user_id", "=", user.userId)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).toBe(hashEmailToken(token));
      expect(stored.token_hash).not.toContain(token);
      expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBe(3_600_000);

      const context = requestContext(db, mode);
      expect(await resetLoader({ request: getRequest(`/reset-password?token=${token}`), params: {}, context })).toEqual(
        {
          token,
          live: true,
        },
      );
      // The policy applies: a common password is refused, and the link stays usable.
      const weak = (await resetAction({
        request: formRequest("/reset-password", { token, password: "password1234", confirmPassword: "password1234" }),
        params: {},
        context,
      })) as unknown as { init: ResponseInit };
      expect(weak.init.status).toBe(400);
      const done = (await resetAction({
        request: formRequest("/reset-password", { token, password: NEW, confirmPassword: NEW }),
        params: {},
        context,
      })) as Response;
      expect(done.status).toBe(302);
      expect(done.headers.get("Location")).toBe("/login");
      expect(parseFlash(flashCookieValue(done.headers.get("Set-Cookie") ?? undefined))?.key).toBe("reset.done");
      expect(await db.selectFrom("sessions").select("token_hash").where("user_id", "=", user.userId).execute()).toEqual(
        [],
      );
      expect(await signIn(db, email, OLD, freshIp())).toEqual({ ok: false, reason: "invalid" });
      expect(await signIn(db, email, NEW, freshIp())).toMatchObject({ ok: true, userId: user.userId });
      // Used once: never again.
      await expect(resetPassword(db, token, "yet another long passphrase", freshIp())).rejects.toMatchObject({
        code: "invalid",
      });
      expect(await resetLoader({ request: getRequest(`/reset-password?token=${token}`), params: {}, context })).toEqual(
        {
          token,
          live: false,
        },
      );
    },
  );

  it("a link lapses after an hour, and a newer reset kills the older links", async () => {
    const { db } = use();
    const user = await makeActor(db, "beneficiary");
    const email = await setPassword(db, user.userId, OLD);
    const asked = new Date(Date.now() - 61 * 60_000);
    await requestPasswordReset(db, email, freshIp(), asked);
    const lapsed = (await linkFor(db, email))!;
    await expect(resetPassword(db, lapsed, NEW, freshIp())).rejects.toMatchObject({ code: "invalid" });
    await requestPasswordReset(db, email, freshIp());
    const first = (await linkFor(db, email))!;
    await requestPasswordReset(db, email, freshIp());
    const second = (await linkFor(db, email))!;
    await resetPassword(db, second, NEW, freshIp());
    await expect(resetPassword(db, first, "yet another long passphrase", freshIp())).rejects.toMatchObject({
      code: "invalid",
    });
  });

  it("answers the same whether or not the address has an account, and mails only an active account", async () => {
    const { db, mode } = use();
    const active = await makeActor(db, "donor");
    const activeEmail = await setPassword(db, active.userId, OLD);
    const suspended = await makeActor(db, "donor", { status: "suspended" });
    const suspendedEmail = await setPassword(db, suspended.userId, OLD);
    const context = requestContext(db, mode);
    const answers = [];
    for (const email of [activeEmail, "nobody-here@test.example", suspendedEmail]) {
      const response = (await forgotAction({
        request: formRequest("/forgot-password", { email }),
        params: {},
        context,
      })) as Response;
      const notice = parseFlash(flashCookieValue(response.headers.get("Set-Cookie") ?? undefined))?.key;
      answers.push([response.status, response.headers.get("Location"), notice]);
    }
    // The notice is a one-time flash on the sign-in page, never a URL a reload or a shared link repeats.
    expect(answers).toEqual([
      [302, "/login", "forgot.sent"],
      [302, "/login", "forgot.sent"],
      [302, "/login", "forgot.sent"],
    ]);
    expect(await linkFor(db, activeEmail)).not.toBeNull();
    expect(await linkFor(db, "nobody-here@test.example")).toBeNull();
    expect(await linkFor(db, suspendedEmail)).toBeNull();
  });

  it("is throttled like sign-in: after the free requests from one address, each waits", async () => {
    const { db, mode } = use();
    const user = await makeActor(db, "donor");
    const email = await setPassword(db, user.userId, OLD);
    const ip = freshIp();
    for (let i = 0; i < RESET_THROTTLE.pair.freeFailures; i++)
      expect(await requestPasswordReset(db, email, ip)).toEqual({ ok: true });
    const refused = await requestPasswordReset(db, email, ip);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: RESET_THROTTLE.pair.firstDelaySeconds });
    // Through the page: 429 with Retry-After, and the same answer for an unknown address.
    const context = { ...requestContext(db, mode), clientIp: ip };
    const page = (await forgotAction({
      request: formRequest("/forgot-password", { email }),
      params: {},
      context,
    })) as unknown as { init: ResponseInit };
    expect(page.init.status).toBe(429);
    // At most three reset mails an hour reach an account, whoever asks.
    for (let i = 0; i < 3; i++) await requestPasswordReset(db, email, freshIp());
    expect((await db.selectFrom("mail_outbox").select("id").where("to_address", "=", email).execute()).length).toBe(3);
  });
  it("confirming an applicant's address answers with a one-time notice on the home page, once", async () => {
    const { db, mode } = use();
    const org = await makeOrganization(db, "beneficiary_agency", "TJK");
    const { verifyToken } = await requestAccess(
      db,
      {
        fullName: "Applicant Flash",
        email: `flash-${Date.now()}@agency.example`,
        password: "a good long password",
        requestedRole: "beneficiary",
        countryIso3: "TJK",
        justification: "I lead the unit.",
        organization: { existingId: org.id },
        locale: "en",
      },
      freshIp(),
    );
    const confirm = async () =>
      (await verifyAction({
        request: formRequest("/verify-email", { token: verifyToken }),
        params: {},
        context: requestContext(db, mode),
      })) as Response | { init: ResponseInit };
    const first = (await confirm()) as Response;
    expect([first.status, first.headers.get("Location")]).toEqual([302, "/"]);
    expect(parseFlash(flashCookieValue(first.headers.get("Set-Cookie") ?? undefined))?.key).toBe("verify.done");
    const again = (await confirm()) as { init: ResponseInit };
    expect(again.init.status).toBe(400);
  });
});
