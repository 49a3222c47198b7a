import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";

const pages = [
  {
    path: "/",
    en: "Coordinating help against Afghan opiate trafficking",
    ru: "Координация помощи в борьбе с незаконным оборотом афганских опиатов",
  },
  { path: "/pillars", en: "The four pillars", ru: "Четыре направления" },
  { path: "/partners", en: "Partners", ru: "Партнёры" },
  { path: "/routes", en: "Trafficking routes", ru: "Маршруты наркотрафика" },
];

for (const locale of ["en", "ru"] as const) {
  test.describe(`public pages in ${locale}`, () => {
    test.use({ locale: locale === "en" ? "en-GB" : "ru-RU" });

    for (const page of pages) {
      test(`${page.path} renders and passes axe`, async ({ page: browser }) => {
        const response = await browser.goto(page.path);
        expect(response?.status()).toBe(200);
        await expect(browser.locator("html")).toHaveAttribute("lang", locale);
        await expect(browser.getByRole("heading", { level: 1 })).toHaveText(page[locale]);
        await expectNoSeriousA11yViolations(browser);
      });
    }
  });
}

test("the partners page lists 58 countries and 23 organizations", async ({ page }) => {
  await page.goto("/partners");
  await expect(page.getByRole("region", { name: "Partner countries" }).getByRole("row")).toHaveCount(59);
  await expect(page.getByRole("region", { name: "Partner organizations" }).getByRole("row")).toHaveCount(24);
});

test("the language switch remembers the choice across pages", async ({ page }) => {
  await page.goto("/routes");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "Switch language to Русский" }).click();
  await expect(page).toHaveURL(/\/routes$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Маршруты наркотрафика");
  await page.getByRole("link", { name: "Направления" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Четыре направления");
  await page.getByRole("button", { name: "Переключить язык на English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("the language switch works with the keyboard", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Switch language to Русский" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
});

test("/healthz reports the database and the search engine", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({
    status: "ok",
    database: { ok: true, mode: "pglite" },
    search: { engine: "embedded", ok: true },
  });
});

test("an unknown page answers 404 with a readable message", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("alert")).toHaveText("This page does not exist.");
});
