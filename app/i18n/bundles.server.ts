import { createHash } from "node:crypto";
import type { Locale } from "./index";
import { serverDictionaries } from "./dictionaries.server";

// The browser receives the dictionary of its page's language only: a script at an address that names
// the language and a hash of its content (`/i18n/ru.0123456789ab.js`, served by app/routes/i18n.$bundle.ts),
// so that it is cached for good and a new version of the messages gets a new address. The root
// loader gives the address (`messages`), root.tsx puts the script before Remix's own.

interface Bundle {
  src: string;
  version: string;
  body: string;
}
const bundles = new Map<Locale, Bundle>();

export function messageBundle(locale: Locale): Bundle {
  let bundle = bundles.get(locale);
  if (!bundle) {
    const json = JSON.stringify(serverDictionaries[locale]);
    const body = `(globalThis.__adamMessages ||= {})[${JSON.stringify(locale)}] = ${json};\n`;
    const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
    bundle = { src: `/i18n/${locale}.${version}.js`, version, body };
    bundles.set(locale, bundle);
  }
  return bundle;
}
