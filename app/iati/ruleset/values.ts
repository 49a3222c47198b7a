import xpath from "xpath";

// XPath 1.0 (the `xpath` package over an @xmldom/xmldom tree) and the values rules compare: texts,
// dates and decimals. Dev dependencies: this module serves tests and scripts, never a route.

const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const select = xpath.useNamespaces({ xml: XML_NAMESPACE });

export class RulesetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RulesetError";
  }
}

/** The value of an XPath expression on a node (a node-set, string, number or boolean). */
export function evaluate(expression: string, node: Node): xpath.SelectReturnType {
  try {
    return select(expression, node);
  } catch (error) {
    throw new RulesetError(`XPath "${expression}" cannot be evaluated: ${(error as Error).message}`);
  }
}

/** XPath's boolean(): a non-empty node-set or string, a number other than 0 and NaN. */
export function isTrue(expression: string, node: Node): boolean {
  const value = evaluate(expression, node);
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "string") return value.length > 0;
  return Boolean(value);
}

/** The nodes an XPath selects; an expression that yields a number or string is a ruleset error. */
export function nodes(expression: string, node: Node): Node[] {
  const value = evaluate(expression, node);
  if (Array.isArray(value)) return value as Node[];
  throw new RulesetError(`XPath "${expression}" selects no nodes but a ${typeof value}`);
}

export function nodesOfAll(expressions: string[] | undefined, node: Node): Node[] {
  return (expressions ?? []).flatMap((expression) => nodes(expression, node));
}

/** An attribute's value, a text node's text, an element's whole text content. */
export function textOf(node: Node): string {
  if (node.nodeType === 2) return (node as Attr).value;
  if (node.nodeType === 3 || node.nodeType === 4) return (node as CharacterData).data;
  return node.textContent ?? "";
}

/** The line xmldom recorded for a node (an attribute's own, else its element's). */
export function lineOf(node: Node | null | undefined): number | null {
  if (!node) return null;
  const own = (node as unknown as { lineNumber?: number }).lineNumber;
  if (typeof own === "number" && own > 0) return own;
  if (node.nodeType === 2) return lineOf((node as Attr).ownerElement);
  return lineOf(node.parentNode);
}

export function describe(node: Node): string {
  const name = node.nodeType === 2 ? `@${node.nodeName}` : node.nodeType === 1 ? `<${node.nodeName}>` : node.nodeName;
  return `${name} "${textOf(node).trim().slice(0, 80)}"`;
}

// --- Dates ---------------------------------------------------------------------------------------

const DATE = /^\s*(-?\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?\s*$/;

/** An xs:date or xs:dateTime as a Date (UTC when no zone is given), or null when it is not one. */
export function parseDate(text: string): Date | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = match;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month)) return null;
  const milliseconds = Math.round(Number(`0${fraction}`) * 1000);
  const utc = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), milliseconds);
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
  const offset = zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * minutes;
  return new Date(utc - offset * 60_000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same calendar day a year later (29 February gives 28 February). */
export function oneYearLater(date: Date): Date {
  const year = date.getUTCFullYear() + 1;
  const month = date.getUTCMonth() + 1;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return new Date(Date.UTC(year, month - 1, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()));
}

// --- Decimals (exact, as the Python edition's Decimal; binary floats would make 0.1 + 0.2 wrong) ----

export interface Decimal {
  digits: bigint;
  scale: number;
}

const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

export function parseDecimal(text: string | number): Decimal | null {
  const match = DECIMAL.exec(String(text));
  if (!match || (!match[2] && !match[3])) return null;
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  let scale = fraction.length - Number(exponent);
  let digits = BigInt(`${whole}${fraction}` || "0");
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: sign === "-" ? -digits : digits, scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale), scale];
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { digits: x + y, scale };
}

export function compareDecimals(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x === y ? 0 : x < y ? -1 : 1;
}

export function formatDecimal(value: Decimal): string {
  const negative = value.digits < 0n;
  const text = (negative ? -value.digits : value.digits).toString().padStart(value.scale + 1, "0");
  const whole = text.slice(0, text.length - value.scale);
  const fraction = value.scale ? `.${text.slice(text.length - value.scale)}`.replace(/\.?0+$/, "") : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}
