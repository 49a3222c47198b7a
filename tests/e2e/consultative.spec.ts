import { expect, test } from "@playwright/test";
import { signIn } from "./support/session";

// The recommendation picker by keyboard: a coordinator records a recommendation of the Ankara
// EWG, then cites it from a new need by typing in the filter, arrowing down and pressing Space.
test("the recommendation picker works by keyboard", async ({ page }) => {
  await signIn(page, "coordinator@example.org");
  await page.goto("/meetings");
  await page.getByRole("link", { name: /financial flows linked to illicit traffic/i }).click();
  await page.getByLabel("Number", { exact: true }).first().fill("3");
  await page.getByLabel("Pillar", { exact: true }).first().selectOption("II");
  await page.getByLabel("Text in English").fill("Share financial intelligence on opiate trafficking promptly.");
  await page.getByLabel("Text in Russian").fill("Оперативно обмениваться финансовой информацией.");
  await page.getByRole("button", { name: "Save" }).first().click();
  await expect(page.getByText("Share financial intelligence on opiate trafficking promptly.")).toBeVisible();

  await page.goto("/needs/new");
  const filter = page.getByLabel("Filter recommendations");
  await filter.focus();
  await page.keyboard.type("promptly");
  await expect(page.locator("#recommendation-options li:not([hidden])")).toHaveCount(1);
  await page.keyboard.press("Enter"); // never submits the form
  await expect(page).toHaveURL(/\/needs\/new$/);
  await page.keyboard.press("ArrowDown");
  const box = page.getByRole("checkbox", { name: /promptly/ });
  await expect(box).toBeFocused();
  await page.keyboard.press("Space");
  await expect(box).toBeChecked();
  await expect(page.getByText("1 chosen")).toBeVisible();
});
