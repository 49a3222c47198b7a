import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "paris-pact-demo";

/** Signs in through the real form and waits for the member area. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
const signedInStates = new Map<string, StorageState>();

/**
 * A new browser context already signed in as `email`. The sign-in goes through the real form once
 * per account and run; later contexts reuse its cookies (the per-address sign-in limit stays far off).
 */
export async function signedInContext(
  browser: Browser,
  baseURL: string,
  email: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  let state = signedInStates.get(email);
  if (!state) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signIn(page, email);
    state = await context.storageState();
    signedInStates.set(email, state);
    await context.close();
  }
  return browser.newContext({ ...options, baseURL, storageState: state });
}

/** Switches the interface language with the header's buttons (kept on the account when signed in). */
export async function switchLanguage(page: Page, to: "English" | "Русский") {
  if ((await page.locator("html").getAttribute("lang")) === (to === "English" ? "en" : "ru")) return;
  const name = to === "English" ? "Switch language to English" : "Switch language to Русский";
  const other = to === "English" ? "Переключить язык на English" : "Switch language to Русский";
  const button = page.getByRole("button", { name }).or(page.getByRole("button", { name: other }));
  await button.first().click();
  await expect(page.locator("html")).toHaveAttribute("lang", to === "English" ? "en" : "ru");
}
