import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn } from "./support/session";

test("a demo coordinator signs in, reaches the member area and signs out", async ({ page }) => {
  await signIn(page, "coordinator@example.org");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Claire Coordinator");
  await expect(page.getByRole("link", { name: "Access requests" }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdashboard$/);
});

test("a wrong password is refused with a message, and the typed e-mail stays", async ({ page }) => {
  await page.goto("/login");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Work e-mail").fill("donor@example.org");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The e-mail or the password is not right.");
  await expect(page.getByLabel("Work e-mail")).toHaveValue("donor@example.org");
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("a form posted from another site is refused", async ({ page, baseURL }) => {
  await page.goto("/");
  const response = await page.request.post(`${baseURL}/language`, {
    form: { locale: "ru", redirectTo: "/" },
    headers: { Origin: "http://evil.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  const noToken = await page.request.post(`${baseURL}/language`, {
    form: { locale: "ru", redirectTo: "/" },
    maxRedirects: 0,
  });
  expect(noToken.status()).toBe(403);
});
