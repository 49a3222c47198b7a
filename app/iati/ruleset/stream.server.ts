import { createReadStream } from "node:fs";
import { SaxesParser } from "saxes";
import { assertRuleset, checkNode, parseXml, startRun } from "./runner";
import type { Ruleset, RulesetOptions, RulesetResult } from "./types";
import { RulesetError } from "./values";

// Runs a ruleset over a file of any size with the memory of its largest activity: saxes finds each
// child of the root (an iati-activity or iati-organisation) in the stream, and that child alone,
// wrapped in a copy of the root's start tag and padded with newlines so its lines stay the file's, is
// parsed by xmldom and checked. Rules see the activity and the root's attributes, as IATI's validator
// does. Tests and scripts only (xmldom and xpath are dev dependencies), never a route.

export class XmlFault extends RulesetError {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`not well-formed XML at line ${line}: ${detail}`);
    this.name = "XmlFault";
  }
}

/** One small document per child of the root, in order. Throws XmlFault for a file that is not XML. */
export async function* splitActivities(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  const parser = new SaxesParser({ position: true });
  let buffer = "";
  let bufferStart = 0; // the stream position of buffer[0]
  let depth = 0;
  let root = { open: "", name: "" };
  let unitLine = 1;
  let fault: XmlFault | null = null;
  const ready: string[] = [];
  /** Forgets the buffer up to the parser's position: what follows is the next unit's. */
  const cut = () => {
    buffer = buffer.slice(parser.position - bufferStart);
    bufferStart = parser.position;
    unitLine = parser.line;
  };

  parser.on("error", (error) => {
    fault ??= new XmlFault(parser.line, error.message.replace(/^[^:]*:\d+:\d+: /, ""));
  });
  parser.on("opentag", (tag) => {
    depth += 1;
    if (depth !== 1) return;
    const head = buffer.slice(0, parser.position - bufferStart);
    // The root's start tag on one line: its attributes (namespaces, version, default currency) matter.
    root = { open: head.slice(head.lastIndexOf(`<${tag.name}`)).replace(/\s+/g, " "), name: tag.name };
    cut();
  });
  parser.on("closetag", () => {
    if (depth === 2) {
      const text = buffer.slice(0, parser.position - bufferStart);
      ready.push(`${root.open}${"\n".repeat(Math.max(0, unitLine - 1))}${text}</${root.name}>`);
      cut();
    }
    depth -= 1;
  });

  for await (const chunk of chunks) {
    buffer += chunk;
    parser.write(chunk);
    if (fault) throw fault;
    while (ready.length) yield ready.shift()!;
  }
  parser.close();
  if (fault) throw fault;
  while (ready.length) yield ready.shift()!;
}

/** Runs the ruleset over XML arriving in pieces (a file, an export being written), activity by activity. */
export async function checkStream(
  chunks: AsyncIterable<string>,
  ruleset: Ruleset,
  options: RulesetOptions = {},
): Promise<RulesetResult & { activities: number }> {
  assertRuleset(ruleset);
  const run = startRun(options);
  let activities = 0;
  for await (const unit of splitActivities(chunks)) {
    checkNode(parseXml(unit), ruleset, options, run);
    activities += 1;
  }
  return { ...run.result, activities };
}

export function checkFile(path: string, ruleset: Ruleset, options: RulesetOptions = {}) {
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 });
  return checkStream(stream as AsyncIterable<string>, ruleset, options);
}
