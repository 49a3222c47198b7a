import type { RuleCase } from "./types";
import {
  addDecimals,
  compareDecimals,
  describe,
  formatDecimal,
  isTrue,
  nodes,
  nodesOfAll,
  oneYearLater,
  parseDate,
  parseDecimal,
  RulesetError,
  textOf,
  type Decimal,
} from "./values";

// The rule types of the IATI ruleset, as SPEC.rst defines them. Where SPEC.rst is silent, the
// behaviour follows IATI's validators (the JS validator first, the Python edition where the JS one has
// no such rule): `sum` passes when nothing matches, date rules are ignored when a date is missing or
// unreadable, a year is a calendar year. Test and script code only (dev dependencies), never a route.

export interface CaseInput {
  /** The element the context XPath selected. */
  element: Node;
  rule: RuleCase;
  now: Date;
  orgIdPrefixes: Set<string> | null;
}

/** null: the case holds (or does not apply); a failure names the node at fault. */
export type Verdict = null | { node: Node | null; detail: string } | { unchecked: string };
type RuleType = (input: CaseInput) => Verdict;

const list = (paths: string[] | undefined) => (paths ?? []).join(", ") || "(no paths)";
const fail = (node: Node | null, detail: string): Verdict => ({ node, detail });

function required<K extends keyof RuleCase>(rule: RuleCase, key: K): NonNullable<RuleCase[K]> {
  const value = rule[key];
  if (value === undefined || value === null) throw new RulesetError(`a case lacks its "${String(key)}" key`);
  return value as NonNullable<RuleCase[K]>;
}

// --- Presence ------------------------------------------------------------------------------------

const atleastOne: RuleType = ({ element, rule }) =>
  nodesOfAll(rule.paths, element).length >= 1 ? null : fail(element, `none of ${list(rule.paths)} is present`);

const noMoreThanOne: RuleType = ({ element, rule }) => {
  const found = nodesOfAll(rule.paths, element);
  return found.length <= 1 ? null : fail(found[1], `${found.length} found of ${list(rule.paths)}`);
};

/** If one of the paths exists, they must all exist. */
const dependent: RuleType = ({ element, rule }) => {
  const groups = (rule.paths ?? []).map((path) => ({ path, found: nodes(path, element) }));
  const present = groups.filter((g) => g.found.length > 0);
  const missing = groups.filter((g) => g.found.length === 0);
  if (present.length === 0 || missing.length === 0) return null;
  return fail(present[0].found[0], `${list(present.map((g) => g.path))} without ${list(missing.map((g) => g.path))}`);
};

/** With any `excluded` element present none of `paths` may be; otherwise exactly one of them must. */
const onlyOneOf: RuleType = ({ element, rule }) => {
  const found = nodesOfAll(rule.paths, element);
  const excluded = required(rule, "excluded").flatMap((path) => nodes(path, element));
  if (excluded.length > 0) return found.length === 0 ? null : fail(found[0], `present beside ${describe(excluded[0])}`);
  return found.length === 1 ? null : fail(found[1] ?? element, `${found.length} found of ${list(rule.paths)}, not one`);
};

const CURRENCY_HOLDERS = ["value", "forecast", "loan-status"];

/** The first element breaking `all`, for the keywords the validators know. */
function breaksAll(element: Node, all: string): Node | null | undefined {
  const lacking = (candidates: Node[], test: string) => candidates.find((node) => !isTrue(test, node)) ?? null;
  switch (all) {
    case "lang":
      return lacking(nodes("descendant::narrative", element), "@xml:lang");
    case "sector":
      return lacking(nodes("transaction", element), "sector");
    case "recipient-country|recipient-region":
      return lacking(nodes("transaction", element), "recipient-country or recipient-region");
    case "currency":
      return lacking(
        CURRENCY_HOLDERS.flatMap((name) => nodes(`descendant::${name}`, element)),
        "@currency",
      );
    default:
      return undefined;
  }
}

/** `one` exists, or else `all` holds: a keyword above, or any other XPath taken as a condition. */
const oneOrAll: RuleType = ({ element, rule }) => {
  const one = required(rule, "one");
  const all = required(rule, "all");
  if (nodes(one, element).length > 0) return null;
  const offender = breaksAll(element, all);
  if (offender === undefined) return isTrue(all, element) ? null : fail(element, `neither ${one} nor ${all}`);
  return offender ? fail(offender, `no ${one}, and ${describe(offender)} lacks its own (${all})`) : null;
};

// --- Sums and numbers ----------------------------------------------------------------------------

