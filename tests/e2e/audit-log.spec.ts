import { expect, test } from "@playwright/test";
import { signedInContext, switchLanguage } from "./support/session";

// The audit log speaks the reader's language (action, kind of record and field names) and keeps
// to the page's width at 1,366 px even when a value is one long unbroken string.

test.use({ viewport: { width: 1366, height: 900 } });

test("a long value wraps inside the audit table, and names are in English and in Russian", async ({
  page,
  browser,
  baseURL,
}) => {
  // An applicant's justification of 1,000 characters without a space lands in the log as it is.
  const marker = `${Date.now()}`;
  const justification = `${marker}${"x".repeat(1000 - marker.length)}`;
  await page.goto("/join");
  await page.getByLabel("Full name").fill("Long Value Applicant");
  await page.getByLabel("Work e-mail").fill(`long-value-${marker}@example.org`);
  await page.getByLabel("Organization", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Role asked for").selectOption("beneficiary");
  await page.getByLabel("Your country").selectOption({ label: "Tajikistan" });
  await page.getByLabel("Why do you need access?").fill(justification);
  await page.getByLabel("Password").fill("Quartz-harbour-lantern-1987!");
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByLabel("Why do you need access?")).toHaveCount(0);

  const context = await signedInContext(browser, baseURL!, "admin@example.org", {
    viewport: { width: 1366, height: 900 },
  });
  const admin = await context.newPage();
  await admin.goto("/admin/audit?action=access.requested");
  const row = admin.locator("table.audit > tbody > tr").filter({ hasText: marker });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").filter({ hasText: "Access requested" })).toBeVisible();
  await expect(row.getByRole("rowheader", { name: "Justification" })).toBeVisible();
  await expect(row.getByText("Access request", { exact: false }).first()).toBeVisible();

  const widths = await admin.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    table: document.querySelector("table.audit")!.getBoundingClientRect().width,
  }));
  expect(widths.page, "the page does not scroll sideways").toBeLessThanOrEqual(widths.viewport);
  expect(widths.table).toBeLessThanOrEqual(widths.viewport);

  await switchLanguage(admin, "Русский");
  const russianRow = admin.locator("table.audit > tbody > tr").filter({ hasText: marker });
  await expect(russianRow.getByRole("cell").filter({ hasText: "Запрошен доступ" })).toBeVisible();
  await expect(russianRow.getByRole("rowheader", { name: "Обоснование" })).toBeVisible();
  await expect(admin.getByLabel("Вид записи").locator("option", { hasText: "Пользователь" })).toHaveCount(1);
  expect(await admin.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
  await switchLanguage(admin, "English");
  await context.close();
});
