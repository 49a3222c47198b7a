import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { plural, pluralForm } from "~/i18n/plural";

// Counted phrases (app/i18n/plural.ts): Intl.PluralRules picks the form, one message per form.
const counts = [1, 2, 5, 21, 22, 25, 11, 0];

describe("plural forms", () => {
  it("English has one and other", () => {
    expect(counts.map((n) => pluralForm("en", n))).toEqual([
      "one",
      "other",
      "other",
      "other",
      "other",
      "other",
      "other",
      "other",
    ]);
  });

  it("Russian has one, few and many (11 and 0 take many, 21 takes one)", () => {
    expect(counts.map((n) => pluralForm("ru", n))).toEqual([
      "one",
      "few",
      "many",
      "one",
      "few",
      "many",
      "many",
      "many",
    ]);
    expect(pluralForm("ru", 1.5)).toBe("other");
  });

  it("writes English counted phrases", () => {
    const t = translator("en");
    expect(counts.map((n) => plural(t, "en", "plural.projects", n))).toEqual([
      "1 project",
      "2 projects",
      "5 projects",
      "21 projects",
      "22 projects",
      "25 projects",
      "11 projects",
      "0 projects",
    ]);
    expect(plural(t, "en", "funding.missingRates", 1)).toBe(
      "1 amount has no exchange rate on or before its date and is left out of the totals.",
    );
  });

  it("writes Russian counted phrases", () => {
    const t = translator("ru");
    expect(counts.map((n) => plural(t, "ru", "plural.projects", n))).toEqual([
      "1 проект",
      "2 проекта",
      "5 проектов",
      "21 проект",
      "22 проекта",
      "25 проектов",
      "11 проектов",
      "0 проектов",
    ]);
    expect(`23 ${plural(t, "ru", "home.stats.partnerOrganizations", 23)}`).toBe("23 организации-партнёра");
    expect(`58 ${plural(t, "ru", "home.stats.partnerCountries", 58)}`).toBe("58 стран-партнёров");
  });

  it("writes the count for the locale and passes other parameters on", () => {
    expect(plural(translator("en"), "en", "search.results", 1234)).toBe("1,234 results");
    expect(plural(translator("ru"), "ru", "search.results", 1234).replace(/\s/g, " ")).toBe("1 234 результата");
    expect(plural(translator("en"), "en", "projects.routeWithCount", 1, { name: "Balkan" })).toBe("Balkan (1 country)");
  });
});
