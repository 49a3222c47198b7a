import { firstChild, type XmlElement } from "./xml";

// Which version of the standard a file and each of its activities speak. ADAM reads 2.01, 2.02 and
// 2.03; a 1.x file is refused as a whole, and in a file that mixes versions (as IATI's d-portal
// re-exports do) an activity that declares 1.x is rejected on its own.

export const SUPPORTED_VERSIONS = ["2.01", "2.02", "2.03"] as const;
export type SupportedVersion = (typeof SUPPORTED_VERSIONS)[number];

export type VersionVerdict =
  | { kind: "supported"; version: SupportedVersion }
  | { kind: "legacy"; version: string }
  /** Not a known version: read as 2.03, with a warning. */
  | { kind: "unknown"; version: string | null };

export function classifyVersion(value: string | undefined | null): VersionVerdict {
  const v = value?.trim();
  if (!v) return { kind: "unknown", version: null };
  if ((SUPPORTED_VERSIONS as readonly string[]).includes(v))
    return { kind: "supported", version: v as SupportedVersion };
  if (/^1(\.\d+)?$/.test(v)) return { kind: "legacy", version: v };
  return { kind: "unknown", version: v };
}

/** A 1.x activity without a version attribute: titles hold their text directly, not in narratives. */
export function looksLegacy(activity: XmlElement): boolean {
  const title = firstChild(activity, "title");
  if (!title) return !firstChild(activity, "iati-identifier");
  return title.children.every((c) => c.name !== "narrative") && title.text.length > 0;
}

/** The version an activity is read as: its own attribute, else the file's, else its shape says. */
export function activityVersion(activity: XmlElement, fileVersion: string | undefined): VersionVerdict {
  const own = classifyVersion(activity.attrs.version);
  if (own.kind !== "unknown" || own.version !== null) return own;
  const inherited = classifyVersion(fileVersion);
  if (inherited.kind !== "unknown" || inherited.version !== null) return inherited;
  return looksLegacy(activity) ? { kind: "legacy", version: "1.x" } : { kind: "unknown", version: null };
}
