import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "paris-pact-demo";

/** Signs in through the real form and waits for the member area. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
