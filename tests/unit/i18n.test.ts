import { describe, expect, it } from "vitest";
import { en, ru } from "~/i18n/messages";
import { translator } from "~/i18n";
import { formatDate, formatMoney, formatNumber } from "~/i18n/format";
import { compactUsd } from "~/gaps/components/money";
import { localeFromAcceptLanguage, resolveLocale } from "~/i18n/locale.server";

describe("dictionaries", () => {
  it("have the same keys in English and Russian, none empty", () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(ru)) expect(value.trim(), key).not.toBe("");
    for (const [key, value] of Object.entries(en)) expect(value.trim(), key).not.toBe("");
  });

  it("keep the same placeholders in both languages", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("interpolates parameters", () => {
    expect(translator("en")("pillars.pillar", { code: "II" })).toBe("Pillar II");
    expect(translator("ru")("pillars.pillar", { code: "II" })).toBe("Направление II");
  });
});

describe("locale resolution", () => {
  const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

  it("follows Accept-Language with q-values when no choice was made", () => {
    expect(localeFromAcceptLanguage("ru-RU,ru;q=0.9,en;q=0.8")).toBe("ru");
    expect(localeFromAcceptLanguage("de-DE,en;q=0.5,ru;q=0.9")).toBe("ru");
    expect(localeFromAcceptLanguage("de-DE")).toBeUndefined();
    expect(localeFromAcceptLanguage(null)).toBeUndefined();
  });

  it("prefers the cookie over the header, and the account over both", () => {
    expect(resolveLocale(request({ "Accept-Language": "ru" }))).toBe("ru");
    expect(resolveLocale(request({ "Accept-Language": "ru", Cookie: "adam_lang=en" }))).toBe("en");
    expect(resolveLocale(request({ Cookie: "x=1; adam_lang=ru" }), "en")).toBe("en");
    expect(resolveLocale(request({ Cookie: "adam_lang=fr" }))).toBe("en");
  });
});

describe("formatting with Intl", () => {
  it("formats numbers, money and dates per locale", () => {
    expect(formatNumber("en", 1234567)).toBe("1,234,567");
    expect(formatNumber("ru", 1234567).replace(/\s/g, " ")).toBe("1 234 567");
    expect(formatMoney("en", "1234.5", "USD")).toBe("US$1,234.50");
    expect(formatMoney("ru", "1234.5", "EUR").replace(/\s/g, " ")).toBe("1 234,50 €");
    expect(formatDate("en", "2026-03-01")).toBe("1 Mar 2026");
    expect(formatDate("ru", "2026-03-01")).toMatch(/^1 мар\.? 2026/);
  });

  it("keeps cents of large decimal strings exactly", () => {
    expect(formatMoney("en", "12345678901234.57", "USD")).toBe("US$12,345,678,901,234.57");
  });

  // The gap matrix's figures are rendered on the server and again in the browser: a whole amount must
  // not gain a ".0" on one side only (Node 20 and Chromium disagree when only the maximum is given).
  it("writes compact dollar figures with at most one decimal and none when the amount is round", () => {
    expect(compactUsd("en", 4_000_000)).toBe("US$4m");
    expect(compactUsd("en", "823000")).toBe("US$823k");
    expect(compactUsd("en", 1_234_567)).toBe("US$1.2m");
    expect(compactUsd("en", 0)).toBe("US$0");
    expect(compactUsd("ru", 4_000_000).replace(/\s/g, " ")).toBe("4 млн $");
    expect(compactUsd("ru", 1_234_567).replace(/\s/g, " ")).toBe("1,2 млн $");
  });
});
