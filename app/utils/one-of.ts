/**
 * Whether `value` is one of `list`: narrows a string read from a URL, a form or the search engine to
 * its union (`isOneOf(PRIORITIES, value)`), so that what is shown or stored is always one we know.
 */
export function isOneOf<const T extends string>(list: readonly T[], value: string | null | undefined): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}
