// `npm run check-iati -- FILE [--prefixes FILE] [--all]`: checks an IATI activity file against the
// official 2.03 schema (xmllint, app/iati/schema/) and the IATI Standard ruleset
// (app/iati/ruleset/standard.json), one activity at a time, and prints what it breaks by severity:
// each rule once with its id, message and count, then where (activity identifier, line, what is
// wrong; the first five unless --all). --prefixes names a file of org-id.guide agency prefixes (one a
// line, such as GB-GOV) so that rule 1.14.8 can be decided. Exits 0 when nothing but warnings is
// found, 1 for schema problems, critical or error rules, a file that is not XML or a schema check that
// could not run, 2 for a wrong command.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkSchema } from "../app/iati/schema-check.server";
import { STANDARD_RULESET } from "../app/iati/ruleset/standard";
import { checkFile } from "../app/iati/ruleset/stream.server";
import type { BrokenRule, Severity } from "../app/iati/ruleset/types";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run check-iati -- FILE [--prefixes FILE] [--all]`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { prefixes: { type: "string" }, all: { type: "boolean" } } });
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
const { values, positionals } = parsed;
if (positionals.length !== 1) usage("give one file");
const [file] = positionals;

function readPrefixes(path: string): string[] {
  try {
    return readFileSync(path, "utf8")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  } catch (error) {
    usage(`cannot read ${path}: ${error instanceof Error ? error.message : error}`);
  }
}

function printGroup(severity: Severity, broken: BrokenRule[]): void {
  if (broken.length === 0) return;
  console.log(`\n${severity.toUpperCase()}: ${broken.length}`);
  const byRule = new Map<string, BrokenRule[]>();
  for (const b of broken) byRule.set(b.id ?? b.rule, [...(byRule.get(b.id ?? b.rule) ?? []), b]);
  for (const [id, list] of byRule) {
    console.log(`  ${id} (${list.length}×) ${list[0].message}`);
    for (const b of values.all ? list : list.slice(0, 5)) {
      console.log(`      ${b.identifier ?? "(no identifier)"}, line ${b.line ?? "?"}: ${b.detail}`);
    }
    if (!values.all && list.length > 5) console.log(`      … and ${list.length - 5} more (--all lists them)`);
  }
}

let failed = false;
const schema = await checkSchema(file);
if (!schema.available) {
  console.log("SCHEMA: not checked (xmllint, from Debian's libxml2-utils, is not installed)");
  failed = true;
} else if (schema.problems.length) {
  console.log(`SCHEMA: ${schema.problems.length}${schema.truncated ? "+" : ""} problems`);
  const shown = values.all ? schema.problems : schema.problems.slice(0, 20);
  for (const p of shown) console.log(`  line ${p.line}: ${p.message}`);
  const more = schema.problems.length - shown.length;
  if (more > 0) console.log(`  … and ${more} more (--all lists them)`);
  failed = true;
} else console.log("SCHEMA: valid against the IATI 2.03 activity schema");

try {
  const orgIdPrefixes = values.prefixes ? readPrefixes(values.prefixes) : undefined;
  const result = await checkFile(file, STANDARD_RULESET, { orgIdPrefixes });
  console.log(`\nRULESET: ${result.activities} activities, ${result.broken.length} broken rules`);
  for (const severity of ["critical", "error", "warning"] as const) {
    printGroup(
      severity,
      result.broken.filter((b) => b.severity === severity),
    );
  }
  for (const u of result.unchecked) console.log(`\nNOT CHECKED: ${u.id ?? u.rule} (${u.reason}; see --prefixes)`);
  if (result.broken.some((b) => b.severity !== "warning")) failed = true;
} catch (error) {
  console.log(`\nRULESET: not run: ${error instanceof Error ? error.message : error}`);
  failed = true;
}
process.exitCode = failed ? 1 : 0;
