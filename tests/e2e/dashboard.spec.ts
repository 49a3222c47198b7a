import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signedInContext, switchLanguage } from "./support/session";

// "My ADAM" for each demo user the morning after: their work queue, with counts read out in the
// headings, links to act, in both languages, accessible, and on a 390 px phone without sideways scroll.

const USERS = [
  {
    email: "coordinator@example.org",
    en: ["Proposals awaiting your decision", "Possible duplicates", "Draft invoices", "Invoices past their due date"],
    ru: "Черновики счетов",
  },
  {
    email: "donor@example.org",
    en: [
      "Proposals awaiting your decision",
      "Your proposals awaiting the other side",
      "Similar projects found for yours",
      "Your invoices due",
    ],
    ru: "Ваши счета к оплате",
  },
  {
    email: "beneficiary@example.org",
    en: ["Proposals awaiting your decision", "Your country's needs at a glance"],
    ru: "Потребности вашей страны вкратце",
  },
] as const;

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const user of USERS) {
  test(`the dashboard of ${user.email} is a work queue, in English and Russian, on a phone`, async ({
    browser,
    baseURL,
  }) => {
    const context = await signedInContext(browser, baseURL!, user.email, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto("/dashboard");
    await switchLanguage(page, "English");
    for (const title of user.en) {
      // The count is part of the heading, so a screen reader reads it with the queue's name.
      await expect(page.getByRole("heading", { level: 3, name: new RegExp(`^${title} \\d+ \\w+`) })).toBeVisible();
    }
    const decide = page.getByRole("region", { name: /^Proposals awaiting your decision/ });
    await expect(decide.getByRole("heading", { name: /[1-9]\d* proposals?$/ })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await noSidewaysScroll(page);

    // The first proposal opens on a Decide form: the queue only lists what the user may decide.
    await decide.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/matches\/\d+$/);
    await expect(page.getByRole("heading", { name: "Decide" })).toBeVisible();

    await page.goto("/dashboard");
    await switchLanguage(page, "Русский");
    await expect(page.getByRole("heading", { level: 3, name: new RegExp(`^${user.ru}`) })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await noSidewaysScroll(page);
    await switchLanguage(page, "English");
    await context.close();
  });
}

test("a coordinator marks the flagged gap cells seen, and they leave the queue", async ({ browser, baseURL }) => {
  const context = await signedInContext(browser, baseURL!, "admin@example.org");
  const page = await context.newPage();
  await page.goto("/dashboard");
  await switchLanguage(page, "English");
  const cells = page.getByRole("region", { name: /^Gap cells newly flagged/ });
  await expect(cells.getByRole("heading", { name: /[1-9]\d* cells?$/ })).toBeVisible();
  await cells.getByRole("button", { name: "Mark these cells as seen" }).click();
  await expect(page.getByRole("status")).toContainText("The flagged cells are marked as seen.");
  await expect(page.getByRole("region", { name: /^Gap cells newly flagged 0 cells/ })).toBeVisible();
  await context.close();
});
