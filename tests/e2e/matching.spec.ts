import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signedInContext } from "./support/session";

// Search drives the matching: a donor finds a need despite a typo, narrows by pillar and country,
// proposes its project from the need's suggestions, the beneficiary confirms, the need is partly met.

const stamp = `zq${Date.now().toString(36)}`;
test.describe.configure({ timeout: 240_000 });

async function hydrated(page: Page) {
  await page.waitForFunction(
    () =>
      (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined &&
      document.readyState === "complete",
  );
}

test("search with a typo, filter, propose a match, the other side confirms, the need is partially met", async ({
  browser,
  baseURL,
}) => {
  const beneficiary = await (await signedInContext(browser, baseURL!, "beneficiary@example.org")).newPage();
  const donor = await (await signedInContext(browser, baseURL!, "donor@example.org")).newPage();
  const needTitle = `Analytical software for the financial intelligence unit ${stamp}`;
  const projectTitle = `Financial intelligence analytical capacity ${stamp}`;

  await beneficiary.goto("/needs/new");
  await hydrated(beneficiary);
  await beneficiary.getByLabel("Title").fill(needTitle);
  await beneficiary
    .getByLabel("Description")
    .fill("Link analysis software and training for the analysts of the financial intelligence unit.");
  await beneficiary.getByLabel("Pillar", { exact: true }).selectOption("II");
  await beneficiary.getByLabel("Capacity area").selectOption("II.1");
  await beneficiary.getByLabel("Priority").selectOption("high");
  await beneficiary.getByLabel("Estimated cost (optional)").fill("100000");
  await beneficiary.getByLabel("Currency (optional)").selectOption("USD");
  await beneficiary.getByRole("button", { name: "Save" }).click();
  await expect(beneficiary.getByRole("heading", { level: 1 })).toHaveText(needTitle);

  await donor.goto("/projects/new");
  await hydrated(donor);
  await donor.getByLabel("Title").fill(projectTitle);
  await donor
    .getByLabel("Summary")
    .fill("Analysts, link analysis software and mentoring for the financial intelligence unit.");
  await donor.getByRole("checkbox", { name: "Pillar II: Illicit financial flows" }).check();
  await donor.getByRole("checkbox", { name: /^II\.1 / }).check();
  await donor.getByLabel("OECD DAC purpose code").selectOption("15113");
  await donor
    .getByRole("group", { name: "Beneficiary countries" })
    .getByRole("checkbox", { name: "Tajikistan" })
    .check();
  await donor.getByLabel("Status").selectOption("active");
  await donor.getByLabel("Start date").fill("2026-01-01");
  await donor.getByLabel("Budget").fill("500000");
  await donor.getByLabel("Currency").selectOption("USD");
  await donor.getByRole("button", { name: "Save" }).click();
  await expect(donor.getByRole("heading", { level: 1 })).toHaveText(projectTitle);

  // A typo ("analytcal"); the index catches up in the background, so look again until it has.
  const query = `/search?q=${encodeURIComponent(`analytcal ${stamp}`)}&type=need`;
  await expect(async () => {
    await donor.goto(query);
    await expect(donor.getByRole("link", { name: needTitle })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expectNoSeriousA11yViolations(donor);
  await donor.getByRole("link", { name: /^Filter by II — Illicit financial flows/ }).click();
  await expect(donor).toHaveURL(/pillar=II/);
  await donor.getByRole("link", { name: /^Filter by Tajikistan/ }).click();
  await expect(donor).toHaveURL(/country=TJK/);
  await expect(donor.getByRole("link", { name: needTitle })).toBeVisible();
  await donor.getByRole("link", { name: needTitle }).click();

  await expect(donor.getByRole("heading", { level: 1 })).toHaveText(needTitle);
  const suggestions = donor.getByRole("region", { name: "Projects that could serve this need" });
  await expect(suggestions.getByRole("link", { name: projectTitle })).toBeVisible();
  await suggestions.getByRole("button", { name: `Propose ${projectTitle}` }).click();
  await expect(donor.getByText("The match has been proposed")).toBeVisible();
  const matches = donor.getByRole("region", { name: "Matches" });
  await expect(matches).toContainText(`${projectTitle} — proposed`);

  await beneficiary.goto(donor.url().replace(/\?.*$/, ""));
  await beneficiary.getByRole("region", { name: "Matches" }).getByRole("link", { name: "Open" }).click();
  await hydrated(beneficiary);
  await expectNoSeriousA11yViolations(beneficiary);
  await beneficiary.getByLabel("Decision").selectOption("confirm");
  await beneficiary.getByLabel(/Amount covered/).fill("40000");
  await beneficiary.getByLabel("Currency").selectOption("USD");
  await beneficiary.getByRole("button", { name: "Record the decision" }).click();
  await expect(beneficiary.getByText("The decision has been recorded.")).toBeVisible();
  await expect(beneficiary.getByText("covered US$40,000.00")).toBeVisible();

  await beneficiary.getByRole("link", { name: needTitle }).click();
  await expect(beneficiary.getByText("partially met", { exact: true })).toBeVisible();
  await expect(beneficiary.getByRole("region", { name: "Coverage of the need" })).toContainText(
    "still unmet US$60,000.00",
  );
});
