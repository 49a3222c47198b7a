import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn } from "./support/session";

test("a coordinator filters the gap view to the Balkan route and pillar II and drills into a flagged cell", async ({
  page,
}) => {
  await signIn(page, "coordinator@example.org");
  await page.goto("/gaps");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gap analysis");
  await expect(page.getByRole("group", { name: "Map of the routes" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Route", { exact: true }).selectOption("balkan");
  await page.getByLabel("Pillar", { exact: true }).selectOption("II");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/route=balkan/);
  await expect(page).toHaveURL(/pillar=II/);
  await expect(page.getByRole("heading", { level: 3, name: "Balkan route" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Northern route" })).toHaveCount(0);

  // A flagged cell says why in words (its description), for screen readers as well.
  const flagged = page.locator("td.heat a[aria-describedby]").first();
  await expect(flagged).toHaveAccessibleDescription(/^Flagged: /);
  await expect(flagged).toHaveAccessibleName(/^[^ ]+ Pillar II /);
  await flagged.click();
  await expect(page).toHaveURL(/cell=[A-Z]{3}-II/);
  const drill = page.getByRole("region", { name: /pillar II$/ });
  await expect(drill.getByRole("heading", { name: "Needs behind this cell" })).toBeVisible();
  await expect(drill.getByRole("table").first().getByRole("row")).not.toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test(
  "one route's matrix fits 1,366 × 900 without sideways scrolling, " +
    "sorts by flags, and its cells open from the keyboard",
  async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await signIn(page, "coordinator@example.org");
    await page.goto("/gaps?route=balkan");
    await page.waitForLoadState("networkidle");
    const table = page.locator("#route-balkan + .table-scroll > table");
    await expect(table).toBeVisible();
    const box = (await table.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1366);
    const scroller = page.locator("#route-balkan + .table-scroll");
    expect(await scroller.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    // Heat classes: every cell has one, and the legend explains them.
    expect(await table.locator("td.heat").count()).toBeGreaterThan(20 * 3);
    await expect(page.getByText("all met", { exact: true })).toBeVisible();

    // Sorting by flags is a link (a GET parameter): the most-flagged country comes first.
    await page.getByRole("link", { name: "flags", exact: true }).click();
    await expect(page).toHaveURL(/sort=flags/);
    // The router changes the URL before React renders the sorted page: wait for the page to say so.
    await expect(page.getByRole("link", { name: "flags", exact: true })).toHaveAttribute("aria-current", "true");
    const flagsPerRow = await table
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll(".flag-mark").length));
    expect(flagsPerRow).toEqual([...flagsPerRow].sort((a, b) => b - a));

    // Keyboard: open a cell, focus lands on its detail; Escape returns focus to the cell.
    const cell = table.locator("td.heat a").nth(5);
    const cellId = (await cell.getAttribute("id"))!;
    await cell.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/cell=[A-Z]{3}-(I|II|III|IV)/);
    await expect(page.locator("#drill")).toBeFocused();
    await expect(page.locator("#drill")).toContainText("Cost");
    // Escape is JavaScript's: wait until the page is hydrated (a full load may have happened).
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("Escape");
    await expect(page).not.toHaveURL(/cell=/);
    await expect(page.locator(`#${cellId}`)).toBeFocused();
    // The back link does the same.
    await page.locator(`#${cellId}`).press("Enter");
    await expect(page.locator("#drill")).toBeFocused();
    // A cell is a plain link (a full load), and the browser focuses the #drill fragment before React
    // hydrates: the back link is the router's only once the page has hydrated.
    await page.waitForLoadState("networkidle");
    await page.getByRole("link", { name: "Back to the cell" }).first().click();
    await expect(page.locator(`#${cellId}`)).toBeFocused();
    await expect(page).toHaveURL(/sort=flags/);
  },
);

test("the map names the countries, shows Kosovo with its note, and each country links to its row", async ({ page }) => {
  await signIn(page, "coordinator@example.org");
  await page.goto("/gaps");
  const map = page.getByRole("group", { name: "Map of the routes" });
  await expect(map.locator("text.map-label", { hasText: "Kosovo*" })).toHaveCount(1);
  await expect(map.locator("text.map-label", { hasText: "North Macedonia" })).toHaveCount(1);
  await expect(page.locator("#kosovo-note")).toContainText("resolution 1244 (1999)");
  // The shapes come from the cached document, not the page.
  expect(await map.locator("path").count()).toBe(0);
  const kosovo = map.locator('a[href="#row-balkan-XKX"]').last();
  await expect(kosovo.locator("title")).toContainText("Kosovo*: unmet");
  await kosovo.focus();
  await expect(page.locator(".map-tip")).toContainText("Kosovo*");
  await kosovo.press("Enter");
  await expect(page).toHaveURL(/#row-balkan-XKX$/);
  await expect(page.locator("#row-balkan-XKX")).toBeInViewport();
});

test("the gap view passes axe in Russian too", async ({ page }) => {
  await signIn(page, "coordinator@example.org");
  try {
    await page.getByRole("button", { name: /Русский/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await page.goto("/gaps?cell=AFG-I");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Анализ пробелов");
    await expect(page.locator("#drill")).toBeVisible();
    await expect(page.getByRole("group", { name: "Карта маршрутов" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  } finally {
    // The language is stored on the account: put it back for other tests.
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
});

test("the gap matrix downloads as CSV with the same filters; donors read it too, not the duplicates", async ({
  page,
  baseURL,
}) => {
  await signIn(page, "coordinator@example.org");
  const csv = await page.request.get(`${baseURL}/gaps.csv?route=balkan&pillar=II`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  // Headers are labels in the reader's language (codes and names in columns of their own).
  expect(text).toContain("Route (code),Route,Country code (ISO 3166-1 alpha-3),Country,");
  expect(text).toContain("balkan,Balkan route,PAK,");
  expect(text).not.toContain("northern,");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/); // signed out before signing in again (no race with the form's POST)
  await signIn(page, "donor@example.org");
  // Every member sees the gap view (donors decide where to fund); duplicates stay with the unit.
  const donorView = await page.request.get(`${baseURL}/api/gaps?route=balkan`);
  expect(donorView.status()).toBe(200);
  expect((await donorView.json()).cells.length).toBeGreaterThan(0);
  const refused = await page.request.get(`${baseURL}/duplicates`);
  expect(refused.status()).toBe(403);
});

test("a coordinator decides a duplicate candidate", async ({ page }) => {
  await signIn(page, "coordinator@example.org");
  await page.goto("/duplicates");
  await expectNoSeriousA11yViolations(page);
  const first = page.getByRole("link", { name: /^Compare / }).first();
  const label = await first.getAttribute("aria-label");
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare two projects");
  await page.getByLabel("Decision").selectOption("duplicate");
  await page.getByLabel(/Note for the coordination unit/).fill("Same training, two donors: merge.");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The decision has been recorded." })).toBeVisible();
  await expect(page.getByText("Current decision: duplicate")).toBeVisible();
  await page.goto("/duplicates");
  await expect(page.getByRole("link", { name: label! })).toHaveCount(0);
  await page.goto("/duplicates?status=duplicate");
  await expect(page.getByRole("link", { name: label! })).toHaveCount(1);
});
