import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { confirmEmail } from "./support/outbox";
import { signIn } from "./support/session";

// Each test makes its own applicants (unique e-mails), so the tests stand alone in any order.
const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const PASSWORD = "a long enough password";

async function requestAccess(page: Page, fullName: string, email: string) {
  await page.goto("/join");
  await page.getByLabel("Full name").fill(fullName);
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Organization", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Role asked for").selectOption("beneficiary");
  await page.getByLabel("Your country").selectOption({ label: "Tajikistan" });
  await page
    .getByLabel("Why do you need access?")
    .fill("I coordinate technical assistance for the drug control agency.");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your request has been sent");
  await expect(page.getByRole("status")).toContainText("Your request is pending");
  // Coordinators see the request once the applicant has opened the link e-mailed to them.
  await confirmEmail(page, new URL(page.url()).origin, email);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
}

async function attemptSignIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a person requests access, waits, is approved by a coordinator and reaches the dashboard", async ({ page }) => {
  const id = unique();
  const name = `Farida Approved ${id}`;
  const email = `farida-${id}@agency.example`;
  await requestAccess(page, name, email);

  await attemptSignIn(page, email, PASSWORD);
  await expect(page.getByRole("alert")).toContainText("Your request for access is still pending");

  await signIn(page, "coordinator@example.org");
  await page.getByRole("link", { name: "Access requests" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access requests");
  await expect(page.getByText("promises an answer within 48 hours")).toBeVisible();
  const card = page.getByRole("article", { name });
  await expect(card).toContainText(email);
  await expect(card).toContainText("Tajikistan");
  await expect(card).toContainText("hours left to answer");
  await card.getByRole("button", { name: `Approve ${name}` }).click();
  await expect(page.getByRole("status")).toContainText(`The request of ${name} was approved`);
  await expect(page.getByRole("article", { name })).toHaveCount(0);

  // A coordinator suspends and reactivates, but never sees the role change.
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("active");
  await expect(page.getByRole("button", { name: "Change role" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, email, PASSWORD);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${name}`);
});

test("a rejected person reads the reason at sign-in", async ({ page }) => {
  const id = unique();
  const name = `Rustam Rejected ${id}`;
  const email = `rustam-${id}@agency.example`;
  await requestAccess(page, name, email);

  await signIn(page, "coordinator@example.org");
  await page.goto("/admin/requests");
  const card = page.getByRole("article", { name });
  // No reason, no rejection: the error is shown on this request.
  await card.getByRole("button", { name: `Reject ${name}` }).click();
  await expect(page.getByRole("article", { name }).getByText("This field is required.")).toBeVisible();
  await page
    .getByRole("article", { name })
    .getByLabel("Reason for the rejection")
    .fill("Please apply with your agency's official e-mail address.");
  await page
    .getByRole("article", { name })
    .getByRole("button", { name: `Reject ${name}` })
    .click();
  await expect(page.getByRole("status")).toContainText(`The request of ${name} was rejected`);
  await signOut(page);

  await attemptSignIn(page, email, PASSWORD);
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Your request for access was rejected.");
  await expect(alert).toContainText("Reason given: Please apply with your agency's official e-mail address.");
});

test("wrong passwords are refused, then this address is made to wait, with a clear message", async ({ page }) => {
  const email = `guess-${unique()}@agency.example`;
  for (let attempt = 1; attempt <= 5; attempt++) {
    await attemptSignIn(page, email, `wrong-${attempt}`);
    await expect(page.getByRole("alert")).toContainText("The e-mail or the password is not right.");
  }
  await attemptSignIn(page, email, "wrong-6");
  // 5 free failures for an (account, address) pair, then a wait of 30 seconds after the last one.
  await expect(page.getByRole("alert")).toContainText(
    /Too many failed attempts from your address\. Try again in \d+ seconds\./,
  );
  await expect(page.getByLabel("Work e-mail")).toHaveValue(email);
});

test("the admin pages and the profile pass axe in English and in Russian", async ({ page }) => {
  // Eight pages through axe, after an applicant confirms the address through the outbox.
  test.slow();
  const id = unique();
  await requestAccess(page, `Axel Waiting ${id}`, `axel-${id}@agency.example`);
  await signIn(page, "admin@example.org");
  const pages = ["/admin/requests", "/admin/users", "/admin/audit", "/profile"];
  try {
    for (const path of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    }
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("button", { name: /Русский/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    const headings = ["Запросы доступа", "Пользователи", "Журнал аудита", "Ваш профиль"];
    for (const [index, path] of pages.entries()) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(headings[index]);
      await expectNoSeriousA11yViolations(page);
    }
    // The audit log shows who changed what, before and after.
    await page.goto("/admin/audit?action=access.approved");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Журнал аудита");
  } finally {
    // The demo administrator's language is stored on the account: put it back for other tests.
    await page.goto("/profile");
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
});

test("a member changes language and password on the profile", async ({ page }) => {
  const id = unique();
  const name = `Pavel Profile ${id}`;
  const email = `pavel-${id}@agency.example`;
  await requestAccess(page, name, email);
  await signIn(page, "coordinator@example.org");
  await page.goto("/admin/requests");
  await page
    .getByRole("article", { name })
    .getByRole("button", { name: `Approve ${name}` })
    .click();
  await expect(page.getByRole("status")).toContainText("was approved");
  await signOut(page);

  await signIn(page, email, PASSWORD);
  await page.goto("/profile");
  await page.getByLabel("Language of ADAM").selectOption("ru");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Профиль сохранён.");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");

  await page.getByLabel("Текущий пароль").fill("not my password");
  await page.getByLabel("Новый пароль", { exact: true }).fill("my new long password");
  await page.getByLabel("Новый пароль ещё раз").fill("my new long password");
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await expect(page.getByText("Текущий пароль указан неверно.")).toBeVisible();
  await page.getByLabel("Текущий пароль").fill(PASSWORD);
  await page.getByLabel("Новый пароль", { exact: true }).fill("my new long password");
  await page.getByLabel("Новый пароль ещё раз").fill("my new long password");
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await expect(page.getByRole("status")).toContainText("Пароль изменён.");
  // Still signed in on this browser.
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Добро пожаловать, ${name}`);
});

test("a common password is refused at /join with a message on the field", async ({ page }) => {
  const id = unique();
  await page.goto("/join");
  await page.getByLabel("Full name").fill(`Pavel Weak ${id}`);
  await page.getByLabel("Work e-mail").fill(`pavel-${id}@agency.example`);
  await page.getByLabel("Organization", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Role asked for").selectOption("beneficiary");
  await page.getByLabel("Your country").selectOption({ label: "Tajikistan" });
  await page
    .getByLabel("Why do you need access?")
    .fill("I coordinate technical assistance for the drug control agency.");
  await page.getByLabel("Password").fill("password1234");
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByText("This password is one of the most common ones")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Request access to ADAM");
});
