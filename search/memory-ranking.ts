import type { SearchSort } from "./engine";

// The in-memory index's relevance and order: the info byte of a lexeme in a document (its
// strongest place, its repetitions, whether the match needed a typo correction), the score of a
// query word from it, the three sorts as comparators (the same orders as the SQL path's), and
// the bounded top-N that picks a page without sorting every match.

/**
 * What the index knows of a lexeme in a document: the strongest weight (A 3 … D 0) and how often it
 * occurs (up to 31).
 */
export function lexemeInfo(strongestWeight: number, occurrences: number): number {
  return (strongestWeight << 5) | Math.max(1, Math.min(31, occurrences));
}

/**
 * Relevance of one query word in a document: where it occurs (title 1.0, organization 0.4, text
 * 0.2 — PostgreSQL's default weights for A, B, C; D 0.1) and a little more for each repetition.
 */
const WEIGHTS = [0.1, 0.2, 0.4, 1.0];
/**
 * Marks a match without a typo correction (the info byte's free top bit), worth more than any
 * place and repetition: an exact match ranks above a typo match, word by word.
 */
export const EXACT = 0x80;
const EXACT_SCORE = 10;
export function wordScore(info: number): number {
  return (info & EXACT ? EXACT_SCORE : 0) + WEIGHTS[(info >> 5) & 3] * (1 + Math.log(info & 31));
}

/** What a comparator reads, by document number. */
export interface SortKeys {
  updatedAt: Float64Array;
  ids: string[];
  titleKeys: string[];
}

/** The order of a sort, as in SQL (newest: updated_at DESC, id; title: lower(title), id; relevance: score, newest). */
export function comparator(
  { updatedAt, ids, titleKeys }: SortKeys,
  sort: SearchSort,
  score: Float64Array | null,
): (a: number, b: number) => number {
  const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
  const newest = (a: number, b: number) => updatedAt[b] - updatedAt[a] || byId(a, b);
  if (sort === "title")
    return (a, b) => (titleKeys[a] < titleKeys[b] ? -1 : titleKeys[a] > titleKeys[b] ? 1 : byId(a, b));
  if (sort === "relevance" && score) return (a, b) => score[b] - score[a] || newest(a, b);
  return newest;
}

/** The first `wanted` items in order: a bounded insertion for a page near the start, a full sort otherwise. */
export function firstInOrder(items: number[], wanted: number, compare: (a: number, b: number) => number): number[] {
  if (wanted <= 0) return [];
  if (wanted > 1_000) return items.sort(compare).slice(0, wanted);
  const best: number[] = [];
  for (const item of items) {
    if (best.length === wanted && compare(item, best[wanted - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > wanted) best.pop();
  }
  return best;
}
