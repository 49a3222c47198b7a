import { afterAll, beforeAll, expect, it } from "vitest";
import { makeActor, setPassword, type TestActor } from "../support/factories";
import { TEST_CSRF } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";

// The security headers of the real server: CSP with a per-response nonce on every script Remix
// renders, HSTS only behind HTTPS, Permissions-Policy, COOP, and no-store for signed-in members.

function policy(response: Response): Map<string, string> {
  const header = response.headers.get("Content-Security-Policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(" ")[0], d.slice(d.indexOf(" ") + 1)] as [string, string]),
  );
}

describeEachDatabase("HTTP security headers", (use) => {
  let app: HttpApp;
  let secureApp: HttpApp;
  let coordinator: TestActor;

  beforeAll(async () => {
    app = await startHttpApp(use());
    secureApp = await startHttpApp(use(), { secureCookies: true });
    const unit = await use()
      .db.selectFrom("organizations")
      .select("id")
      .where("kind", "=", "coordination_unit")
      .executeTakeFirstOrThrow();
    coordinator = await makeActor(use().db, "coordinator", { organizationId: unit.id });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await secureApp?.close();
  });

  it(
    "sends a Content-Security-Policy whose nonce is on " + "every script of the page, and a new one each time",
    async () => {
      const first = await fetch(`${app.base}/pillars`, { headers: { "Accept-Language": "ru" } });
      const html = await first.text();
      const csp = policy(first);
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp.get("script-src") ?? "")?.[1];
      expect(nonce, "script-src has a nonce").toBeTruthy();
      expect(csp.get("script-src")).toBe(`'self' 'nonce-${nonce}'`);
      expect(csp.get("default-src")).toBe("'self'");
      expect(csp.get("object-src")).toBe("'none'");
      expect(csp.get("frame-ancestors")).toBe("'none'");
      expect(csp.get("base-uri")).toBe("'self'");
      expect(csp.get("script-src-attr")).toBe("'none'");

      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(2);
      const inline = scripts.filter((attrs) => !/\bsrc=/.test(attrs));
      expect(inline.length, "Remix renders inline scripts (context, route modules)").toBeGreaterThan(0);
      for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
      // Inline event handlers would be refused by the policy: the markup has none.
      expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);

      const second = await fetch(`${app.base}/pillars`);
      await second.text();
      expect(policy(second).get("script-src")).not.toContain(nonce);
    },
  );

  it(
    "sends Permissions-Policy, Cross-Origin-Opener-Policy " + "and the other fixed headers on pages, errors and files",
    async () => {
      for (const path of ["/", "/no-such-page", "/favicon.svg", "/healthz"]) {
        const response = await fetch(`${app.base}${path}`);
        await response.arrayBuffer();
        expect(response.headers.get("Permissions-Policy"), path).toMatch(
          /camera=\(\).*geolocation=\(\).*microphone=\(\)/,
        );
        expect(response.headers.get("Cross-Origin-Opener-Policy"), path).toBe("same-origin");
        expect(response.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
        expect(response.headers.get("Content-Security-Policy"), path).toContain("script-src 'self'");
      }
    },
  );

  it("sends Strict-Transport-Security only when SECURE_COOKIES=1", async () => {
    const plain = await fetch(`${app.base}/`);
    await plain.text();
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();
    const secure = await fetch(`${secureApp.base}/`);
    await secure.text();
    expect(secure.headers.get("Strict-Transport-Security")).toMatch(/^max-age=31536000; includeSubDomains$/);
  });

  it(
    "sends Cache-Control: no-store on every response to a signed-in " +
      "member: pages, single-fetch data, CSV, JSON, images, errors",
    async () => {
      const paths = [
        "/dashboard",
        "/",
        "/pillars",
        "/dashboard.data",
        "/projects.data?_routes=routes%2Fprojects._index",
        "/gaps.csv",
        "/api/gaps",
        "/route-map.svg",
        "/admin/audit",
        "/no-such-page",
      ];
      for (const path of paths) {
        const response = await fetch(`${app.base}${path}`, {
          headers: { Cookie: coordinator.cookie },
          redirect: "manual",
        });
        await response.arrayBuffer();
        expect(response.status, path).toBeLessThan(500);
        expect(response.headers.get("Cache-Control"), path).toBe("no-store");
        expect(response.headers.get("ETag"), path).toBeNull();
      }
    },
  );

  it(
    "leaves fingerprint-free public files cacheable for " + "members, and anonymous public pages without no-store",
    async () => {
      const icon = await fetch(`${app.base}/favicon.svg`, { headers: { Cookie: coordinator.cookie } });
      await icon.arrayBuffer();
      expect(icon.headers.get("Cache-Control")).toMatch(/max-age=\d+/);
      const map = await fetch(`${app.base}/route-map.svg`);
      await map.arrayBuffer();
      expect(map.headers.get("Cache-Control")).toContain("max-age=31536000");
    },
  );

  it("sends no-store on the sign-in answer that sets the session cookie", async () => {
    const email = await setPassword(use().db, coordinator.userId, "a long and unusual passphrase 42");
    const body = new URLSearchParams({ csrf: TEST_CSRF, email, password: "a long and unusual passphrase 42" });
    const response = await fetch(`${app.base}/login`, {
      method: "POST",
      body,
      headers: { Cookie: `adam_csrf=${TEST_CSRF}` },
      redirect: "manual",
    });
    await response.arrayBuffer();
    expect(response.headers.getSetCookie().some((c) => c.startsWith("adam_session="))).toBe(true);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});
