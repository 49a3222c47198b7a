import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signedInContext, switchLanguage } from "./support/session";

// The two sides of the marketplace, end to end, on the shared demo database.

const DONOR = "donor@example.org";
const BENEFICIARY = "beneficiary@example.org";
const COORDINATOR = "coordinator@example.org";
const stamp = Date.now().toString(36);

// Axe on the long forms (hundreds of options) takes a few seconds a page.
test.describe.configure({ timeout: 240_000 });

async function hydrated(page: Page) {
  await page.waitForFunction(
    () =>
      (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined &&
      document.readyState === "complete",
  );
}

async function fillProject(page: Page, title: string) {
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("Analysts, software and mentoring for the financial intelligence unit.");
  await page.getByRole("checkbox", { name: "Pillar II: Illicit financial flows" }).check();
  await page.getByRole("checkbox", { name: /^II\.1 / }).check();
  await page.getByLabel("OECD DAC purpose code").selectOption("15113");
  await page
    .getByRole("group", { name: "Beneficiary countries" })
    .getByRole("checkbox", { name: "Tajikistan" })
    .check();
  await page.getByLabel("Status").selectOption("active");
  await page.getByLabel("Start date").fill("2026-01-01");
  await page.getByLabel("End date (optional)").fill("2027-12-31");
  await page.getByLabel("Budget").fill("250000.50");
  await page.getByLabel("Currency").selectOption("EUR");
}

test("a donor posts a project and a beneficiary posts a need; each sees the other's in the lists", async ({
  browser,
  baseURL,
}) => {
  const donor = await (await signedInContext(browser, baseURL!, DONOR)).newPage();
  const beneficiary = await (await signedInContext(browser, baseURL!, BENEFICIARY)).newPage();
  const projectTitle = `Strengthening the Financial Intelligence Unit's analytical capacity ${stamp}`;
  const needTitle = `Профилактика наркомании среди молодёжи ${stamp}`;

  await donor.goto("/projects");
  await donor.getByRole("link", { name: "Post a project" }).click();
  await expect(donor.getByRole("heading", { level: 1 })).toHaveText("Post a project");
  await hydrated(donor);
  await fillProject(donor, projectTitle);
  await donor.getByRole("button", { name: "Save" }).click();
  await expect(donor.getByRole("heading", { level: 1 })).toHaveText(projectTitle);
  await expect(donor.getByText("Your changes have been saved.")).toBeVisible();
  await expect(donor.getByText(/-ADAM-\d+$/)).toBeVisible();
  await expectNoSeriousA11yViolations(donor);

  await beneficiary.goto("/needs/new");
  await hydrated(beneficiary);
  await expect(beneficiary.getByLabel("Country")).toHaveValue("TJK");
  await beneficiary.getByLabel("Title").fill(needTitle);
  await beneficiary.getByLabel("Description").fill("Школьные программы профилактики в приграничных районах.");
  await beneficiary.getByLabel("Pillar", { exact: true }).selectOption("IV");
  await beneficiary.getByLabel("Capacity area").selectOption("IV.1");
  await beneficiary.getByLabel("Priority").selectOption("critical");
  await beneficiary.getByLabel("Estimated cost (optional)").fill("120000");
  await beneficiary.getByLabel("Currency (optional)").selectOption("USD");
  await beneficiary.getByRole("button", { name: "Save" }).click();
  await expect(beneficiary.getByRole("heading", { level: 1 })).toHaveText(needTitle);
  await expect(beneficiary.getByText("open", { exact: true })).toBeVisible();

  // The beneficiary finds the donor's project among those reaching Tajikistan (filters in the URL).
  await beneficiary.goto("/projects");
  await beneficiary.getByLabel("Country").selectOption("TJK");
  await beneficiary.getByLabel("Pillar").selectOption("II");
  await beneficiary.getByRole("button", { name: "Apply filters" }).click();
  await expect(beneficiary).toHaveURL(/country=TJK/);
  await expect(beneficiary.getByRole("link", { name: projectTitle })).toBeVisible();

  // The donor finds the new need on the needs list and on Tajikistan's page.
  await donor.goto("/needs?country=TJK&priority=critical");
  await expect(donor.getByRole("link", { name: needTitle })).toBeVisible();
  await donor.goto("/countries/TJK");
  await expect(donor.getByRole("heading", { level: 1 })).toHaveText("Tajikistan");
  // The fact sheet links a new record twice: in its list and in the recent activity.
  await expect(donor.getByRole("link", { name: needTitle }).first()).toBeVisible();
  await expect(donor.getByRole("link", { name: projectTitle }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(donor);

  // The donor's own list, and the beneficiary may not edit it.
  await donor.goto("/projects?mine=1");
  await expect(donor.getByRole("heading", { level: 1 })).toHaveText("My organization's projects");
  await expect(donor.getByRole("link", { name: projectTitle })).toBeVisible();
  await beneficiary.getByRole("link", { name: projectTitle }).click();
  await expect(beneficiary.getByRole("link", { name: "Edit the project" })).toHaveCount(0);
  await donor.context().close();
  await beneficiary.context().close();
});

test("rules broken on the project form are explained and what was typed survives, with and without JavaScript", async ({
  browser,
  baseURL,
}) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await signedInContext(browser, baseURL!, DONOR, { javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/projects/new");
    if (javaScriptEnabled) await hydrated(page);
    const title = `Typed title ${javaScriptEnabled ? "js" : "nojs"} ${stamp}`;
    await fillProject(page, title);
    await page.getByRole("checkbox", { name: "Pillar II: Illicit financial flows" }).uncheck();
    await page.getByLabel("Budget").fill("12.345");
    await page.getByLabel("End date (optional)").fill("2025-01-01");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Tick at least one pillar.").last()).toBeVisible();
    await expect(page.getByText(/Enter a positive amount with at most two decimals/)).toBeVisible();
    await expect(page.getByText("The end date cannot be before the start date.")).toBeVisible();
    await expect(page.getByText("Every capacity area must belong to one of the pillars ticked.")).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByLabel("Budget")).toHaveValue("12.345");
    await expect(
      page.getByRole("group", { name: "Beneficiary countries" }).getByRole("checkbox", { name: "Tajikistan" }),
    ).toBeChecked();
    // axe runs as a script in the page: only where JavaScript is on.
    if (javaScriptEnabled) await expectNoSeriousA11yViolations(page);
    await context.close();
  }
});

test("a stale edit is refused with a clear message, keeping what the second person typed", async ({
  browser,
  baseURL,
}) => {
  const first = await (await signedInContext(browser, baseURL!, DONOR)).newPage();
  const second = await (await signedInContext(browser, baseURL!, COORDINATOR)).newPage();
  await first.goto("/projects?mine=1&sort=title");
  const url = (await first.locator("tbody th a").first().getAttribute("href"))!;
  await first.goto(`${url}/edit`);
  await second.goto(`${url}/edit`);
  await hydrated(first);
  await hydrated(second);

  await first.getByLabel("Summary").fill(`Saved first by the donor ${stamp}`);
  await first.getByRole("button", { name: "Save" }).click();
  await expect(first.getByText("Your changes have been saved.")).toBeVisible();

  const typed = `Typed by the coordinator in an old copy ${stamp}`;
  await second.getByLabel("Summary").fill(typed);
  await second.getByRole("button", { name: "Save" }).click();
  await expect(second.getByRole("alert")).toContainText("Someone else saved this record after you opened it.");
  await expect(second.getByLabel("Summary")).toHaveValue(typed);
  await expectNoSeriousA11yViolations(second);

  await first.reload();
  await expect(first.getByText(`Saved first by the donor ${stamp}`)).toBeVisible();
  await first.context().close();
  await second.context().close();
});

test("the marketplace pages pass axe in English and Russian", async ({ browser, baseURL }) => {
  const context = await signedInContext(browser, baseURL!, BENEFICIARY);
  const page = await context.newPage();
  await page.goto("/needs?mine=1");
  const needPath = await page.locator("tbody th a").first().getAttribute("href");
  await page.goto("/projects?country=TJK");
  const projectPath = await page.locator("tbody th a").first().getAttribute("href");
  const paths = [
    "/projects",
    projectPath!,
    "/needs",
    needPath!,
    `${needPath}/edit`,
    "/needs/new",
    "/countries/TJK",
    "/projects?pillar=IV&sort=title&page=2",
  ];
  try {
    for (const language of ["English", "Русский"] as const) {
      await page.goto("/needs");
      await switchLanguage(page, language);
      for (const path of paths) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expectNoSeriousA11yViolations(page);
      }
    }
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Проекты");
  } finally {
    await switchLanguage(page, "English");
    await context.close();
  }
  const donor = await (await signedInContext(browser, baseURL!, DONOR)).newPage();
  for (const path of ["/projects/new", "/projects?mine=1"]) {
    await donor.goto(path);
    await expectNoSeriousA11yViolations(donor);
  }
  await donor.context().close();
});
