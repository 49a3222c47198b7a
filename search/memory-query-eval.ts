import type { Postings } from "./memory-postings";
import { EXACT } from "./memory-ranking";
import { tsNodeKey, type TsNode } from "./tsquery";

// Evaluating a parsed tsquery (tsquery.ts) on the in-memory index's posting lists: per document,
// the info byte of its best match (0: none). Lexemes, prefixes, AND, OR and the precomputed
// phrases only; anything else (weights, NOT, other phrases) gives null, and SQL answers instead.

/** What the evaluation reads of the index. */
export interface Lexicon {
  /** Document numbers handed out: the length of every result. */
  size: number;
  postings: ReadonlyMap<string, Postings>;
  phrasePostings: ReadonlyMap<string, Postings>;
  /** The lexemes that start with a prefix. */
  withPrefix(prefix: string): string[];
}

/** Lexemes in code-point order, for lexemesWithPrefix(). */
export function sortLexemes(lexemes: Iterable<string>): string[] {
  return [...lexemes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The lexemes of a sorted list that start with `prefix` (a binary search to the first). */
export function lexemesWithPrefix(sorted: string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i].startsWith(prefix); i++) out.push(sorted[i]);
  return out;
}

/** Raises each listed document's byte in `out` to its info (with `flag`), keeping the strongest. */
function fill(out: Uint8Array, list: Postings | undefined, flag: number): void {
  if (!list) return;
  const { docs, infos, length } = list;
  for (let i = 0; i < length; i++) {
    const d = docs[i];
    const info = infos[i] | flag;
    if (info > out[d]) out[d] = info;
  }
}

function lexemeLeaves(node: TsNode): TsNode[] {
  if (node.op === "lexeme") return [node];
  if (node.op === "not") return lexemeLeaves(node.arg);
  return [...lexemeLeaves(node.args[0]), ...lexemeLeaves(node.args[1])];
}

/** Only the phrases precomputed from PostgreSQL; the match is as strong as its weakest word. */
function evaluatePhrase(lexicon: Lexicon, node: TsNode, typos: ReadonlySet<string>): Uint8Array | null {
  const matches = lexicon.phrasePostings.get(tsNodeKey(node));
  if (!matches) return null;
  let words: Uint8Array | null = null;
  for (const leaf of lexemeLeaves(node)) {
    const matched = evaluateQuery(lexicon, leaf, typos);
    if (!matched) return null;
    if (words) for (let d = 0; d < words.length; d++) words[d] = Math.min(words[d], matched[d]);
    else words = matched;
  }
  if (!words) return null;
  const out = new Uint8Array(lexicon.size);
  const { docs, length } = matches;
  for (let i = 0; i < length; i++) out[docs[i]] = words[docs[i]];
  return out;
}

/** Both operands, combined in place into the first: the stronger (OR) or the weaker (AND) byte. */
function evaluateBoth(
  lexicon: Lexicon,
  args: [TsNode, TsNode],
  typos: ReadonlySet<string>,
  stronger: boolean,
): Uint8Array | null {
  const a = evaluateQuery(lexicon, args[0], typos);
  const b = a && evaluateQuery(lexicon, args[1], typos);
  if (!a || !b) return null;
  if (stronger) {
    for (let d = 0; d < a.length; d++) if (b[d] > a[d]) a[d] = b[d];
  } else {
    for (let d = 0; d < a.length; d++) if (b[d] < a[d]) a[d] = b[d];
  }
  return a;
}

/** Matches of a query node as info bytes by document number (0: no match); null when the index cannot evaluate it. */
export function evaluateQuery(lexicon: Lexicon, node: TsNode, typos: ReadonlySet<string>): Uint8Array | null {
  switch (node.op) {
    case "lexeme": {
      if (node.weights) return null;
      const out = new Uint8Array(lexicon.size);
      const flag = typos.has(node.lexeme) ? 0 : EXACT;
      if (!node.prefix) fill(out, lexicon.postings.get(node.lexeme), flag);
      else for (const lexeme of lexicon.withPrefix(node.lexeme)) fill(out, lexicon.postings.get(lexeme), flag);
      return out;
    }
    case "or":
      return evaluateBoth(lexicon, node.args, typos, true);
    case "and":
      return evaluateBoth(lexicon, node.args, typos, false);
    case "phrase":
      return evaluatePhrase(lexicon, node, typos);
    default:
      return null;
  }
}
