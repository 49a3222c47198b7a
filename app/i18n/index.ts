import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useSyncExternalStore } from "react";
import type { MessageKey } from "./messages";
import { serverDictionaries } from "./dictionaries.server";

export type { MessageKey };
export const LOCALES = ["en", "ru"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

type Dictionary = Record<MessageKey, string>;

// Where the dictionaries come from. On the server: all of them, from ./dictionaries.server.ts (the
// browser build replaces that module with an empty one, so `serverDictionaries` is undefined there).
// In the browser: the bundle script of the page's language (./bundles.server.ts writes it) registers
// its dictionary in `globalThis.__adamMessages` before the app starts; another language's bundle is
// loaded when the root loader switches to it (after the language switch, for instance).
declare global {
  var __adamMessages: Partial<Record<Locale, Dictionary>> | undefined;
}
const server: Partial<Record<Locale, Dictionary>> | undefined = serverDictionaries;

function dictionaryOf(locale: Locale): Dictionary | undefined {
  return server?.[locale] ?? globalThis.__adamMessages?.[locale];
}

/** Any dictionary at hand: English on the server, the page's language in the browser. */
function fallbackDictionary(): Dictionary | undefined {
  if (server) return server[DEFAULT_LOCALE];
  const loaded = globalThis.__adamMessages ?? {};
  return loaded[DEFAULT_LOCALE] ?? Object.values(loaded)[0];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Whether a string is one of the dictionaries' keys (every language has the same keys). */
export function isMessageKey(value: string): value is MessageKey {
  const dictionary = fallbackDictionary();
  return dictionary !== undefined && Object.prototype.hasOwnProperty.call(dictionary, value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * The words for a key built from data we do not control (an audit entry's action code, a zod default
 * message), or `otherwise` when the dictionaries have no such key: never a raw key on the page.
 */
export function translateOr(t: Translate, key: string, otherwise: string): string {
  return isMessageKey(key) ? t(key) : otherwise;
}

export function translator(locale: Locale): Translate {
  const dictionary = dictionaryOf(locale);
  const fallback = fallbackDictionary();
  return (key, params) => {
    const text = dictionary?.[key] ?? fallback?.[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

// The browser side of a language change: load the new language's bundle, then re-render every
// component that translates.
const listeners = new Set<() => void>();
const loading = new Set<string>();
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function loadBundle(src: string): void {
  if (loading.has(src)) return;
  loading.add(src);
  const script = document.createElement("script");
  script.src = src;
  script.onload = () => listeners.forEach((listener) => listener());
  document.head.append(script);
}

interface RootI18nData {
  locale?: Locale;
  /** The address of the page language's dictionary bundle (see ./bundles.server.ts). */
  messages?: string;
}

/** The locale the root loader chose for this request. */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootI18nData | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  const data = useRouteLoaderData("root") as RootI18nData | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const ready = useSyncExternalStore(
    subscribe,
    () => dictionaryOf(locale) !== undefined,
    () => true,
  );
  const src = data?.messages;
  useEffect(() => {
    if (!ready && src) loadBundle(src);
  }, [ready, src]);
  return translator(locale);
}
