// The shape of an IATI ruleset (IATI-Rulesets' SPEC.rst, "JS edition", and its schema.json): a JSON
// object of contexts (XPath), each naming rule types, each with cases. Keys may be snake_case or
// camelCase; the runner normalises them (see RULE_NAMES in rules.ts).

export type Severity = "critical" | "error" | "warning";

export interface RuleInfo {
  id: string;
  severity: Severity;
  category: string;
  message: string;
  link?: { url?: string; path?: string };
}

/** A case dictionary: which keys count depends on the rule type. */
export interface RuleCase {
  condition?: string;
  idCondition?: "NOT_EXISTING_ORG_ID" | "NOT_EXISTING_ORG_ID_PREFIX";
  eval?: string;
  paths?: string[];
  less?: string;
  more?: string;
  regex?: string;
  sum?: number;
  excluded?: string[];
  date?: string;
  start?: string;
  end?: string;
  one?: string;
  all?: string;
  foreach?: string;
  do?: Record<string, { cases: RuleCase[] }>;
  subs?: string[];
  prefix?: string[] | string;
  separator?: string;
  if?: string;
  then?: string;
  min?: number;
  max?: number;
  ruleInfo?: RuleInfo;
}

export type Ruleset = Record<string, Record<string, { cases: RuleCase[] }>>;

/** One case that an element breaks. */
export interface BrokenRule {
  /** The rule's id from its ruleInfo (such as "7.5.3"), or null for a case without ruleInfo. */
  id: string | null;
  /** From ruleInfo; a case without ruleInfo is an error (as the Python edition treats every case). */
  severity: Severity;
  category: string | null;
  /** From ruleInfo, else a sentence naming the rule type and its paths. */
  message: string;
  /** The rule type in snake_case (a loop's inner rule type for a case inside a loop). */
  rule: string;
  /** The context XPath whose element broke it. */
  context: string;
  /** The iati-identifier (or organisation-identifier) of the activity holding the element, if any. */
  identifier: string | null;
  /** The line of the node at fault (the element, attribute or date concerned), when known. */
  line: number | null;
  /** What exactly is wrong, such as "the sum is 110, not 100". */
  detail: string;
}

export interface RulesetOptions {
  /**
   * Identifiers of organisations that publish to the IATI Registry (`idSets['ORG-ID']` of the JS
   * validator). `idCondition` NOT_EXISTING_ORG_ID(_PREFIX) skips a case for them; without the list
   * (ADAM holds no copy of the Registry) no identifier is a known publisher, so every case applies.
   */
  publisherIds?: Iterable<string>;
  /**
   * The agency prefixes of org-id.guide (`idSets['ORG-ID-PREFIX']`, such as GB-GOV, XM-DAC). Without
   * them a `startswith` case whose prefix is "ORG-ID-PREFIX" cannot be decided and is reported as
   * unchecked instead.
   */
  orgIdPrefixes?: Iterable<string>;
  /** The moment `NOW`, `TODAY` and `date_now` compare with (the current time unless told). */
  now?: Date;
}

export interface RulesetResult {
  broken: BrokenRule[];
  /** Cases that could not be decided for want of a list (see RulesetOptions), once per id. */
  unchecked: Array<{ id: string | null; rule: string; reason: string }>;
}
