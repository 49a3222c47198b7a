import { expect, test, type Page } from "@playwright/test";
import { signedInContext } from "./support/session";

// With the Content-Security-Policy on, pages still hydrate and work in a real browser, and the
// browser reports no violation: Remix's inline scripts carry the response's nonce.

/**
 * Collects CSP violations (the event and the console's "Refused to …" lines), page errors, and the
 * page's scripts that did not load (a missing dictionary bundle would show as hydration errors), each
 * with the address of the page it happened on.
 */
function watch(page: Page): string[] {
  const problems: string[] = [];
  const at = () => new URL(page.url()).pathname;
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${at()}: ${error.message}`));
  page.on("requestfailed", (request) => {
    if (request.resourceType() === "script") problems.push(`script failed on ${at()}: ${request.url()}`);
  });
  page.on("response", (response) => {
    if (response.request().resourceType() === "script" && response.status() >= 400) {
      problems.push(`script ${response.status()} on ${at()}: ${response.url()}`);
    }
  });
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(
        `Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI} ` +
          `at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`,
      );
    });
  });
  return problems;
}

/** True once React has hydrated: a client-side navigation keeps the window (a full load would not). */
async function navigatesClientSide(page: Page, linkName: string | RegExp, expectedPath: RegExp) {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.getByRole("navigation").getByRole("link", { name: linkName, exact: true }).click();
  await expect(page).toHaveURL(expectedPath);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true)).toBe(
    true,
  );
}

test("public pages hydrate under the policy in both languages, with no violation", async ({ page }) => {
  const problems = watch(page);
  const response = await page.goto("/");
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  await expect(page.locator("script[nonce]").first()).toBeAttached();
  await navigatesClientSide(page, "Pillars", /\/pillars$/);
  await navigatesClientSide(page, "Routes", /\/routes$/);
  await page.getByRole("button", { name: "Switch language to Русский" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await navigatesClientSide(page, "Партнёры", /\/partners$/);
  await page.getByRole("button", { name: "Переключить язык на English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  expect(problems).toEqual([]);
});

test("member pages hydrate and their forms work under the policy, with no violation", async ({ browser, baseURL }) => {
  const context = await signedInContext(browser, baseURL!, "coordinator@example.org");
  const page = await context.newPage();
  const problems = watch(page);
  for (const path of [
    "/dashboard",
    "/projects",
    "/needs",
    "/gaps",
    "/funding",
    "/matches",
    "/duplicates",
    "/invoices",
    "/admin/audit",
    "/admin/users",
    "/search?q=police",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expect(response?.headers()["cache-control"], path).toBe("no-store");
  }
  await page.goto("/dashboard");
  await navigatesClientSide(page, "Projects", /\/projects$/);
  // A filter form submitted through Remix's client router (single-fetch data request).
  await page.getByLabel("Country").selectOption("TJK");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/country=TJK/);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true)).toBe(
    true,
  );
  expect(problems).toEqual([]);
  await context.close();
});
