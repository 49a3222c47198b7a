import { createReadStream } from "node:fs";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { XmlElement } from "./xml";

// Streams an IATI activity file with saxes: never a whole-file DOM. The root element's attributes
// come first, then each `iati-activity` as a small tree with its start and end lines.

export interface RootInfo {
  name: string;
  attrs: Record<string, string>;
  line: number;
}

export type ReadEvent =
  { type: "root"; root: RootInfo } | { type: "activity"; activity: XmlElement; endLine: number; index: number };

export class NotWellFormed extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`not well-formed XML at line ${line}: ${detail}`);
    this.name = "NotWellFormed";
  }
}

/**
 * A copy of a string that does not hold on to the parser's chunk: V8 makes a substring of 13
 * characters or more a view of the string it was cut from, so an identifier kept in a report would
 * keep its whole 256 KB chunk alive, and a large file's report the whole file.
 */
function detach(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, "utf8").toString("utf8");
}

function detachAll(attributes: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) copy[name] = detach(value);
  return copy;
}

/** Reads the file and yields its root, then its activities in order. Throws NotWellFormed. */
export async function* readActivities(path: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<ReadEvent> {
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 });
  const parser = new SaxesParser({ xmlns: false, position: true });
  const pending: ReadEvent[] = [];
  // The open elements inside the current activity (the activity itself at the bottom), or empty.
  const stack: XmlElement[] = [];
  let depth = 0;
  let index = 0;
  let failure: NotWellFormed | null = null;

  parser.on("error", (error) => {
    // saxes reports "file:line:column: message"; keep the first fault, the rest follows from it.
    if (!failure) failure = new NotWellFormed(parser.line, error.message.replace(/^[^:]*:\d+:\d+: /, ""));
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    depth += 1;
    const line = parser.line;
    if (depth === 1) {
      pending.push({
        type: "root",
        root: { name: tag.name, attrs: { ...tag.attributes } as Record<string, string>, line },
      });
      return;
    }
    if (stack.length === 0 && !(depth === 2 && tag.name === "iati-activity")) return;
    const element: XmlElement = {
      name: tag.name,
      attrs: detachAll(tag.attributes as Record<string, string>),
      children: [],
      text: "",
      line,
    };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    stack.push(element);
  });
  parser.on("text", (text) => {
    if (stack.length > 0) stack[stack.length - 1].text += text;
  });
  parser.on("cdata", (text) => {
    if (stack.length > 0) stack[stack.length - 1].text += text;
  });
  parser.on("closetag", () => {
    depth -= 1;
    if (stack.length === 0) return;
    const element = stack.pop()!;
    element.text = detach(element.text.trim());
    if (stack.length === 0) {
      index += 1;
      pending.push({ type: "activity", activity: element, endLine: parser.line, index });
    }
  });

  for await (const chunk of stream) {
    parser.write(chunk as string);
    onBytes?.(stream.bytesRead);
    if (failure) break;
    while (pending.length) yield pending.shift()!;
  }
  if (!failure) parser.close();
  while (pending.length && !failure) yield pending.shift()!;
  stream.destroy();
  if (failure) throw failure;
}
