import { readCookie } from "~/utils/cookies.server";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./index";

export const LOCALE_COOKIE = "adam_lang";

/** Picks the best supported language from an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split("-")[0];
    if ((LOCALES as readonly string[]).includes(primary)) return primary as Locale;
  }
  return undefined;
}

/** The cookie's choice first, then the browser's Accept-Language, then English. */
export function resolveLocale(request: Request, accountLocale?: Locale | null): Locale {
  if (accountLocale && isLocale(accountLocale)) return accountLocale;
  const fromCookie = readCookie(request, LOCALE_COOKIE);
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

export function localeCookieHeader(locale: Locale, secure: boolean): string {
  const oneYear = 60 * 60 * 24 * 365;
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${oneYear}; SameSite=Lax${secure ? "; Secure" : ""}`;
}
