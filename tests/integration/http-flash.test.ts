import { afterAll, beforeAll, expect, it } from "vitest";
import { makeActor, ISSUER, type TestActor } from "../support/factories";
import { TEST_CSRF } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";

// The success notice after a redirect travels in the adam_flash cookie: the next page shows it once,
// the server clears it in that same response, and a cookie it did not write shows nothing.

const NOTICE = "The settings are saved.";

/** The Cookie header a browser would send next: the given cookies updated by the response's Set-Cookie. */
function nextCookies(cookie: string, response: Response): string {
  const jar = new Map(cookie.split("; ").map((pair) => pair.split("=", 2) as [string, string]));
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, value] = pair.split("=", 2);
    if (/Max-Age=0/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

describeEachDatabase("flash notices", (use) => {
  let app: HttpApp;
  let admin: TestActor;

  beforeAll(async () => {
    app = await startHttpApp(use());
    admin = await makeActor(use().db, "admin");
  });

  afterAll(async () => {
    await app?.close();
  });

  const page = (cookie: string) => fetch(`${app.base}/admin/invoicing`, { headers: { Cookie: cookie } });

  it("shows the notice on the page after a successful action, and not again on a reload", async () => {
    const body = new URLSearchParams({ csrf: TEST_CSRF, intent: "issuer", name: ISSUER.name, address: ISSUER.address });
    body.set("version", "");
    const saved = await fetch(`${app.base}/admin/invoicing`, {
      method: "POST",
      headers: { Cookie: admin.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body,
      redirect: "manual",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/admin/invoicing");
    let cookie = nextCookies(admin.cookie, saved);
    expect(cookie).toContain("adam_flash=");

    // The route manifest the browser asks for before a client-side navigation leaves the notice alone.
    const manifest = await fetch(`${app.base}/__manifest?p=/admin/invoicing&version=x`, {
      headers: { Cookie: cookie },
    });
    expect(manifest.headers.getSetCookie().some((line) => line.startsWith("adam_flash="))).toBe(false);

    const next = await page(cookie);
    expect(next.status).toBe(200);
    const html = await next.text();
    expect(html).toMatch(new RegExp(`role="status" aria-live="polite"[^>]*><p>${NOTICE}</p>`));
    cookie = nextCookies(cookie, next);
    expect(cookie).not.toContain("adam_flash=");

    const reload = await page(cookie);
    expect(reload.status).toBe(200);
    expect(await reload.text()).not.toContain(NOTICE);
  });

  it("shows nothing for a forged flash cookie, and clears it", async () => {
    const forged = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");
    for (const value of [
      forged({ key: "no.such.key", id: "abc" }),
      forged({ key: "<script>alert(1)</script>", id: "abc" }),
      forged({ key: "settings.saved", id: "../../" }),
      "not-base64-json%%",
    ]) {
      const response = await page(`${admin.cookie}; adam_flash=${value}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).not.toContain(NOTICE);
      expect(html).not.toContain("no.such.key");
      expect(html).not.toContain("aria-live");
      expect(response.headers.getSetCookie().some((line) => /^adam_flash=;.*Max-Age=0/.test(line))).toBe(true);
    }
  });
});
