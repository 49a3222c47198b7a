import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";
import { rawRequest } from "../support/raw-http";

// Methods ADAM does not serve answer 405 with an Allow header, never a 500 or a silent drop.

function connectRequest(base: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () =>
      socket.write(`CONNECT /projects HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`),
    );
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("utf8")));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer to CONNECT")));
  });
}

describeEachDatabase("HTTP methods", (use) => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp(use());
  }, 120_000);
  afterAll(() => app?.close());

  for (const method of ["TRACE", "PROPFIND", "PUT", "DELETE", "PATCH", "MKCOL"]) {
    it(`${method} /projects answers 405 with Allow`, async () => {
      const answer = await rawRequest(app.base, { method, path: "/projects" });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
      expect(answer.headers["content-security-policy"]).toBeDefined();
    });
  }

  it("TRACE does not echo the request (no cookie reflected)", async () => {
    const answer = await rawRequest(app.base, {
      method: "TRACE",
      path: "/",
      headers: { Cookie: "adam_session=secret-token-value" },
    });
    expect(answer.status).toBe(405);
    expect(answer.body).not.toContain("secret-token-value");
  });

  it("CONNECT answers 405 with Allow instead of a dropped connection", async () => {
    const answer = await connectRequest(app.base);
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect(answer).toMatch(/\r\nAllow: GET, HEAD, POST, OPTIONS\r\n/);
  });

  it("OPTIONS answers 204 with Allow and runs no action", async () => {
    const answer = await rawRequest(app.base, { method: "OPTIONS", path: "/logout" });
    expect(answer.status).toBe(204);
    expect(answer.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
  });

  it("GET, HEAD and POST still reach the routes", async () => {
    expect((await rawRequest(app.base, { method: "GET", path: "/pillars" })).status).toBe(200);
    expect((await rawRequest(app.base, { method: "HEAD", path: "/pillars" })).status).toBe(200);
    // No anti-forgery field: the login action answers, with a refusal, not the method guard.
    const post = await rawRequest(app.base, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": 0 },
    });
    expect(post.status).not.toBe(405);
    expect(post.status).toBeLessThan(500);
  });
});
