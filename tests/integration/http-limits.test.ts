import { afterAll, beforeAll, expect, it } from "vitest";
import { BodyLimits, bodyLimitTable } from "../../scripts/lib/http/body-limit";
import { DEFAULT_HTTP_OPTIONS, httpOptionsFromEnv } from "../../scripts/lib/http/options";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";
import { rawRequest } from "../support/raw-http";

// Bodies above the limit are refused with 413 before they are read: up front from Content-Length,
// and while streaming for chunked bodies, with the server's memory not growing by the body's size.

const MB = 1024 * 1024;
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

function rssMb(): number {
  return process.memoryUsage().rss / MB;
}

describeEachDatabase("HTTP body limits", (use) => {
  let app: HttpApp;
  let small: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp(use());
    small = await startHttpApp(use(), { http: { maxBodyBytes: 10_000, maxImportBytes: 2 * MB } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await small?.close();
  });

  it(
    "refuses an anonymous 100 MB POST /join with 413 at " + "once, from its Content-Length, without reading it",
    async () => {
      const before = rssMb();
      const answer = await rawRequest(app.base, {
        method: "POST",
        path: "/join",
        headers: { ...FORM, "Content-Length": 100 * MB },
        body: { totalBytes: 100 * MB },
      });
      expect(answer.status).toBe(413);
      expect(answer.headers.connection).toBe("close");
      expect(answer.elapsedMs).toBeLessThan(2_000);
      expect(rssMb() - before).toBeLessThan(40);
    },
  );

  it("cuts a chunked 100 MB body (no Content-Length) at the limit with 413, holding at most a few MB", async () => {
    const before = rssMb();
    const answer = await rawRequest(app.base, {
      method: "POST",
      path: "/join",
      headers: { ...FORM, "Transfer-Encoding": "chunked" },
      body: { totalBytes: 100 * MB },
    });
    expect(answer.status).toBe(413);
    expect(answer.elapsedMs).toBeLessThan(5_000);
    expect(answer.sentBytes).toBeLessThan(20 * MB);
    expect(rssMb() - before).toBeLessThan(40);
  });

  it("still reads bodies under the limit (a 900 KB form reaches the action, which answers it)", async () => {
    const fields = new URLSearchParams({ email: "x@example.org", note: "a".repeat(900 * 1024) }).toString();
    const response = await fetch(`${app.base}/join`, { method: "POST", headers: FORM, body: fields });
    await response.text();
    expect(response.status).not.toBe(413);
    expect(response.status).toBeLessThan(500);
  });

  it("takes its limit from MAX_BODY_BYTES, both for declared and for chunked bodies", async () => {
    const declared = await rawRequest(small.base, {
      method: "POST",
      path: "/login",
      headers: { ...FORM, "Content-Length": 20_000 },
      body: { totalBytes: 20_000 },
    });
    expect(declared.status).toBe(413);
    const chunked = await rawRequest(small.base, {
      method: "POST",
      path: "/login",
      headers: { ...FORM, "Transfer-Encoding": "chunked" },
      body: { totalBytes: 20_000, chunkBytes: 1_000 },
    });
    expect(chunked.status).toBe(413);
    const fits = await rawRequest(small.base, {
      method: "POST",
      path: "/login",
      headers: { ...FORM, "Content-Length": 5_000 },
      body: { totalBytes: 5_000 },
    });
    expect(fits.status).not.toBe(413);
    expect(fits.status).toBeLessThan(500);
  });

  it("gives POST /imports its own, larger limit (MAX_IMPORT_BYTES) and only that route", async () => {
    const upload = await rawRequest(small.base, {
      method: "POST",
      path: "/imports",
      headers: { "Content-Type": "application/xml", "Content-Length": MB },
      body: { totalBytes: MB },
    });
    expect(upload.status).not.toBe(413);
    const tooLarge = await rawRequest(small.base, {
      method: "POST",
      path: "/imports",
      headers: { "Content-Type": "application/xml", "Content-Length": 3 * MB },
      body: { totalBytes: 3 * MB },
    });
    expect(tooLarge.status).toBe(413);
    const elsewhere = await rawRequest(small.base, {
      method: "POST",
      path: "/projects/new",
      headers: { ...FORM, "Content-Length": MB },
      body: { totalBytes: MB },
    });
    expect(elsewhere.status).toBe(413);
  });

  it("reads the limits from the environment, with 1 MB and 250 MB as defaults, and refuses nonsense", () => {
    expect(httpOptionsFromEnv({})).toEqual({ maxBodyBytes: MB, maxImportBytes: 250 * MB, trustProxyHops: 0 });
    expect(httpOptionsFromEnv({ MAX_BODY_BYTES: "2048", MAX_IMPORT_BYTES: "5000000" })).toMatchObject({
      maxBodyBytes: 2048,
      maxImportBytes: 5_000_000,
    });
    expect(() => httpOptionsFromEnv({ MAX_BODY_BYTES: "1MB" })).toThrow(/MAX_BODY_BYTES/);
    expect(() => httpOptionsFromEnv({ MAX_BODY_BYTES: "0" })).toThrow(/MAX_BODY_BYTES/);
    const limits = new BodyLimits(DEFAULT_HTTP_OPTIONS.maxBodyBytes, bodyLimitTable(DEFAULT_HTTP_OPTIONS));
    expect(limits.limitFor("POST", "/imports")).toBe(250 * MB);
    expect(limits.limitFor("POST", "/imports/")).toBe(250 * MB);
    expect(limits.limitFor("POST", "/join")).toBe(MB);
    expect(limits.limitFor("GET", "/imports")).toBe(MB);
  });
});
