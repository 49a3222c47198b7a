import type { Page } from "@playwright/test";

// The pages of the demo, by who may see them: the walks over every page (reflow, hydration) share them.

export const PUBLIC_PAGES = [
  "/",
  "/pillars",
  "/partners",
  "/routes",
  "/meetings",
  "/join",
  "/login",
  "/forgot-password",
  "/api",
];
export const MEMBER_PAGES = [
  "/dashboard",
  "/projects",
  "/projects/new",
  "/needs",
  "/needs/new",
  "/search?q=border",
  "/matches",
  "/pledges",
  "/gaps",
  "/gaps?route=balkan",
  "/countries/TJK",
  "/recommendations",
  "/profile",
  "/profile/notifications",
  "/notifications",
];
export const FUNDER_PAGES = ["/invoices", "/funding", "/pledges/new", "/imports"];
export const STAFF_PAGES = ["/duplicates", "/admin/requests", "/admin/users", "/admin/audit", "/meetings/new"];

/** Each demo account with the pages beyond the members' that it may open. */
export const ACCOUNTS_AND_PAGES = [
  ["donor@example.org", FUNDER_PAGES],
  ["beneficiary@example.org", []],
  ["coordinator@example.org", [...FUNDER_PAGES, ...STAFF_PAGES]],
  ["admin@example.org", [...FUNDER_PAGES, ...STAFF_PAGES, "/admin/invoicing", "/admin/outbox"]],
] as const;

/** The first detail page a list links to (ids differ between demo runs only by design of the seed). */
export async function firstDetail(page: Page, list: string, prefix: string): Promise<string | null> {
  await page.goto(list);
  const href = await page.locator(`main a[href^="${prefix}"]`).evaluateAll((links, p) => {
    const found = links.map((a) => a.getAttribute("href") ?? "").find((h) => new RegExp(`^${p}\\d+$`).test(h));
    return found ?? null;
  }, prefix);
  return href;
}

/** The first detail page of each kind of record this account can list. */
export async function detailPages(page: Page): Promise<string[]> {
  const details: string[] = [];
  for (const [list, prefix] of [
    ["/projects", "/projects/"],
    ["/needs", "/needs/"],
    ["/matches", "/matches/"],
    ["/pledges", "/pledges/"],
  ]) {
    const detail = await firstDetail(page, list, prefix);
    if (detail) details.push(detail);
  }
  return details;
}
