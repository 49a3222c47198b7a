import { DOMParser } from "@xmldom/xmldom";
import { RULE_TYPES, ruleTypeName, type CaseInput } from "./rules";
import type { RuleCase, Ruleset, RulesetOptions, RulesetResult } from "./types";
import { evaluate, isTrue, lineOf, nodes, nodesOfAll, RulesetError, textOf } from "./values";

// Runs an IATI ruleset (such as the IATI Standard ruleset, standard.json) over a document: every
// context XPath, every element it selects, every case, and `loop` cases once per value of `foreach`.
// Used by tests and scripts only, never by a route: its XML packages (xpath, @xmldom/xmldom) are dev
// dependencies. For a file of any size, stream.server.ts feeds it one activity at a time.

export { RulesetError } from "./values";

/** Throws a RulesetError naming the first unknown rule type (a loop's inner ones included). */
export function assertRuleset(ruleset: Ruleset): void {
  for (const rules of Object.values(ruleset)) {
    for (const [name, { cases }] of Object.entries(rules)) {
      const type = ruleTypeName(name);
      if (!Array.isArray(cases)) throw new RulesetError(`rule "${name}" has no array of cases`);
      if (type !== "loop") continue;
      for (const loop of cases) {
        for (const inner of Object.keys(loop.do ?? {})) {
          if (ruleTypeName(inner) === "loop") throw new RulesetError("a loop inside a loop");
        }
      }
    }
  }
}

/** Parses XML with xmldom (lines kept); a fault is thrown rather than repaired. */
export function parseXml(xml: string): Document {
  let fault: string | null = null;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") fault ??= message;
    },
  });
  try {
    const document = parser.parseFromString(xml, "text/xml") as unknown as Document;
    if (!fault) return document;
  } catch (error) {
    fault ??= (error as Error).message;
  }
  throw new RulesetError(`not well-formed XML: ${fault}`);
}

const HOLDERS: Record<string, string> = {
  "iati-activity": "iati-identifier",
  "iati-organisation": "organisation-identifier",
};

/** The identifier of the activity (or organisation) holding a node. */
export function identifierOf(node: Node | null): string | null {
  for (let n = node; n; n = n.parentNode) {
    const child = HOLDERS[n.nodeName];
    if (n.nodeType === 1 && child) {
      const [found] = nodes(child, n);
      return found ? textOf(found).trim() || null : null;
    }
  }
  return null;
}

interface Run {
  options: Required<Pick<RulesetOptions, "now">>;
  publisherIds: Set<string>;
  orgIdPrefixes: Set<string> | null;
  result: RulesetResult;
  uncheckedSeen: Set<string>;
}

/** Whether `idCondition` lets the case apply: its paths' texts are not known Registry publishers. */
function idConditionHolds(rule: RuleCase, element: Node, publisherIds: Set<string>): boolean {
  if (!rule.idCondition || publisherIds.size === 0) return true;
  const texts = nodesOfAll(rule.paths, element).map(textOf);
  if (rule.idCondition === "NOT_EXISTING_ORG_ID") return texts.every((t) => !publisherIds.has(t));
  if (rule.idCondition === "NOT_EXISTING_ORG_ID_PREFIX") {
    return texts.every((t) => ![...publisherIds].some((id) => t.startsWith(`${id}-`)));
  }
  throw new RulesetError(`unknown idCondition "${rule.idCondition}"`);
}

function defaultMessage(type: string, rule: RuleCase): string {
  const { ruleInfo: _ignored, ...keys } = rule;
  return `${type} ${JSON.stringify(keys)}`;
}

function runCase(run: Run, context: string, element: Node, type: string, rule: RuleCase): void {
  if (rule.condition !== undefined && !isTrue(rule.condition, element)) return;
  if (!idConditionHolds(rule, element, run.publisherIds)) return;
  const input: CaseInput = { element, rule, now: run.options.now, orgIdPrefixes: run.orgIdPrefixes };
  const verdict = RULE_TYPES[type](input);
  if (!verdict) return;
  const info = rule.ruleInfo;
  if ("unchecked" in verdict) {
    const key = info?.id ?? `${type} ${JSON.stringify(rule)}`;
    if (!run.uncheckedSeen.has(key)) {
      run.uncheckedSeen.add(key);
      run.result.unchecked.push({ id: info?.id ?? null, rule: type, reason: verdict.unchecked });
    }
    return;
  }
  run.result.broken.push({
    id: info?.id ?? null,
    severity: info?.severity ?? "error",
    category: info?.category ?? null,
    message: info?.message ?? defaultMessage(type, rule),
    rule: type,
    context,
    identifier: identifierOf(element),
    line: lineOf(verdict.node) ?? lineOf(element),
    detail: verdict.detail,
  });
}

/** `$1` in the keys named by `subs` becomes each distinct value `foreach` selects (only those keys). */
function substitute(rule: RuleCase, subs: string[], value: string): RuleCase {
  const copy: Record<string, unknown> = { ...rule };
  for (const key of subs) {
    const original = copy[key];
    if (typeof original === "string") copy[key] = original.replace(/\$1/g, value);
    else if (Array.isArray(original)) {
      copy[key] = original.map((v) => (typeof v === "string" ? v.replace(/\$1/g, value) : v));
    }
  }
  return copy as RuleCase;
}

function runLoop(run: Run, context: string, element: Node, loop: RuleCase): void {
  const foreach = loop.foreach;
  if (!foreach || !loop.do) throw new RulesetError('a loop case lacks "foreach" or "do"');
  const selected = evaluate(foreach, element);
  const values = [...new Set(Array.isArray(selected) ? (selected as Node[]).map(textOf) : [String(selected)])];
  for (const [name, { cases }] of Object.entries(loop.do)) {
    const type = ruleTypeName(name);
    for (const inner of cases) {
      for (const value of values) runCase(run, context, element, type, substitute(inner, loop.subs ?? [], value));
    }
  }
}

/** Runs the ruleset over a parsed document (or any node: contexts are evaluated from it). */
export function checkNode(root: Node, ruleset: Ruleset, options: RulesetOptions = {}, into?: Run): RulesetResult {
  const run: Run = into ?? startRun(options);
  for (const [context, rules] of Object.entries(ruleset)) {
    for (const element of nodes(context, root)) {
      for (const [name, { cases }] of Object.entries(rules)) {
        const type = ruleTypeName(name);
        for (const rule of cases) {
          if (type === "loop") runLoop(run, context, element, rule);
          else runCase(run, context, element, type, rule);
        }
      }
    }
  }
  return run.result;
}

export function startRun(options: RulesetOptions): Run {
  return {
    options: { now: options.now ?? new Date() },
    publisherIds: new Set(options.publisherIds ?? []),
    orgIdPrefixes: options.orgIdPrefixes ? new Set(options.orgIdPrefixes) : null,
    result: { broken: [], unchecked: [] },
    uncheckedSeen: new Set(),
  };
}

export type { Run };

/** Runs the ruleset over a whole XML document held in a string (small files; see checkStream). */
export function checkXml(xml: string, ruleset: Ruleset, options: RulesetOptions = {}): RulesetResult {
  assertRuleset(ruleset);
  return checkNode(parseXml(xml), ruleset, options);
}