function sumOf(matches: Node[]): { total: Decimal } | { bad: Node } {
  let total: Decimal = { digits: 0n, scale: 0 };
  for (const node of matches) {
    const value = parseDecimal(textOf(node));
    if (!value) return { bad: node };
    total = addDecimals(total, value);
  }
  return { total };
}

function sumRule(allowNone: boolean): RuleType {
  return ({ element, rule }) => {
    const expected = parseDecimal(required(rule, "sum"));
    if (!expected) throw new RulesetError(`"sum" is not a number: ${rule.sum}`);
    const matches = nodesOfAll(rule.paths, element);
    if (allowNone && matches.length === 0) return null;
    const result = sumOf(matches);
    if ("bad" in result) return fail(result.bad, `${describe(result.bad)} is not a number`);
    if (compareDecimals(result.total, expected) === 0) return null;
    const detail = `the sum of ${list(rule.paths)} is ${formatDecimal(result.total)}, not ${rule.sum}`;
    return fail(matches[0] ?? element, detail);
  };
}

/** Each value between `min` and `max` (inclusive); either may be left out. */
const range: RuleType = ({ element, rule }) => {
  const min = rule.min === undefined ? null : parseDecimal(rule.min);
  const max = rule.max === undefined ? null : parseDecimal(rule.max);
  for (const node of nodesOfAll(rule.paths, element)) {
    const value = parseDecimal(textOf(node));
    if (!value) return fail(node, `${describe(node)} is not a number`);
    if ((min && compareDecimals(value, min) < 0) || (max && compareDecimals(value, max) > 0)) {
      return fail(node, `${describe(node)} is outside ${rule.min ?? "…"} to ${rule.max ?? "…"}`);
    }
  }
  return null;
};

// --- Dates ---------------------------------------------------------------------------------------

interface DateAt {
  date: Date;
  node: Node | null;
  text: string;
}

/** The first date an XPath selects (`NOW` and the Python edition's `TODAY` are now); null if none. */
function dateAt(expression: string, element: Node, now: Date): DateAt | null {
  if (expression === "NOW" || expression === "TODAY") return { date: now, node: null, text: "now" };
  const [node] = nodes(expression, element);
  if (!node) return null;
  const date = parseDate(textOf(node));
  return date ? { date, node, text: textOf(node).trim() } : null;
}

const dateOrder: RuleType = ({ element, rule, now }) => {
  const less = dateAt(required(rule, "less"), element, now);
  const more = dateAt(required(rule, "more"), element, now);
  if (!less || !more || less.date <= more.date) return null;
  return fail(less.node ?? more.node ?? element, `${rule.less} = ${less.text} is after ${rule.more} = ${more.text}`);
};

const dateNow: RuleType = ({ element, rule, now }) => {
  const date = dateAt(required(rule, "date"), element, now);
  return !date || date.date <= now ? null : fail(date.node, `${rule.date} = ${date.text} is in the future`);
};

/** The end no later than the same calendar day a year after the start. */
const timeLimit: RuleType = ({ element, rule, now }) => {
  const start = dateAt(required(rule, "start"), element, now);
  const end = dateAt(required(rule, "end"), element, now);
  if (!start || !end || end.date <= oneYearLater(start.date)) return null;
  return fail(end.node ?? element, `${start.text} to ${end.text} is longer than a year`);
};

/** The date within start and end, both included; ignored when one of the three is missing. */
const betweenDates: RuleType = ({ element, rule, now }) => {
  const date = dateAt(required(rule, "date"), element, now);
  const start = dateAt(required(rule, "start"), element, now);
  const end = dateAt(required(rule, "end"), element, now);
  if (!date || !start || !end || (start.date <= date.date && date.date <= end.date)) return null;
  return fail(date.node, `${date.text} is not between ${start.text} and ${end.text}`);
};

// --- Texts ---------------------------------------------------------------------------------------

const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) {
    try {
      compiled = new RegExp(source);
    } catch (error) {
      throw new RulesetError(`regex ${source} is not one JavaScript reads: ${(error as Error).message}`);
    }
    patterns.set(source, compiled);
  }
  return compiled;
}

function regexRule(mustMatch: boolean): RuleType {
  return ({ element, rule }) => {
    const regex = pattern(required(rule, "regex"));
    const offender = nodesOfAll(rule.paths, element).find((node) => regex.test(textOf(node)) !== mustMatch);
    if (!offender) return null;
    return fail(offender, `${describe(offender)} ${mustMatch ? "does not match" : "matches"} ${rule.regex}`);
  };
}

