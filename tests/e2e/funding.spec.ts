import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { pdfText } from "../support/pdf-text";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn } from "./support/session";

// The funding journey across three people: the admin configures invoicing once, a donor announces
// a pledge, the coordination unit invoices a tranche of it, issues it and records a payment, and
// the donor downloads the PDF. Every page on the way passes axe, in English and in Russian.
// The demo data seeds invoicing settings; the admin changes them here, as part of the journey.

test.describe.configure({ mode: "serial" });

async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

const today = new Date().toISOString().slice(0, 10);
let invoiceId = "";
let invoiceNumber = "";

test("the admin configures the coordination unit's details and bank instructions", async ({ browser }) => {
  const page = await as(browser, "admin@example.org");
  await page.getByRole("link", { name: "Invoicing settings" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invoicing settings");
  await expectNoSeriousA11yViolations(page);
  const issuer = page.locator("form#issuer-form");
  await issuer.getByLabel("Name").fill("Paris Pact Coordination Unit");
  await issuer.getByLabel("Postal address").fill("Vienna International Centre\nWagramer Strasse 5\n1400 Vienna");
  await issuer.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The settings are saved." })).toBeVisible();
  const bank = page.locator("form#bank-form");
  await bank.getByLabel("Account holder").fill("UNODC Paris Pact Trust Fund");
  await bank.getByLabel("Bank", { exact: true }).fill("Demo Bank AG");
  await bank.getByLabel("SWIFT/BIC").fill("nope");
  await bank.getByRole("button", { name: "Save" }).click();
  await expect(bank.getByText("Enter an 8- or 11-character SWIFT/BIC.")).toBeVisible();
  await bank.getByLabel("SWIFT/BIC").fill("DEMOATWW");
  await bank.getByLabel(/^IBAN/).fill("AT61 1904 3002 3457 3201");
  await bank.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The settings are saved." })).toBeVisible();
  await expect(page.getByText("Invoices cannot be issued until both parts are saved.")).toHaveCount(0);
});

test("a donor announces a pledge for the programme", async ({ browser }) => {
  const page = await as(browser, "donor@example.org");
  await page.getByRole("link", { name: "Funding announcements" }).first().click();
  await expect(page.getByText("A pledge is a promise, not money")).toBeVisible();
  await page.getByRole("link", { name: "Announce funding" }).click();
  await expectNoSeriousA11yViolations(page);
  // The field for what the pledge is for follows the chosen purpose.
  await page.getByLabel("For", { exact: true }).selectOption("pillar");
  await expect(page.getByLabel("Pillar")).toBeVisible();
  await page.getByLabel("For", { exact: true }).selectOption("programme");
  await expect(page.getByLabel("Pillar")).toHaveCount(0);
  await page.getByLabel("Amount", { exact: true }).fill("250000");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByLabel("Period start").fill("2026-01-01");
  await page.getByLabel("Period end").fill("2025-12-31");
  await page.getByRole("button", { name: "Announce" }).click();
  await expect(page.getByText("The period cannot end before it starts.")).toBeVisible();
  await page.getByLabel("Period end").fill("2026-12-31");
  await page.getByLabel("Note").fill("Core contribution to the coordination unit");
  await page.getByRole("button", { name: "Announce" }).click();
  await expect(page).toHaveURL(/\/pledges\?created=1$/);
  await expect(page.getByRole("status").filter({ hasText: "The funding announcement is saved." })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Core contribution" });
  await expect(row).toContainText("€250,000.00");
  await expectNoSeriousA11yViolations(page);
});

test("the coordinator invoices a tranche, issues it and records a payment", async ({ browser }) => {
  const page = await as(browser, "coordinator@example.org");
  await page.goto("/pledges");
  await page
    .getByRole("row")
    .filter({ hasText: "Core contribution" })
    .getByRole("link", { name: /^Invoice funding announcement/ })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New invoice draft");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel(/Amount of this tranche/).fill("300000");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByText(/more than is left to invoice on the pledge: at most €250,000\.00/)).toBeVisible();
  await expect(page.getByLabel(/Amount of this tranche/)).toHaveValue("300000");
  await page.getByLabel(/Amount of this tranche/).fill("100000");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  invoiceId = page.url().match(/\/invoices\/(\d+)/)![1];
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Draft no\. \d+$/);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Issue the invoice" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The invoice is issued." })).toBeVisible();
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  invoiceNumber = heading!.match(/PP-\d{4}-\d{4}/)![0];

  const pay = page.locator("form#pay-form");
  await pay.getByLabel(/Amount received/).fill("100000.01");
  await pay.getByLabel("Date received").fill(today);
  await pay.getByLabel("Bank reference").fill("STATEMENT-2026-001");
  await pay.getByRole("button", { name: "Record the payment" }).click();
  await expect(pay.getByText("This is more than is outstanding: at most €100,000.00 can be recorded.")).toBeVisible();
  await expect(pay.getByLabel("Bank reference")).toHaveValue("STATEMENT-2026-001");
  await pay.getByLabel(/Amount received/).fill("40000");
  await pay.getByRole("button", { name: "Record the payment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The payment is recorded." })).toBeVisible();
  await expect(page.getByText("partly paid").first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Payments received" })).toContainText("STATEMENT-2026-001");
  await expectNoSeriousA11yViolations(page);

  await page.goto("/invoices?status=partly_paid");
  await expect(page.getByRole("row").filter({ hasText: invoiceNumber })).toContainText("€60,000.00");
  await expectNoSeriousA11yViolations(page);
  await page.goto("/funding");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Funding: pledged, invoiced, paid");
  await expect(page.getByText(/1 EUR = [\d.]+ USD \(rate of/).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("the donor downloads the invoice PDF", async ({ browser, baseURL }) => {
  const page = await as(browser, "donor@example.org");
  await page.getByRole("link", { name: "Invoices" }).first().click();
  const row = page.getByRole("row").filter({ hasText: invoiceNumber });
  await expect(row).toContainText("partly paid");
  await expectNoSeriousA11yViolations(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("link", { name: `Download the PDF of ${invoiceNumber}` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${invoiceNumber}.pdf`);
  const file = readFileSync((await download.path())!);
  expect(file.length).toBeGreaterThan(5_000);
  expect(file.subarray(0, 5).toString()).toBe("%PDF-");
  expect(await pdfText(file)).toContain(invoiceNumber);
  const response = await page.request.get(`${baseURL}/invoices/${invoiceId}.pdf`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect(Number(response.headers()["content-length"])).toBe(file.length);
});

test("the funding pages pass axe in Russian", async ({ browser }) => {
  for (const [email, paths] of [
    ["donor@example.org", ["/pledges", "/pledges/new", "/invoices", `/invoices/${invoiceId}`, "/funding"]],
    ["coordinator@example.org", ["/pledges", "/invoices", `/invoices/${invoiceId}`, "/funding"]],
    ["admin@example.org", ["/admin/invoicing"]],
  ] as const) {
    const page = await as(browser, email);
    await page.getByRole("button", { name: "Switch language to Русский" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", "ru");
      await expect(page.getByRole("heading", { level: 1 })).not.toBeEmpty();
      await expectNoSeriousA11yViolations(page);
    }
    // The choice is kept on the account: give the demo accounts back their English for later specs.
    await page.getByRole("button", { name: "Переключить язык на English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.context().close();
  }
});
