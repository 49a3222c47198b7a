import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiToken } from "~/accounts/api-tokens.server";
import { makeActor } from "../support/factories";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";

// The API through ADAM's real HTTP server (the built app): what only the HTTP layer shows — the
// JSON 401 where pages redirect to sign in, headers, HEAD, and the /api page in both languages.

describeEachDatabase("API v1 over HTTP", (use) => {
  let app: HttpApp;
  let token: string;
  beforeAll(async () => {
    app = await startHttpApp(use());
    const donor = await makeActor(use().db, "donor");
    token = (await createApiToken(use().db, donor.userId, "http", "127.0.0.1")).token;
  }, 300_000);
  afterAll(() => app?.close());

  it(
    "answers an anonymous /api/gaps and /api/v1/projects " + "with a JSON 401, not a redirect to the sign-in page",
    async () => {
      for (const path of ["/api/gaps", "/api/v1/projects"]) {
        const response = await fetch(`${app.base}${path}`, { redirect: "manual" });
        expect(response.status, path).toBe(401);
        expect(response.headers.get("Content-Type")).toContain("application/json");
        expect(response.headers.get("WWW-Authenticate")).toBe('Bearer realm="ADAM"');
        expect((await response.json()).error.code).toBe("unauthorized");
      }
    },
  );

  it("serves a bearer token's GET and HEAD, never cached, and a JSON 404 under /api/v1/", async () => {
    const response = await fetch(`${app.base}/api/v1/pillars`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect((await response.json()).data).toHaveLength(4);
    const head = await fetch(`${app.base}/api/v1/pillars`, {
      method: "HEAD",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(head.status).toBe(200);
    const post = await fetch(`${app.base}/api/v1/pillars`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(post.status).toBe(405);
    expect((await post.json()).error.code).toBe("method_not_allowed");
    const missing = await fetch(`${app.base}/api/v1/no-such-thing`, { headers: { Authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
  });

  it("shows the /api page in English and in Russian, with the curl example and the document's link", async () => {
    for (const [language, heading] of [
      ["en", "ADAM API"],
      ["ru", "API ADAM"],
    ] as const) {
      const response = await fetch(`${app.base}/api`, { headers: { "Accept-Language": language } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<h1>${heading}</h1>`);
      expect(html).toContain('href="/api/v1/openapi.json"');
      expect(html).toContain("Authorization: Bearer");
      expect(html).not.toContain("\u0000");
    }
    const doc = await fetch(`${app.base}/api/v1/openapi.json`);
    expect((await doc.json()).openapi).toBe("3.1.0");
  });
});
