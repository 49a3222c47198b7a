import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS_AND_PAGES, detailPages, MEMBER_PAGES, PUBLIC_PAGES } from "./support/pages";
import { signedInContext, switchLanguage } from "./support/session";

// Every page is rendered twice: on the server, then again by React in the browser, which adopts the
// server's HTML only if both read the same. Anything that differs between Node and the browser (an
// Intl option one engine defaults differently, a clock, a random value) makes React throw away the
// page and render it again, and report it as a page error. Every page of every role, on the demo data.

test.describe.configure({ timeout: 300_000 });

/** Page errors and React's console errors, with the page they happened on. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  const at = () => new URL(page.url()).pathname + new URL(page.url()).search;
  page.on("pageerror", (error) => problems.push(`${at()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /React|hydrat/i.test(message.text())) problems.push(`${at()}: ${message.text()}`);
  });
  return problems;
}

/** Opens a page and waits until React has taken it over (its elements carry React's fibers). */
async function hydrate(page: Page, path: string) {
  const response = await page.goto(path);
  // A page this role may not open answers 403 with its error page, which must hydrate as well.
  expect(response?.status(), path).toBeLessThan(500);
  await page.waitForFunction(() =>
    Object.keys(document.querySelector("main") ?? {}).some((key) => key.startsWith("__reactFiber$")),
  );
  await page.waitForLoadState("networkidle");
}

test("every public page hydrates with no error, in English and Russian", async ({ browser, baseURL }) => {
  for (const lang of ["en", "ru"]) {
    const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "Accept-Language": lang } });
    const page = await context.newPage();
    const problems = watch(page);
    for (const path of PUBLIC_PAGES) await hydrate(page, path);
    expect(problems, lang).toEqual([]);
    await context.close();
  }
});

for (const [email, extra] of ACCOUNTS_AND_PAGES) {
  test(`every page of ${email} hydrates with no error`, async ({ browser, baseURL }) => {
    const context = await signedInContext(browser, baseURL!, email);
    const page = await context.newPage();
    const problems = watch(page);
    for (const path of [...MEMBER_PAGES, ...extra, ...(await detailPages(page))]) await hydrate(page, path);
    expect(problems).toEqual([]);
    await context.close();
  });
}

test("every page of the administrator hydrates with no error in Russian", async ({ browser, baseURL }) => {
  const [email, extra] = ACCOUNTS_AND_PAGES[3];
  const context = await signedInContext(browser, baseURL!, email);
  const page = await context.newPage();
  await page.goto("/profile");
  await switchLanguage(page, "Русский");
  try {
    const problems = watch(page);
    for (const path of [...MEMBER_PAGES, ...extra, ...(await detailPages(page))]) await hydrate(page, path);
    expect(problems).toEqual([]);
  } finally {
    await page.goto("/profile");
    await switchLanguage(page, "English");
    await context.close();
  }
});

test("a browser whose clock reads another day shows the server's day, and hydrates", async ({ browser, baseURL }) => {
  const context = await signedInContext(browser, baseURL!, "coordinator@example.org");
  const page = await context.newPage();
  const problems = watch(page);
  // Years ahead: by the browser's clock every active or planned project of the demo is past its end.
  await page.clock.setFixedTime(new Date("2040-01-01T12:00:00Z"));
  await hydrate(page, "/projects?status=pipeline");
  expect(await page.evaluate(() => new Date().getFullYear())).toBe(2040);
  await expect(page.getByRole("row").nth(1)).toBeVisible();
  await expect(page.getByText("past its end date")).toHaveCount(0);
  expect(problems).toEqual([]);
  await context.close();
});
