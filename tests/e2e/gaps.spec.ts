import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn } from "./support/session";

test("a coordinator filters the gap view to the Balkan route and pillar II and drills into a flagged cell", async ({ page }) => {
  await signIn(page, "coordinator@example.org");
  await page.goto("/gaps");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gap analysis");
  await expect(page.getByRole("img", { name: "Map of the routes" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Route", { exact: true }).selectOption("balkan");
  await page.getByLabel("Pillar", { exact: true }).selectOption("II");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/route=balkan/);
  await expect(page).toHaveURL(/pillar=II/);
  await expect(page.getByRole("heading", { level: 3, name: "Balkan route" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Northern route" })).toHaveCount(0);

  const flagged = page.locator("td.flagged").first();
  await expect(flagged).toContainText("Flagged");
  await flagged.getByRole("link", { name: /^Details for / }).click();
  await expect(page).toHaveURL(/cell=[A-Z]{3}-II/);
  const drill = page.getByRole("region", { name: /pillar II$/ });
  await expect(drill.getByRole("heading", { name: "Needs behind this cell" })).toBeVisible();
  await expect(drill.getByRole("table").first().getByRole("row")).not.toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test("the gap matrix downloads as CSV with the same filters; donors read it too, not the duplicates", async ({ page, baseURL }) => {
  await signIn(page, "coordinator@example.org");
  const csv = await page.request.get(`${baseURL}/gaps.csv?route=balkan&pillar=II`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text).toContain("route_code,route,country_iso3,country,pillar_code,pillar");
  expect(text).toContain("balkan,Balkan route,PAK,");
  expect(text).not.toContain("northern,");
  await page.getByRole("button", { name: "Sign out" }).click();
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
