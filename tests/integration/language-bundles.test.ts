import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";

// The browser receives the dictionary of its page's language only (app/i18n/bundles.server.ts): no
// script a page loads, and not the page itself, holds a message of the other language. The browser
// build writes Cyrillic as \u escapes, so both spellings are looked for.

const RUSSIAN_ONLY = "Направление {code}";
const ENGLISH_ONLY = "Pillar {code}";
const escaped = (text: string) =>
  [...text].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`)).join("");

/** The page and every script it loads (its own `<script src>` and module preloads). */
async function pageWithScripts(app: HttpApp, path: string, language: string) {
  const html = await (await fetch(`${app.base}${path}`, { headers: { "Accept-Language": language } })).text();
  const sources = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g),
  ].map((m) => m[1]);
  const scripts = await Promise.all(sources.map(async (src) => (await fetch(`${app.base}${src}`)).text()));
  return { html, sources, scripts: scripts.join("\n") };
}

describeEachDatabase("one language's messages per page", (use) => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp(use());
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it("an English page loads the English dictionary and no Russian message", async () => {
    const { html, sources, scripts } = await pageWithScripts(app, "/pillars", "en");
    expect(sources.some((src) => /^\/i18n\/en\.[0-9a-f]{12}\.js$/.test(src))).toBe(true);
    expect(sources.some((src) => src.startsWith("/i18n/ru"))).toBe(false);
    expect(scripts).toContain(ENGLISH_ONLY);
    expect(scripts).not.toContain(RUSSIAN_ONLY);
    expect(scripts).not.toContain(escaped(RUSSIAN_ONLY));
    expect(html).not.toContain("Направление");
  });

  it("a Russian page loads the Russian dictionary and no English message", async () => {
    const { html, sources, scripts } = await pageWithScripts(app, "/pillars", "ru");
    expect(sources.some((src) => /^\/i18n\/ru\.[0-9a-f]{12}\.js$/.test(src))).toBe(true);
    expect(scripts).toContain(RUSSIAN_ONLY);
    expect(scripts).not.toContain(ENGLISH_ONLY);
    expect(html).not.toContain("Pillar II");
  });

  it("names partner countries and organizations as they are officially named in Russian", async () => {
    const html = await (await fetch(`${app.base}/partners`, { headers: { "Accept-Language": "ru" } })).text();
    for (const name of ["Кыргызстан", "Туркменистан", "Молдова", "УНП ООН", "ОДКБ", "СНГ", "ШОС"]) {
      expect(html, name).toContain(name);
    }
    for (const name of ["Киргизия", "Туркмения", "Молдавия"]) expect(html, name).not.toContain(name);
    expect(html).toContain("23 организации-партнёра");
  });

  it("serves the current bundle cached for good, another version uncached, and no unknown language", async () => {
    const { sources } = await pageWithScripts(app, "/", "ru");
    const current = sources.find((src) => src.startsWith("/i18n/"))!;
    const response = await fetch(`${app.base}${current}`);
    expect(response.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const older = await fetch(`${app.base}/i18n/ru.000000000000.js`);
    expect(older.headers.get("Cache-Control")).toBe("no-cache");
    expect(await older.text()).toBe(await response.text());
    expect((await fetch(`${app.base}/i18n/fr.js`)).status).toBe(404);
  });
});
