import { afterAll, beforeAll, expect, it } from "vitest";
import { rescanAll } from "../../app/duplicates/detect.server";
import { keepNeedFactsValued } from "../../app/gaps/valuation.server";
import { today } from "../../app/forms/dates";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, generateDemoData } from "../../db/demo/generate";
import type { Locale } from "../../db/schema";
import { TEST_CSRF } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";

// Every page, public and member, in English and Russian, fetched over HTTP from the demo data,
// must be valid UTF-8 without U+0000. React 18.3.1's Node streaming renderer put NUL bytes where
// its 2 KB view split a Cyrillic letter (react#31134); browsers hide them, bytes do not. Each page
// is also checked against the Content-Security-Policy: nonce on inline scripts, no inline handlers.

const PUBLIC_PAGES = ["/", "/pillars", "/partners", "/routes", "/join", "/login", "/route-map.svg", "/no-such-page"];
const LOCALES: Locale[] = ["en", "ru"];
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

interface Problem {
  path: string;
  who: string;
  locale: Locale;
  problem: string;
}

function inspect(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return "invalid UTF-8";
  }
  const nul = text.indexOf("\u0000");
  return nul >= 0
    ? `U+0000 at character ${nul}: …${JSON.stringify(text.slice(Math.max(0, nul - 30), nul + 10))}…`
    : null;
}

/** Under the CSP, every inline script must carry the response's nonce and no tag an inline handler. */
function scriptProblem(html: string, policy: string): string | null {
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  if (!nonce) return "no nonce in the Content-Security-Policy";
  const inline = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]).filter((attrs) => !/\bsrc=/.test(attrs));
  if (inline.some((attrs) => !attrs.includes(`nonce="${nonce}"`))) return "an inline script without the nonce";
  const handler = /<[a-z][^>]*\son[a-z]+\s*=/i.exec(html);
  return handler ? `an inline event handler: ${handler[0].slice(0, 80)}` : null;
}

describeEachDatabase("every page is valid UTF-8 without NUL bytes", (use) => {
  let app: HttpApp;
  let memberPages: string[];

  beforeAll(async () => {
    const { db } = use();
    await generateDemoData(db, { seed: 2012 });
    await rescanAll(db);
    await keepNeedFactsValued(db, today());
    app = await startHttpApp(use());
    const first = async (query: Promise<{ id: number } | undefined>, what: string) => {
      const row = await query;
      expect(row, `the demo data has ${what}`).toBeDefined();
      return row!.id;
    };
    const project = await first(db.selectFrom("projects").select("id").orderBy("id").executeTakeFirst(), "a project");
    const need = await first(db.selectFrom("needs").select("id").orderBy("id").executeTakeFirst(), "a need");
    const match = await first(db.selectFrom("matches").select("id").orderBy("id").executeTakeFirst(), "a match");
    const pair = await db.selectFrom("duplicate_pairs").select("id").orderBy("id").executeTakeFirst();
    const pledge = await db.selectFrom("pledges").select("id").orderBy("id").executeTakeFirst();
    const invoice = await db.selectFrom("invoices").select("id").orderBy("id").executeTakeFirst();
    const meeting = await db.selectFrom("meetings").select("id").orderBy("id").executeTakeFirst();
    const recommendation = await db.selectFrom("recommendations").select("id").orderBy("id").executeTakeFirst();
    memberPages = [
      "/dashboard",
      "/search?q=police",
      "/search?q=полиция",
      "/projects",
      "/projects?page=2",
      "/projects/new",
      `/projects/${project}`,
      `/projects/${project}/edit`,
      "/needs",
      "/needs/new",
      `/needs/${need}`,
      `/needs/${need}/edit`,
      "/countries/TJK",
      "/countries/AFG",
      "/matches",
      `/matches/${match}`,
      "/duplicates",
      ...(pair ? [`/duplicates/${pair.id}`] : []),
      "/pledges",
      "/pledges/new",
      ...(pledge ? [`/pledges/${pledge.id}/edit`, `/invoices/new?pledge=${pledge.id}`] : []),
      "/invoices",
      ...(invoice ? [`/invoices/${invoice.id}`] : []),
      "/funding",
      "/gaps",
      "/gaps.csv",
      "/api/gaps",
      "/profile",
      "/admin/requests",
      "/admin/users",
      "/admin/audit",
      "/admin/invoicing",
      "/imports",
      "/meetings",
      ...(meeting ? [`/meetings/${meeting.id}`] : []),
      "/recommendations",
      "/recommendations.csv",
      ...(recommendation ? [`/recommendations/${recommendation.id}`] : []),
      ...PUBLIC_PAGES,
    ];
  }, 300_000);
  afterAll(() => app?.close());

  async function check(
    path: string,
    headers: Record<string, string>,
    who: string,
    locale: Locale,
    problems: Problem[],
  ): Promise<number> {
    const response = await fetch(`${app.base}${path}`, { headers, redirect: "manual" });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status >= 500) problems.push({ path, who, locale, problem: `HTTP ${response.status}` });
    const found = inspect(bytes);
    if (found) problems.push({ path, who, locale, problem: found });
    if ((response.headers.get("Content-Type") ?? "").startsWith("text/html")) {
      const problem = scriptProblem(
        new TextDecoder().decode(bytes),
        response.headers.get("Content-Security-Policy") ?? "",
      );
      if (problem) problems.push({ path, who, locale, problem });
    }
    if (who !== "anonymous" && response.headers.get("Cache-Control") !== "no-store")
      problems.push({ path, who, locale, problem: `Cache-Control ${response.headers.get("Cache-Control")}` });
    return bytes.length;
  }

  it("public pages, anonymous, in both languages", async () => {
    const problems: Problem[] = [];
    let russianBytes = 0;
    for (const locale of LOCALES) {
      for (const path of PUBLIC_PAGES) {
        const size = await check(
          path,
          { "Accept-Language": locale, Cookie: `adam_lang=${locale}` },
          "anonymous",
          locale,
          problems,
        );
        if (locale === "ru") russianBytes += size;
      }
    }
    expect(russianBytes, "Russian pages of several 2 KB views were fetched").toBeGreaterThan(50_000);
    expect(problems).toEqual([]);
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`every member page as the demo ${account.role}, in both languages`, async () => {
      const { db } = use();
      const signIn = await fetch(`${app.base}/login`, {
        method: "POST",
        headers: { Cookie: `adam_csrf=${TEST_CSRF}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf: TEST_CSRF, email: account.email, password: DEMO_PASSWORD }),
        redirect: "manual",
      });
      await signIn.arrayBuffer();
      const session = signIn.headers
        .getSetCookie()
        .find((c) => c.startsWith("adam_session="))
        ?.split(";")[0];
      expect(session, `${account.email} signs in`).toBeDefined();
      const problems: Problem[] = [];
      let pagesSeen = 0;
      for (const locale of LOCALES) {
        // A member's saved language wins over the browser's.
        await db.updateTable("users").set({ locale }).where("email", "=", account.email).execute();
        for (const path of memberPages) {
          await check(
            path,
            { Cookie: `${session}; adam_csrf=${TEST_CSRF}`, "Accept-Language": locale },
            account.role,
            locale,
            problems,
          );
          pagesSeen += 1;
        }
      }
      expect(pagesSeen).toBe(memberPages.length * 2);
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
