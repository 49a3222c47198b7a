import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signedInContext, signIn, switchLanguage } from "./support/session";

// The recommendation picker by keyboard: a coordinator records a recommendation of the Ankara
// EWG, then cites it from a new need by typing in the filter, arrowing down and pressing Space.
test("the recommendation picker works by keyboard", async ({ page }) => {
  await signIn(page, "coordinator@example.org");
  await page.goto("/meetings");
  await page.getByRole("link", { name: /financial flows linked to illicit traffic/i }).click();
  await page.getByLabel("Number", { exact: true }).first().fill("3");
  await page.getByLabel("Pillar", { exact: true }).first().selectOption("II");
  await page.getByLabel("Text in English").fill("Share financial intelligence on opiate trafficking promptly.");
  await page.getByLabel("Text in Russian").fill("Оперативно обмениваться финансовой информацией.");
  await page.getByRole("button", { name: "Save" }).first().click();
  await expect(page.getByText("Share financial intelligence on opiate trafficking promptly.")).toBeVisible();

  await page.goto("/needs/new");
  const filter = page.getByLabel("Filter recommendations");
  await filter.focus();
  await page.keyboard.type("promptly");
  await expect(page.locator("#recommendation-options li:not([hidden])")).toHaveCount(1);
  await page.keyboard.press("Enter"); // never submits the form
  await expect(page).toHaveURL(/\/needs\/new$/);
  await page.keyboard.press("ArrowDown");
  const box = page.getByRole("checkbox", { name: /promptly/ });
  await expect(box).toBeFocused();
  await page.keyboard.press("Space");
  await expect(box).toBeChecked();
  await expect(page.getByText("1 chosen")).toBeVisible();
});

async function hydrated(page: Page) {
  await page.waitForFunction(
    () =>
      (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined &&
      document.readyState === "complete",
  );
}

async function postNeed(page: Page, title: string, cite: RegExp | null, freeText?: string) {
  await page.goto("/needs/new");
  await hydrated(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("Analysts and software for the financial intelligence unit.");
  await page.getByLabel("Pillar", { exact: true }).selectOption("II");
  await page.getByLabel("Capacity area").selectOption("II.1");
  await page.getByLabel("Priority").selectOption("high");
  await page.getByLabel("Estimated cost (optional)").fill("50000");
  await page.getByLabel("Currency (optional)").selectOption("USD");
  if (freeText) await page.getByLabel(/^Expert Working Group recommendation answered/).fill(freeText);
  if (cite) await page.getByRole("checkbox", { name: cite }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
}

/** The page never scrolls sideways on a 390 px phone (wide tables scroll inside their box). */
async function expectFitsPhone(page: Page) {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
  await page.setViewportSize({ width: 1280, height: 900 });
}

// A coordinator records an endorsed recommendation; a beneficiary cites it from one need and only
// names it in free text on another. The need pages say which is which, the recommendation's page
// lists the citing need, and the tracker downloads as CSV with its filters, in both languages.
test("cited recommendations, a recommendation's citing needs and the tracker's CSV, in English and Russian", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36);
  const text = `Publish beneficial ownership registers ${stamp}.`;
  const coordinator = await (await signedInContext(browser, baseURL!, "coordinator@example.org")).newPage();
  await coordinator.goto("/meetings");
  await coordinator.getByRole("link", { name: /financial flows linked to illicit traffic/i }).click();
  await coordinator.getByLabel("Number", { exact: true }).first().fill("7");
  await coordinator.getByLabel("Pillar", { exact: true }).first().selectOption("II");
  await coordinator.getByLabel("Status", { exact: true }).selectOption("endorsed");
  const endorsedBy = coordinator.getByLabel("Endorsed by (PCG meeting)");
  await endorsedBy.selectOption(
    (await endorsedBy.locator("option", { hasText: "2023-12" }).first().getAttribute("value"))!,
  );
  await coordinator.getByLabel("Text in English").fill(text);
  await coordinator.getByLabel("Text in Russian").fill(`Публиковать реестры бенефициарных владельцев ${stamp}.`);
  await coordinator.getByRole("button", { name: "Save" }).first().click();
  await expect(coordinator.getByText(text)).toBeVisible();
  await coordinator.context().close();

  const page = await (await signedInContext(browser, baseURL!, "beneficiary@example.org")).newPage();
  const linked = `Beneficial ownership analysts ${stamp}`;
  const legacy = `Ownership registry software ${stamp}`;
  await postNeed(page, legacy, null, "EWG Ankara, recommendation 7");
  await expect(
    page.getByText("Written before recommendations were linked: “EWG Ankara, recommendation 7”"),
  ).toBeVisible();
  await postNeed(page, linked, new RegExp(stamp));
  const needPath = new URL(page.url()).pathname;
  const citation = page.getByRole("link", { name: "EWG Ankara 2023-09, No. 7, pillar II: Illicit financial flows" });
  await expect(citation).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await citation.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("No. 7");
  const recommendationPath = new URL(page.url()).pathname;
  const citing = page.getByRole("region", { name: "Needs citing this recommendation" });
  await expect(citing.getByRole("link", { name: linked })).toBeVisible();
  await expect(citing.getByRole("link", { name: legacy })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Projects citing this recommendation (0)" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await expectFitsPhone(page);

  try {
    await switchLanguage(page, "Русский");
    await page.goto(recommendationPath);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("№ 7");
    await expect(
      page
        .getByRole("region", { name: "Потребности, ссылающиеся на эту рекомендацию" })
        .getByRole("link", { name: linked }),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.goto(needPath);
    await expect(page.getByRole("link", { name: /^EWG Ankara 2023-09, № 7, компонент II: / })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await expectFitsPhone(page);

    // The tracker's route filter speaks Russian; the CSV link carries the filters the page applied.
    await page.goto("/recommendations");
    const route = page.getByLabel("Маршрут", { exact: true });
    await expect(route.locator("option")).toHaveText([
      "Все",
      "Северный маршрут",
      "Балканский маршрут",
      "Южный маршрут",
    ]);
    await route.selectOption("northern");
    await page.getByRole("button", { name: "Применить" }).click();
    await expect(page).toHaveURL(/route=northern/);
    await expectNoSeriousA11yViolations(page);
    const download = page.getByRole("link", { name: "Скачать в CSV" });
    await expect(download).toHaveAttribute("href", "/recommendations.csv?route=northern");
    const csv = await page.request.get(`${baseURL}/recommendations.csv?route=northern`);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const body = await csv.text();
    expect(body.replace(/^\uFEFF/, "").split("\r\n")[0]).toMatch(/^ID рекомендации,ID заседания,Заседание,Номер,/);
    expect(body).toContain(`Публиковать реестры бенефициарных владельцев ${stamp}.`);
    expect(body).toContain("одобрена");

    await switchLanguage(page, "English");
    await page.goto("/recommendations");
    await expect(page.getByLabel("Route", { exact: true }).locator("option")).toHaveText([
      "All",
      "Northern route",
      "Balkan route",
      "Southern route",
    ]);
    await expect(page.getByRole("link", { name: "Download as CSV" })).toHaveAttribute("href", "/recommendations.csv");
    await expectNoSeriousA11yViolations(page);
  } finally {
    await switchLanguage(page, "English");
    await page.context().close();
  }
});