/** Every text starts with one of the prefixes (and the separator): `prefix` paths, or `start`. */
const startsWith: RuleType = ({ element, rule, orgIdPrefixes }) => {
  const texts = nodesOfAll(rule.paths, element);
  const prefixPaths = rule.prefix === undefined ? undefined : [rule.prefix].flat();
  if (prefixPaths?.length === 1 && prefixPaths[0] === "ORG-ID-PREFIX") {
    if (!orgIdPrefixes) return { unchecked: "needs org-id.guide's list of agency prefixes" };
    // The agency prefix is what stands before the second hyphen, as the JS validator takes it.
    const offender = texts.find((node) => !orgIdPrefixes.has(textOf(node).split("-").slice(0, 2).join("-")));
    return offender ? fail(offender, `${describe(offender)} does not start with a known agency prefix`) : null;
  }
  let starts: string[];
  if (prefixPaths) starts = nodesOfAll(prefixPaths, element).map(textOf);
  else {
    const [first] = nodes(required(rule, "start"), element);
    if (!first) return null;
    starts = [textOf(first)];
  }
  const withSeparator = starts.map((s) => s + (rule.separator ?? ""));
  const offender = texts.find((node) => !withSeparator.some((s) => textOf(node).startsWith(s)));
  const expected = withSeparator.map((s) => `"${s}"`).join(" or ") || "a prefix (none is given)";
  return offender ? fail(offender, `${describe(offender)} does not start with ${expected}`) : null;
};

const unique: RuleType = ({ element, rule }) => {
  const seen = new Set<string>();
  for (const node of nodesOfAll(rule.paths, element)) {
    const text = textOf(node);
    if (seen.has(text)) return fail(node, `${describe(node)} is repeated`);
    seen.add(text);
  }
  return null;
};

const noSpaces: RuleType = ({ element, rule }) => {
  const offender = nodesOfAll(rule.paths, element).find((node) => /^\s|\s$/.test(textOf(node)));
  return offender ? fail(offender, `${describe(offender)} starts or ends with white space`) : null;
};

// --- Conditions ----------------------------------------------------------------------------------

/** If `if` is true, `then` must be; `paths` only point at the nodes concerned. */
const ifThen: RuleType = ({ element, rule }) => {
  if (!isTrue(required(rule, "if"), element) || isTrue(required(rule, "then"), element)) return null;
  return fail(nodesOfAll(rule.paths, element)[0] ?? element, `${rule.if}, but not ${rule.then}`);
};

/** `eval` must be true (the Python edition's evaluates_to_true). */
const evaluatesToTrue: RuleType = ({ element, rule }) =>
  isTrue(required(rule, "eval"), element) ? null : fail(element, `${rule.eval} is false`);

export const RULE_TYPES: Record<string, RuleType> = {
  atleast_one: atleastOne,
  no_more_than_one: noMoreThanOne,
  dependent,
  only_one_of: onlyOneOf,
  one_or_all: oneOrAll,
  sum: sumRule(true),
  strict_sum: sumRule(false),
  range,
  date_order: dateOrder,
  date_now: dateNow,
  time_limit: timeLimit,
  between_dates: betweenDates,
  regex_matches: regexRule(true),
  regex_no_matches: regexRule(false),
  startswith: startsWith,
  unique,
  no_spaces: noSpaces,
  if_then: ifThen,
  evaluates_to_true: evaluatesToTrue,
};

/** The camelCase names of the JS edition (and `startsWith`'s snake form) to the snake_case ones. */
const ALIASES: Record<string, string> = {
  atLeastOne: "atleast_one",
  noMoreThanOne: "no_more_than_one",
  onlyOneOf: "only_one_of",
  oneOrAll: "one_or_all",
  strictSum: "strict_sum",
  dateOrder: "date_order",
  dateNow: "date_now",
  timeLimit: "time_limit",
  betweenDates: "between_dates",
  regexMatches: "regex_matches",
  regexNoMatches: "regex_no_matches",
  startsWith: "startswith",
  starts_with: "startswith",
  noSpaces: "no_spaces",
  ifThen: "if_then",
  evaluatesToTrue: "evaluates_to_true",
};

/** The snake_case rule type for a name of either edition ("loop" included); throws for others. */
export function ruleTypeName(name: string): string {
  const type = ALIASES[name] ?? name;
  if (type !== "loop" && !(type in RULE_TYPES)) throw new RulesetError(`unknown rule type "${name}"`);
  return type;
}
