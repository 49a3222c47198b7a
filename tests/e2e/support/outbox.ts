import { expect, type Browser, type Page } from "@playwright/test";
import { signedInContext } from "./session";

/**
 * The e2e server has no mail server: messages stay in the outbox. An administrator reads the newest
 * message to `email` at /admin/outbox and the path of the link in it that starts with `path`.
 */
export async function linkFromOutbox(browser: Browser, baseURL: string, email: string, path: string): Promise<string> {
  const context = await signedInContext(browser, baseURL, "admin@example.org");
  try {
    const admin = await context.newPage();
    await admin.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
    const newest = admin.getByRole("article").first();
    await expect(newest).toContainText(email);
    // The body is in a closed <details>: its text is read without opening it (in any language).
    const body = (await newest.locator(".outbox-body").textContent()) ?? "";
    const url = new RegExp(`https?://[^\\s]+${path.replace(/[?]/g, "\\?")}[^\\s]*`).exec(body)?.[0];
    expect(url, body).toBeDefined();
    const found = new URL(url!);
    return found.pathname + found.search;
  } finally {
    await context.close();
  }
}

/** The applicant opens the link e-mailed to them and confirms the address. */
export async function confirmEmail(page: Page, baseURL: string, email: string) {
  const link = await linkFromOutbox(page.context().browser()!, baseURL, email, "/verify-email?token=");
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("status")).toContainText("your address is confirmed");
}
