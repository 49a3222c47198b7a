import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn } from "./support/session";

// A member creates an API token on the profile page (with the keyboard), uses it, and revokes it;
// the /api page in both languages. Both pages on a phone, without sideways scrolling.

test.use({ viewport: { width: 390, height: 844 } });

async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page, "the page does not scroll sideways").toBeLessThanOrEqual(widths.viewport);
}

test("a donor creates a token, reads the API with it, and revokes it", async ({ page, baseURL }) => {
  await signIn(page, "donor@example.org");
  await page.goto("/profile");
  const name = `E2E ${Date.now()}`;
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Token name").press("Enter");
  const field = page.getByLabel("New API token");
  await expect(field).toHaveValue(/^adam_/);
  const token = await field.inputValue();
  await expectNoSeriousA11yViolations(page);
  await expectNoSidewaysScroll(page);

  const read = await page.request.get(`${baseURL}/api/v1/projects?limit=2`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(read.status()).toBe(200);
  expect((await read.json()).data.length).toBeLessThanOrEqual(2);

  // Shown once: reloading lists the token by its name and first characters only.
  await page.goto("/profile");
  await expect(page.getByLabel("New API token")).toHaveCount(0);
  await expect(page.getByRole("heading", { name, level: 3 })).toBeVisible();
  await page.getByRole("button", { name: `Revoke the token “${name}”` }).click();
  await expect(page.getByText("The token was revoked.")).toBeVisible();
  const refused = await page.request.get(`${baseURL}/api/v1/projects`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("invalid_token");
});

test("the API page explains tokens in English and Russian and links the OpenAPI document", async ({ page }) => {
  await page.goto("/api");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ADAM API");
  await expect(page.getByText("Authorization: Bearer", { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await expectNoSidewaysScroll(page);
  await page.getByRole("button", { name: "Switch language to Русский" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("API ADAM");
  await expectNoSeriousA11yViolations(page);
  await expectNoSidewaysScroll(page);
  const document = await page.request.get(
    await page
      .getByRole("link", { name: "Документ OpenAPI (JSON)" })
      .getAttribute("href")
      .then((href) => href!),
  );
  expect((await document.json()).openapi).toBe("3.1.0");
});
