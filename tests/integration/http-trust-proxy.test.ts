import { afterAll, beforeAll, expect, it } from "vitest";
import { makeActor } from "../support/factories";
import { TEST_CSRF } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";
import { httpOptionsFromEnv } from "../../scripts/lib/http/options";

// TRUST_PROXY decides whether X-Forwarded-For names the client (context.clientIp, as recorded in
// the audit log): ignored by default, honoured for as many hops as the operator trusts.

describeEachDatabase("HTTP client address (TRUST_PROXY)", (use) => {
  let direct: HttpApp;
  let behindOneProxy: HttpApp;
  beforeAll(async () => {
    direct = await startHttpApp(use());
    behindOneProxy = await startHttpApp(use(), { http: { trustProxyHops: 1 } });
  }, 120_000);
  afterAll(async () => {
    await direct?.close();
    await behindOneProxy?.close();
  });

  /**
   * Signs a fresh user out through `app` with the given X-Forwarded-For and returns the address the
   * audit log recorded.
   */
  async function recordedAddress(app: HttpApp, forwardedFor: string): Promise<string | null> {
    const actor = await makeActor(use().db, "donor");
    const response = await fetch(`${app.base}/logout`, {
      method: "POST",
      headers: {
        Cookie: actor.cookie,
        "X-Forwarded-For": forwardedFor,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ csrf: TEST_CSRF }),
      redirect: "manual",
    });
    await response.arrayBuffer();
    expect(response.status).toBe(302);
    const row = await use()
      .db.selectFrom("audit_log")
      .select("ip")
      .where("action", "=", "auth.sign_out")
      .where("actor_user_id", "=", actor.userId)
      .executeTakeFirstOrThrow();
    return row.ip;
  }

  it("ignores X-Forwarded-For by default: the address is the connection's", async () => {
    expect(await recordedAddress(direct, "203.0.113.7")).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it(
    "with TRUST_PROXY=1 takes the address the one trusted " + "proxy saw, not what the client wrote before it",
    async () => {
      expect(await recordedAddress(behindOneProxy, "203.0.113.7")).toBe("203.0.113.7");
      // The client forged the first entry; the proxy appended the real one.
      expect(await recordedAddress(behindOneProxy, "198.51.100.66, 203.0.113.8")).toBe("203.0.113.8");
    },
  );

  it("reads TRUST_PROXY as a number of hops, off by default, and refuses anything else", () => {
    expect(httpOptionsFromEnv({}).trustProxyHops).toBe(0);
    expect(httpOptionsFromEnv({ TRUST_PROXY: "2" }).trustProxyHops).toBe(2);
    expect(() => httpOptionsFromEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY/);
  });
});
