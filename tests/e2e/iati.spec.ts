import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signedInContext, switchLanguage } from "./support/session";

// The IATI import in the browser, as the demo's coordinator: upload a publisher's file, read the
// preview activity by activity (one created, one skipped as not drug-related), confirm, and open
// the new project, whose page names its source (publisher, file, the activity's last update).
// The import pages pass axe in English and in Russian.

test.describe.configure({ mode: "serial" });

const FILE = path.resolve("tests/fixtures/iati/e2e/border-control-two-activities.xml");
const FILE_NAME = path.basename(FILE);
let reportUrl = "";

async function coordinatorPage(
  browser: import("@playwright/test").Browser,
  baseURL: string | undefined,
): Promise<Page> {
  const context = await signedInContext(browser, baseURL!, "coordinator@example.org");
  const page = await context.newPage();
  await page.goto("/dashboard");
  await switchLanguage(page, "English");
  return page;
}

test("a coordinator uploads an IATI file, previews it, confirms, and the project shows its source", async ({
  browser,
  baseURL,
}) => {
  const page = await coordinatorPage(browser, baseURL);
  await page.goto("/imports");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("IATI imports");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("IATI activity file (XML)").setInputFiles(FILE);
  await page.getByRole("button", { name: "Preview" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Import of ${FILE_NAME}`);
  await expect(page.getByText("preview, waiting to be confirmed")).toBeVisible();
  reportUrl = new URL(page.url()).pathname;
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("XM-DAC-7-E2E-BORDER-1");
  await expect(rows.nth(0)).toHaveAttribute("data-disposition", "created");
  await expect(rows.nth(1)).toContainText("XM-DAC-7-E2E-SCHOOLS-2");
  await expect(rows.nth(1)).toHaveAttribute("data-disposition", "skipped");
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Confirm the import" }).click();
  await expect(page.getByText(/^imported/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Confirm the import" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: "XM-DAC-7-E2E-BORDER-1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Border liaison offices on the Tajik-Afghan border");
  const source = page.locator("dt", { hasText: "Source" }).locator("xpath=following-sibling::dd[1]");
  await expect(source).toContainText(
    `Imported from the IATI file ${FILE_NAME} published by ` +
      `Netherlands Ministry of Foreign Affairs; activity last updated`,
  );
  await expect(source).toContainText("2024");
  await expectNoSeriousA11yViolations(page);
});

test("the import pages pass axe in Russian", async ({ browser, baseURL }) => {
  const page = await coordinatorPage(browser, baseURL);
  await switchLanguage(page, "Русский");
  try {
    await page.goto("/imports");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Импорт IATI");
    await expect(page.getByRole("link", { name: FILE_NAME })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.goto(reportUrl);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Импорт файла ${FILE_NAME}`);
    await expect(page.getByText(/^импортирован/)).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  } finally {
    // The language is kept on the account: back to English for other specs.
    await switchLanguage(page, "English");
  }
});
