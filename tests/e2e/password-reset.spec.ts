import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { linkFromOutbox } from "./support/outbox";
import { signedInContext, signIn } from "./support/session";

// E-mail ownership and password reset in a real browser. The e2e server has no mail server, so the
// links are read where an administrator reads them: the mail outbox.

const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const PASSWORD = "a long enough password";
const NEW_PASSWORD = "cobalt tundra whistle oak";

test(
  "an applicant confirms the address, is approved, forgets " + "the password and resets it through the e-mailed link",
  async ({ page, browser, baseURL }) => {
    test.slow(); // a whole journey: join, confirm, approval, two reset requests, reset, sign-in
    const id = unique();
    const name = `Rena Reset ${id}`;
    const email = `rena-${id}@agency.example`;
    await page.goto("/join");
    await page.getByLabel("Full name").fill(name);
    await page.getByLabel("Work e-mail").fill(email);
    await page.getByLabel("Organization", { exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Role asked for").selectOption("beneficiary");
    await page.getByLabel("Your country").selectOption({ label: "Tajikistan" });
    await page
      .getByLabel("Why do you need access?")
      .fill("I coordinate technical assistance for the drug control agency.");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Send the request" }).click();
    await expect(page.getByRole("status")).toContainText("Check your e-mail");

    // Not confirmed yet: the coordinators' queue does not show it.
    const coordinator = await (await signedInContext(browser, baseURL!, "coordinator@example.org")).newPage();
    await coordinator.goto("/admin/requests");
    await expect(coordinator.getByRole("article", { name })).toHaveCount(0);

    // Opening the link changes nothing until the button is pressed (mail scanners open links too).
    const verify = await linkFromOutbox(browser, baseURL!, email, "/verify-email?token=");
    await page.goto(verify);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirm your e-mail address");
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page.getByRole("status")).toContainText("your address is confirmed");
    await page.goto(verify);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page.getByRole("alert")).toContainText("This link is not valid");

    await coordinator.goto("/admin/requests");
    await coordinator
      .getByRole("article", { name })
      .getByRole("button", { name: `Approve ${name}` })
      .click();
    await expect(coordinator.getByRole("status")).toContainText("was approved");
    await coordinator.context().close();

    // Forgot password: the same neutral answer for this address and for an unknown one.
    for (const address of [email, `nobody-${id}@agency.example`]) {
      await page.goto("/login");
      await page.getByRole("link", { name: "Forgot password?" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reset your password");
      await page.getByLabel("Work e-mail").fill(address);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.getByRole("status")).toContainText(
        "If an account uses this address, a link to reset its password is on its way",
      );
    }
    await expectNoSeriousA11yViolations(page);

    const reset = await linkFromOutbox(browser, baseURL!, email, "/reset-password?token=");
    await page.goto(reset);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("New password again").fill("something else entirely");
    await page.getByRole("button", { name: "Set the password" }).click();
    await expect(page.getByText("The two passwords are not the same.")).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("New password again").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set the password" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("status")).toContainText("Your password was changed");
    // A flash notice, shown once: a reload does not show it again.
    await page.reload();
    await expect(page.getByText("Your password was changed")).toHaveCount(0);

    // The old password no longer works; the new one does; the link is used up.
    await page.getByLabel("Work e-mail").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("The e-mail or the password is not right.");
    await signIn(page, email, NEW_PASSWORD);
    await page.goto(reset);
    await expect(page.getByText("This link is not valid")).toBeVisible();
  },
);

test("the notifications page and its settings work in Russian on a phone, and the header counts the unread", async ({
  browser,
  baseURL,
}) => {
  test.slow(); // an applicant joins and confirms first, then axe runs in two languages
  const context = await signedInContext(browser, baseURL!, "coordinator@example.org", {
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  // A confirmed access request notifies the coordinators.
  const id = unique();
  const applicant = await browser.newContext({ baseURL });
  const join = await applicant.newPage();
  await join.goto("/join");
  await join.getByLabel("Full name").fill(`Nina Notified ${id}`);
  await join.getByLabel("Work e-mail").fill(`nina-${id}@agency.example`);
  await join.getByLabel("Organization", { exact: true }).selectOption({ index: 1 });
  await join.getByLabel("Role asked for").selectOption("beneficiary");
  await join.getByLabel("Your country").selectOption({ label: "Tajikistan" });
  await join.getByLabel("Why do you need access?").fill("Analyst at the drug control agency.");
  await join.getByLabel("Password").fill(PASSWORD);
  await join.getByRole("button", { name: "Send the request" }).click();
  await expect(join.getByRole("status")).toContainText("Check your e-mail");
  await join.goto(await linkFromOutbox(browser, baseURL!, `nina-${id}@agency.example`, "/verify-email?token="));
  await join.getByRole("button", { name: "Confirm my address" }).click();
  await expect(join.getByRole("status")).toContainText("your address is confirmed");
  await applicant.close();

  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: /Notifications \d+ unread/ })).toBeVisible();
  await page
    .getByRole("link", { name: /Notifications/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
  const item = page.getByRole("listitem").filter({ hasText: `New request for access from Nina Notified ${id}` });
  await expect(item).toHaveCount(1);
  await item.getByRole("button", { name: /^Mark as read/ }).click();
  await expect(
    page
      .getByRole("listitem")
      .filter({ hasText: `Nina Notified ${id}` })
      .getByRole("button", { name: /^Mark as unread/ }),
  ).toBeVisible();
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page, "no sideways scroll at 390 px").toBeLessThanOrEqual(widths.viewport);
  await expectNoSeriousA11yViolations(page);

  try {
    await page.getByRole("button", { name: /Русский/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Уведомления");
    await expect(page.getByText(`Новый запрос доступа: Nina Notified ${id}`)).toBeVisible();
    await page.getByRole("link", { name: "Настройки почты и подписки" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Уведомления: почта и подписки");
    await page.getByRole("group", { name: "Найдено возможное дублирование" }).getByLabel("Ежедневная сводка").check();
    await page.getByRole("button", { name: "Сохранить настройки почты" }).click();
    await expect(page.getByRole("status")).toContainText("Настройки почты сохранены.");
    await expect(
      page.getByRole("group", { name: "Найдено возможное дублирование" }).getByLabel("Ежедневная сводка"),
    ).toBeChecked();
    await expectNoSeriousA11yViolations(page);
  } finally {
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await context.close();
  }
});
