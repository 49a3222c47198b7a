import { expect, it } from "vitest";
import { getSessionUser } from "~/accounts/session.server";
import { signIn } from "~/accounts/sign-in.server";
import { changePassword, UserAdminError } from "~/accounts/users.server";
import { action as profileAction, loader as profileLoader } from "~/routes/profile";
import { loader as rootLoader } from "~/root";
import { makeActor, setPassword } from "../../support/factories";
import { formRequest, getRequest, requestContext } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";

type Answer = {
  data: {
    intent: string;
    done: boolean;
    result: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> };
  };
  init: ResponseInit | null;
};

describeEachDatabase("profile", (use) => {
  it("saves the name and the language on the account; the interface switches to it", async () => {
    const { db, mode } = use();
    const donor = await makeActor(db, "donor");
    const context = requestContext(db, mode);
    const before = await profileLoader({ request: getRequest("/profile", donor.cookie), params: {}, context });
    expect(before.profile.locale).toBe("en");
    const answer = (await profileAction({
      request: formRequest("/profile", { intent: "profile", fullName: "Dana Dönor", locale: "ru" }, donor.cookie),
      params: {},
      context,
    })) as unknown as Answer;
    expect(answer.data).toMatchObject({ intent: "profile", done: true });
    expect(new Headers(answer.init?.headers).get("Set-Cookie")).toMatch(/^adam_lang=ru;/);
    const user = await getSessionUser(getRequest("/", donor.cookie), db);
    expect(user).toMatchObject({ fullName: "Dana Dönor", locale: "ru" });
    // The account's language wins over the browser's.
    const root = await rootLoader({
      request: new Request("http://localhost/", { headers: { Cookie: donor.cookie, "Accept-Language": "en" } }),
      params: {},
      context,
    });
    expect(root.locale).toBe("ru");
    const audit = await db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("action", "=", "user.profile_updated")
      .where("entity_id", "=", String(donor.userId))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ before: { locale: "en" }, after: { locale: "ru", full_name: "Dana Dönor" } });
  });

  it("keeps what was typed when the form is refused", async () => {
    const { db, mode } = use();
    const donor = await makeActor(db, "donor");
    const answer = (await profileAction({
      request: formRequest("/profile", { intent: "profile", fullName: "Dana", locale: "fr" }, donor.cookie),
      params: {},
      context: requestContext(db, mode),
    })) as unknown as Answer;
    expect(answer.init?.status).toBe(400);
    expect(answer.data.result.error?.locale).toEqual(["form.choose"]);
    expect(answer.data.result.initialValue).toMatchObject({ fullName: "Dana" });
  });

  it(
    "changes the password only with the current one, ends " + "other sessions and keeps this browser signed in",
    async () => {
      const { db, mode } = use();
      const donor = await makeActor(db, "donor");
      const email = await setPassword(db, donor.userId, "the old password");
      const context = requestContext(db, mode);
      const post = (fields: Record<string, string>) =>
        profileAction({
          request: formRequest("/profile", { intent: "password", ...fields }, donor.cookie),
          params: {},
          context,
        }) as unknown as Promise<Answer>;

      const wrong = await post({
        currentPassword: "not it",
        newPassword: "a brand new password",
        confirmPassword: "a brand new password",
      });
      expect(wrong.init?.status).toBe(400);
      expect(wrong.data.result.error?.currentPassword).toEqual(["profile.wrongPassword"]);
      expect(wrong.data.result.initialValue).not.toHaveProperty("currentPassword");
      const mismatch = await post({
        currentPassword: "the old password",
        newPassword: "a brand new password",
        confirmPassword: "another one entirely",
      });
      expect(mismatch.data.result.error?.confirmPassword).toEqual(["profile.passwordMismatch"]);
      const short = await post({ currentPassword: "the old password", newPassword: "short", confirmPassword: "short" });
      expect(short.data.result.error?.newPassword).toEqual(["form.passwordShort"]);

      const done = await post({
        currentPassword: "the old password",
        newPassword: "a brand new password",
        confirmPassword: "a brand new password",
      });
      expect(done.data).toMatchObject({ intent: "password", done: true });
      const newCookie = new Headers(done.init?.headers).get("Set-Cookie")!;
      expect(newCookie).toMatch(/^adam_session=.+HttpOnly/);
      expect(await getSessionUser(getRequest("/", donor.cookie), db)).toBeNull();
      expect((await getSessionUser(getRequest("/", newCookie.split(";")[0]), db))?.id).toBe(donor.userId);
      expect(await signIn(db, email, "the old password", "10.3.0.1")).toEqual({ ok: false, reason: "invalid" });
      expect(await signIn(db, email, "a brand new password", "10.3.0.1")).toMatchObject({ ok: true });
      const audit = await db
        .selectFrom("audit_log")
        .select(["before", "after"])
        .where("action", "=", "user.password_changed")
        .where("entity_id", "=", String(donor.userId))
        .execute();
      expect(audit).toEqual([{ before: null, after: null }]);
    },
  );

  it("limits guesses at the current password", async () => {
    const { db } = use();
    const donor = await makeActor(db, "donor");
    await setPassword(db, donor.userId, "the old password");
    for (let i = 0; i < 5; i++)
      await expect(
        changePassword(db, donor.userId, `guess ${i}`, "whatever new one", "127.0.0.1"),
      ).rejects.toMatchObject({ code: "wrong_password" });
    const refused = changePassword(db, donor.userId, "the old password", "whatever new one", "127.0.0.1");
    await expect(refused).rejects.toBeInstanceOf(UserAdminError);
    await expect(refused).rejects.toMatchObject({ code: "rate_limited" });
  });
});
