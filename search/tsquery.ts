// PostgreSQL's text form of a tsquery (what `tsquery::text` prints), parsed into a tree, so that the
// in-memory index (memory-index.ts) evaluates exactly the query PostgreSQL built: the stemming,
// stop words and typo corrections stay PostgreSQL's.

export type TsNode =
  | { op: "lexeme"; lexeme: string; prefix: boolean; weights: string }
  | { op: "not"; arg: TsNode }
  | { op: "and" | "or"; args: [TsNode, TsNode] }
  | { op: "phrase"; distance: number; args: [TsNode, TsNode] };

type Token =
  { kind: "lexeme"; node: TsNode } | { kind: "&" | "|" | "!" | "(" | ")" } | { kind: "phrase"; distance: number };

/** A quoted lexeme starting at `start` (quotes and backslashes inside are doubled): its text and the index after it. */
export function readQuoted(text: string, start: number): [string, number] {
  let lexeme = "";
  let i = start + 1;
  for (;;) {
    const ch = text[i];
    if (ch === undefined) throw new Error("unclosed lexeme");
    if ((ch === "'" || ch === "\\") && text[i + 1] === ch) {
      lexeme += ch;
      i += 2;
    } else if (ch === "'") return [lexeme, i + 1];
    else {
      lexeme += ch;
      i++;
    }
  }
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " ") i++;
    else if (c === "&" || c === "|" || c === "!" || c === "(" || c === ")") {
      out.push({ kind: c });
      i++;
    } else if (c === "<") {
      const end = text.indexOf(">", i);
      if (end < 0) throw new Error(`tsquery: unclosed operator at ${i}`);
      const inner = text.slice(i + 1, end);
      out.push({ kind: "phrase", distance: inner === "-" ? 1 : Number(inner) });
      i = end + 1;
    } else if (c === "'") {
      let lexeme: string;
      [lexeme, i] = readQuoted(text, i);
      let prefix = false;
      let weights = "";
      if (text[i] === ":") {
        i++;
        while (i < text.length && /[*ABCD]/.test(text[i])) {
          if (text[i] === "*") prefix = true;
          else weights += text[i];
          i++;
        }
      }
      out.push({ kind: "lexeme", node: { op: "lexeme", lexeme, prefix, weights } });
    } else throw new Error(`tsquery: unexpected ${JSON.stringify(c)} at ${i}`);
  }
  return out;
}

/** Parses PostgreSQL's output form of a tsquery; null for an empty query. Precedence: ! > <-> > & > |. */
export function parseTsQuery(text: string): TsNode | null {
  const list = tokens(text);
  if (list.length === 0) return null;
  let at = 0;
  const peek = () => list[at];
  const or = (): TsNode => {
    let left = and();
    while (peek()?.kind === "|") {
      at++;
      left = { op: "or", args: [left, and()] };
    }
    return left;
  };
  const and = (): TsNode => {
    let left = phrase();
    while (peek()?.kind === "&") {
      at++;
      left = { op: "and", args: [left, phrase()] };
    }
    return left;
  };
  const phrase = (): TsNode => {
    let left = unary();
    for (let t = peek(); t?.kind === "phrase"; t = peek()) {
      at++;
      left = { op: "phrase", distance: t.distance, args: [left, unary()] };
    }
    return left;
  };
  const unary = (): TsNode => {
    const t = list[at++];
    if (!t) throw new Error("tsquery: unexpected end");
    if (t.kind === "!") return { op: "not", arg: unary() };
    if (t.kind === "(") {
      const inner = or();
      if (list[at++]?.kind !== ")") throw new Error("tsquery: missing )");
      return inner;
    }
    if (t.kind === "lexeme") return t.node;
    throw new Error(`tsquery: unexpected ${t.kind}`);
  };
  const root = or();
  if (at !== list.length) throw new Error("tsquery: trailing input");
  return root;
}

/** A canonical text of a (sub)tree, fully parenthesised: the key of a phrase's precomputed matches. */
export function tsNodeKey(node: TsNode): string {
  switch (node.op) {
    case "lexeme":
      return `'${node.lexeme.replace(/'/g, "''").replace(/\\/g, "\\\\")}'${node.prefix || node.weights ? `:${node.prefix ? "*" : ""}${node.weights}` : ""}`;
    case "not":
      return `!(${tsNodeKey(node.arg)})`;
    case "phrase":
      return `(${tsNodeKey(node.args[0])} <${node.distance}> ${tsNodeKey(node.args[1])})`;
    default:
      return `(${tsNodeKey(node.args[0])} ${node.op === "and" ? "&" : "|"} ${tsNodeKey(node.args[1])})`;
  }
}

/** Every phrase subtree (outermost ones only) of a tree. */
export function phraseNodes(node: TsNode): TsNode[] {
  if (node.op === "phrase") return [node];
  if (node.op === "lexeme") return [];
  if (node.op === "not") return phraseNodes(node.arg);
  return [...phraseNodes(node.args[0]), ...phraseNodes(node.args[1])];
}
