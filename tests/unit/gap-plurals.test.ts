import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { plural } from "~/i18n/plural";

// The gap page's two-count sentences (the totals, a map country's figures) take each count's own form.
const figures = (locale: "en" | "ru", needs: number, flagged: number) => {
  const t = translator(locale);
  return t("gaps.mapFigures", {
    unmet: "$1",
    needs: plural(t, locale, "plural.needs", needs),
    flagged: plural(t, locale, "gaps.flaggedCount", flagged),
  });
};

describe("gap page plurals", () => {
  it("writes 1, 2, 5 and 21 in Russian", () => {
    expect(figures("ru", 1, 1)).toBe("не покрыто $1, 1 потребность, 1 отмеченная ячейка");
    expect(figures("ru", 2, 2)).toBe("не покрыто $1, 2 потребности, 2 отмеченные ячейки");
    expect(figures("ru", 5, 5)).toBe("не покрыто $1, 5 потребностей, 5 отмеченных ячеек");
    expect(figures("ru", 21, 21)).toBe("не покрыто $1, 21 потребность, 21 отмеченная ячейка");
  });

  it("writes one and many in English", () => {
    expect(figures("en", 1, 1)).toBe("unmet $1, 1 need, 1 flagged cell");
    expect(figures("en", 5, 21)).toBe("unmet $1, 5 needs, 21 flagged cells");
  });

  it("the totals sentence in both languages", () => {
    for (const [locale, text] of [
      ["en", "1 need costing $2; coverage $3; unmet $4; 21 flagged cells."],
      ["ru", "1 потребность на сумму $2; покрытие $3; не покрыто $4; 21 отмеченная ячейка."],
    ] as const) {
      const t = translator(locale);
      const needs = plural(t, locale, "plural.needs", 1);
      const flagged = plural(t, locale, "gaps.flaggedCount", 21);
      expect(t("gaps.totalsText", { needs, cost: "$2", coverage: "$3", unmet: "$4", flagged })).toBe(text);
    }
  });
});
