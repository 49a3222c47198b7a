import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import {
  createSession,
  destroySession,
  getSessionUser,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
} from "~/accounts/session.server";
import { suspendUser } from "~/accounts/users.server";
import { action as logoutAction } from "~/routes/logout";
import { makeActor } from "../../support/factories";
import { formRequest, getRequest, requestContext } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";

function cookieValue(setCookie: string): string {
  return setCookie.split(";")[0].split("=").slice(1).join("=");
}

function sessionRequest(setCookie: string) {
  return getRequest("/dashboard", `${SESSION_COOKIE}=${cookieValue(setCookie)}`);
}

describeEachDatabase("sessions", (use) => {
  it("sets an httpOnly, SameSite=Lax cookie holding only an opaque token, Secure when asked", async () => {
    const { db, mode } = use();
    const { userId } = await makeActor(db, "donor");
    const plain = await createSession(requestContext(db, mode), userId, "vitest");
    expect(plain).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,}; `));
    expect(plain).toContain("HttpOnly");
    expect(plain).toContain("SameSite=Lax");
    expect(plain).toContain("Path=/");
    expect(plain).toContain(`Max-Age=${SESSION_TTL_SECONDS}`);
    expect(plain).not.toContain("Secure");
    const secure = await createSession({ ...requestContext(db, mode), secureCookies: true }, userId, "vitest");
    expect(secure).toMatch(/; Secure$/);
    // The database keeps a hash, never the token itself.
    const rows = await db.selectFrom("sessions").select("token_hash").where("user_id", "=", userId).execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(cookieValue(plain));
  });

  it("finds the user of a live session and nobody for an unknown or expired one", async () => {
    const { db, mode } = use();
    const { userId } = await makeActor(db, "beneficiary");
    const cookie = await createSession(requestContext(db, mode), userId, null);
    expect((await getSessionUser(sessionRequest(cookie), db))?.id).toBe(userId);
    expect(await getSessionUser(getRequest("/", `${SESSION_COOKIE}=forged-token`), db)).toBeNull();
    expect(await getSessionUser(getRequest("/"), db)).toBeNull();
    await db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", userId)
      .execute();
    expect(await getSessionUser(sessionRequest(cookie), db)).toBeNull();
  });

  it("expires sessions after the fixed lifetime", async () => {
    const { db, mode } = use();
    const { userId } = await makeActor(db, "donor");
    const before = Date.now();
    const cookie = await createSession(requestContext(db, mode), userId, null);
    // This session's row, by its token (makeActor made another one for the same user, whose
    // created_at may tie with this one's).
    const tokenHash = createHash("sha256").update(cookieValue(cookie)).digest("hex");
    const row = await db
      .selectFrom("sessions")
      .select("expires_at")
      .where("token_hash", "=", tokenHash)
      .executeTakeFirstOrThrow();
    const lifetime = (new Date(row.expires_at).getTime() - before) / 1000;
    expect(lifetime).toBeGreaterThan(SESSION_TTL_SECONDS - 5);
    expect(lifetime).toBeLessThanOrEqual(SESSION_TTL_SECONDS + 5);
  });

  it("signing out deletes the session row and clears the cookie", async () => {
    const { db, mode } = use();
    const { userId } = await makeActor(db, "donor");
    const cookie = await createSession(requestContext(db, mode), userId, null);
    const other = await createSession(requestContext(db, mode), userId, null);
    const response = (await logoutAction({
      request: formRequest(
        "/logout",
        {},
        `${SESSION_COOKIE}=${cookieValue(cookie)}; adam_csrf=test-csrf-token-0123456789abcdef`,
      ),
      params: {},
      context: requestContext(db, mode),
    })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));
    expect(await getSessionUser(sessionRequest(cookie), db)).toBeNull();
    // Only this browser signs out.
    expect((await getSessionUser(sessionRequest(other), db))?.id).toBe(userId);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", String(userId))
      .where("action", "=", "auth.sign_out")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("destroySession without a cookie still answers with a clearing cookie", async () => {
    const { db, mode } = use();
    expect(await destroySession(getRequest("/"), requestContext(db, mode))).toContain("Max-Age=0");
  });

  it("suspension ends every session of the account at once", async () => {
    const { db, mode } = use();
    const coordinator = await makeActor(db, "coordinator");
    const { userId } = await makeActor(db, "donor");
    const cookies = [
      await createSession(requestContext(db, mode), userId, null),
      await createSession(requestContext(db, mode), userId, null),
    ];
    await suspendUser(
      db,
      { id: coordinator.userId, role: "coordinator", organizationId: null, countryIso3: null },
      userId,
      "127.0.0.1",
    );
    for (const cookie of cookies) expect(await getSessionUser(sessionRequest(cookie), db)).toBeNull();
    const left = await db.selectFrom("sessions").select("token_hash").where("user_id", "=", userId).execute();
    expect(left).toEqual([]);
  });
});
