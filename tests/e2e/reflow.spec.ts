import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS_AND_PAGES, detailPages, MEMBER_PAGES, PUBLIC_PAGES } from "./support/pages";
import { signedInContext } from "./support/session";

// WCAG 1.4.10 Reflow: at 390 px wide (a phone) no page scrolls sideways. Wide tables scroll inside
// their own box; the page itself never does. Every page of every role, on the demo data.

const PHONE = { width: 390, height: 844 };

async function overflowOf(page: Page, path: string): Promise<string | null> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  return width > PHONE.width ? `${path}: ${width} px` : null;
}

test.describe.configure({ timeout: 240_000 });

test("no public page scrolls sideways at 390 px, in English and Russian", async ({ browser, baseURL }) => {
  for (const lang of ["en", "ru"]) {
    const context = await browser.newContext({
      baseURL,
      viewport: PHONE,
      locale: lang === "ru" ? "ru-RU" : "en-GB",
      extraHTTPHeaders: { "Accept-Language": lang },
    });
    const page = await context.newPage();
    const wide: string[] = [];
    for (const path of PUBLIC_PAGES) {
      const problem = await overflowOf(page, path);
      if (problem) wide.push(problem);
    }
    expect(wide, `pages wider than the phone (${lang})`).toEqual([]);
    await context.close();
  }
});

for (const [email, extra] of ACCOUNTS_AND_PAGES) {
  test(`no page of ${email} scrolls sideways at 390 px`, async ({ browser, baseURL }) => {
    const context = await signedInContext(browser, baseURL!, email, { viewport: PHONE });
    const page = await context.newPage();
    const details = await detailPages(page);
    const wide: string[] = [];
    for (const path of [...MEMBER_PAGES, ...extra, ...details]) {
      const problem = await overflowOf(page, path);
      if (problem) wide.push(problem);
    }
    expect(wide, "pages wider than the phone").toEqual([]);
    await context.close();
  });
}

test("the navigation collapses behind a menu button on a phone, and opens by keyboard", async ({
  browser,
  baseURL,
}) => {
  const context = await signedInContext(browser, baseURL!, "coordinator@example.org", { viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/dashboard");
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Projects" })).toBeHidden();
  // Less than a fifth of the first screen goes to the header when the menu is closed.
  const header = await page.locator(".site-header").boundingBox();
  expect(header!.height).toBeLessThan(PHONE.height / 5);
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Projects" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await context.close();
});

test("on a large screen the navigation is grouped and always shown", async ({ browser, baseURL }) => {
  const context = await signedInContext(browser, baseURL!, "admin@example.org", {
    viewport: { width: 1366, height: 900 },
  });
  const page = await context.newPage();
  await page.goto("/dashboard");
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const group of ["Marketplace", "Coordination", "Funding", "Administration"])
    await expect(nav.getByRole("list", { name: group })).toBeVisible();
  await expect(nav.getByRole("list", { name: "Funding" }).getByRole("link", { name: "Invoices" })).toBeVisible();
  await context.close();
});

test("the focus ring has at least 3:1 contrast on white", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Work e-mail").focus();
  const color = await page.getByLabel("Work e-mail").evaluate((el) => getComputedStyle(el).outlineColor);
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  expect((1 + 0.05) / (luminance + 0.05), `outline ${color}`).toBeGreaterThanOrEqual(3);
});

test("a table that scrolls in its own box on a phone is still a table to assistive technology", async ({
  browser,
  baseURL,
}) => {
  const context = await signedInContext(browser, baseURL!, "donor@example.org", { viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/projects");
  expect(
    await page
      .locator("main table")
      .first()
      .evaluate((t) => getComputedStyle(t).display),
  ).toBe("block");
  // The browser's own accessibility tree (not Playwright's reading of the markup).
  const cdp = await context.newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: Array<{ role?: { value?: string } }> };
  const roles = nodes.map((n) => n.role?.value);
  expect(roles).toContain("table");
  expect(roles.filter((r) => r === "columnheader").length).toBeGreaterThanOrEqual(5);
  await context.close();
});
