import { expect, it } from "vitest";
import { MAX_TOKENS_PER_USER } from "~/accounts/api-tokens.server";
import { action as profileAction, loader as profileLoader } from "~/routes/profile";
import { makeActor } from "../../support/factories";
import { formRequest, getRequest, requestContext } from "../../support/requests";
import { callApi } from "../../support/api";
import { describeEachDatabase } from "../../support/database";

// API tokens on the profile page: created with a name and shown once, listed without the secret,
// revoked by their owner; each change in the audit log. The token then works (or not) on the API.

type Answer = {
  data: {
    intent: string;
    created?: { name: string; token: string } | null;
    revoked?: boolean;
    result: { error?: Record<string, string[]> };
  };
  init: ResponseInit | null;
};

describeEachDatabase("API tokens on the profile", (use) => {
  const post = async (cookie: string, fields: Record<string, string>) => {
    const { db, mode } = use();
    return (await profileAction({
      request: formRequest("/profile", fields, cookie),
      params: {},
      context: requestContext(db, mode),
    })) as unknown as Answer;
  };
  const load = async (cookie: string) => {
    const { db, mode } = use();
    return profileLoader({ request: getRequest("/profile", cookie), params: {}, context: requestContext(db, mode) });
  };

  it("creates a named token shown once, lists it without the secret, and the token reads the API", async () => {
    const { db, mode } = use();
    const donor = await makeActor(db, "donor");
    const answer = await post(donor.cookie, { intent: "token-create", name: "  Finance system  " });
    expect(answer.data.created?.name).toBe("Finance system");
    const token = answer.data.created!.token;
    expect(token).toMatch(/^adam_[A-Za-z0-9_-]{43}$/);
    expect(new Headers(answer.init?.headers).get("Cache-Control")).toBe("no-store");
    const page = await load(donor.cookie);
    expect(page.tokens).toEqual([
      {
        id: expect.any(Number),
        name: "Finance system",
        hint: token.slice(0, 9),
        createdAt: expect.any(String),
        lastUsedAt: null,
      },
    ]);
    expect(JSON.stringify(page)).not.toContain(token);
    expect((await callApi(requestContext(db, mode), "/api/v1/pillars", { token })).status).toBe(200);
    expect((await load(donor.cookie)).tokens[0].lastUsedAt).not.toBeNull();
  });

  it("refuses an empty or overlong name with a field message, and more than the allowed live tokens", async () => {
    const { db } = use();
    const donor = await makeActor(db, "donor");
    const empty = await post(donor.cookie, { intent: "token-create", name: "   " });
    expect(empty.init?.status).toBe(400);
    expect(empty.data.result.error?.name).toEqual(["form.required"]);
    const long = await post(donor.cookie, { intent: "token-create", name: "x".repeat(101) });
    expect(long.data.result.error?.name).toEqual(["form.tooLong"]);
    const control = await post(donor.cookie, { intent: "token-create", name: "a\u0000b" });
    expect(control.init?.status).toBe(400);
    for (let i = 0; i < MAX_TOKENS_PER_USER; i++)
      expect((await post(donor.cookie, { intent: "token-create", name: `t${i}` })).data.created).not.toBeNull();
    const refused = await post(donor.cookie, { intent: "token-create", name: "one too many" });
    expect(refused.init?.status).toBe(409);
    expect(refused.data.result.error?.[""]).toEqual(["apiTokens.tooMany"]);
  });

  it("revokes the owner's token only; the API then refuses it; both changes are audited", async () => {
    const { db, mode } = use();
    const owner = await makeActor(db, "beneficiary");
    const other = await makeActor(db, "beneficiary");
    const token = (await post(owner.cookie, { intent: "token-create", name: "Dashboard" })).data.created!.token;
    const [listed] = (await load(owner.cookie)).tokens;
    const foreign = await post(other.cookie, { intent: "token-revoke", tokenId: String(listed.id) });
    expect(foreign.init?.status).toBe(404);
    expect((await callApi(requestContext(db, mode), "/api/v1/pillars", { token })).status).toBe(200);
    const bad = await post(owner.cookie, { intent: "token-revoke", tokenId: "abc" });
    expect(bad.init?.status).toBe(400);
    const revoked = await post(owner.cookie, { intent: "token-revoke", tokenId: String(listed.id) });
    expect(revoked.data.revoked).toBe(true);
    expect((await load(owner.cookie)).tokens).toEqual([]);
    expect((await callApi(requestContext(db, mode), "/api/v1/pillars", { token })).body.error.code).toBe(
      "invalid_token",
    );
    expect((await post(owner.cookie, { intent: "token-revoke", tokenId: String(listed.id) })).init?.status).toBe(404);
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "ip"])
      .where("entity_type", "=", "api_token")
      .where("entity_id", "=", String(listed.id))
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "api_token.create", actor_user_id: owner.userId, ip: "127.0.0.1" },
      { action: "api_token.revoke", actor_user_id: owner.userId, ip: "127.0.0.1" },
    ]);
  });

  it("does not let a token sign in to the pages: the profile still asks for a session", async () => {
    const { db, mode } = use();
    const donor = await makeActor(db, "donor");
    const token = (await post(donor.cookie, { intent: "token-create", name: "Script" })).data.created!.token;
    const request = new Request("http://localhost/profile", { headers: { Authorization: `Bearer ${token}` } });
    const answer = await profileLoader({ request, params: {}, context: requestContext(db, mode) }).catch(
      (thrown: unknown) => thrown,
    );
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).headers.get("Location")).toMatch(/^\/login/);
  });
});
