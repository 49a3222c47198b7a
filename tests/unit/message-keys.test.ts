import { describe, expect, it } from "vitest";
import { translateOr, translator } from "~/i18n";
import { filterValueLabel } from "~/discovery/value-label";
import { notificationText } from "~/notifications/render";
import { isOneOf } from "~/utils/one-of";
import { PRIORITIES } from "../../db/values";

// Values that come from outside the code (a URL, the search engine, the database) are checked against
// their list before they are looked up, so a value we do not know is never shown as a dictionary key.

const en = translator("en");
const ru = translator("ru");

describe("isOneOf", () => {
  it("accepts the list's values only", () => {
    expect(isOneOf(PRIORITIES, "high")).toBe(true);
    expect(isOneOf(PRIORITIES, "urgent")).toBe(false);
    expect(isOneOf(PRIORITIES, "")).toBe(false);
    expect(isOneOf(PRIORITIES, undefined)).toBe(false);
    expect(isOneOf(PRIORITIES, null)).toBe(false);
  });
});

describe("translateOr", () => {
  it("translates a dictionary key and falls back for anything else", () => {
    expect(translateOr(en, "priority.high", "high")).toBe(en("priority.high"));
    expect(translateOr(ru, "priority.high", "high")).toBe(ru("priority.high"));
    expect(translateOr(en, "priority.urgent", "urgent")).toBe("urgent");
    expect(translateOr(en, "__proto__", "code")).toBe("code");
  });
});

describe("search filter values", () => {
  const labels = { pillar: { I: "I — Pillar one" } };

  it("names the values of the lists in the reader's language", () => {
    expect(filterValueLabel(ru, labels, "priority", "critical")).toBe(ru("priority.critical"));
    expect(filterValueLabel(en, labels, "status", "active")).toBe(en("projectStatus.active"));
    expect(filterValueLabel(en, labels, "status", "partially_met")).toBe(en("needStatus.partially_met"));
    expect(filterValueLabel(en, labels, "type", "need")).toBe(en("search.type.need"));
    expect(filterValueLabel(en, labels, "pillar", "I")).toBe("I — Pillar one");
  });

  it("shows a value it does not know as it is, never as a key", () => {
    expect(filterValueLabel(en, labels, "status", "bogus")).toBe("bogus");
    expect(filterValueLabel(en, labels, "priority", "urgent")).toBe("urgent");
    expect(filterValueLabel(en, labels, "type", "meeting")).toBe("meeting");
    expect(filterValueLabel(en, labels, "pillar", "V")).toBe("V");
  });
});

describe("notification text", () => {
  it("words a known event and shows an unknown one as its code", () => {
    expect(notificationText("en", "invoice.paid", {})).toBe(en("notify.invoice.paid"));
    expect(notificationText("en", "invoice.lost", {})).toBe("invoice.lost");
  });
});
