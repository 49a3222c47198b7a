import { describe, expect, it } from "vitest";
import { waitingSentence } from "~/components/admin/request-card";
import { translator } from "~/i18n";

// The access-request card's two counts (hours waited, hours left of the 48-hour promise) each take
// their own plural form.
describe("an access request's waiting sentence", () => {
  it("in English: one hour and many hours", () => {
    const t = translator("en");
    expect(waitingSentence(t, "en", 0.5, false)).toBe("Waiting for 0 hours; 48 hours left to answer.");
    expect(waitingSentence(t, "en", 47.2, false)).toBe("Waiting for 47 hours; 1 hour left to answer.");
    expect(waitingSentence(t, "en", 1.9, false)).toBe("Waiting for 1 hour; 47 hours left to answer.");
  });

  it("in Russian: 1 час, 2 часа, 5 часов, 21 час", () => {
    const t = translator("ru");
    expect(waitingSentence(t, "ru", 1, false)).toBe("Ожидает 1 час; срок ответа истекает через 47 часов.");
    expect(waitingSentence(t, "ru", 46, false)).toBe("Ожидает 46 часов; срок ответа истекает через 2 часа.");
    expect(waitingSentence(t, "ru", 27, false)).toBe("Ожидает 27 часов; срок ответа истекает через 21 час.");
    expect(waitingSentence(t, "ru", 22, false)).toBe("Ожидает 22 часа; срок ответа истекает через 26 часов.");
  });

  it("says how late an overdue request is", () => {
    expect(waitingSentence(translator("en"), "en", 50.5, true)).toBe(
      "Overdue: waiting for 50 hours, more than the 48 promised.",
    );
  });
});
