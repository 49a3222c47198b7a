import type { FacetName, SearchFilters, SearchSort } from "./engine";
import { tsNodeKey, type TsNode } from "./tsquery";

// The embedded engine's in-memory index: what PostgreSQL's GIN index and search_documents hold
// about each document (its lexemes, facet keys, dates and sort keys), kept in typed arrays so that
// a broad search — 100,000 matches at 100,000 projects + 100,000 needs — finds, filters, counts
// every facet and ranks its matches in a few milliseconds. PostgreSQL stays the source of truth:
// documents are stored, stemmed and highlighted there, and this index is loaded from it and kept
// in step through search_changes (memory-sync.ts). Nothing here touches the database.

/** One document as the index needs it. */
export interface MemoryDocument {
  id: string;
  /** updated_at in microseconds since the epoch (PostgreSQL's precision). */
  updatedAt: number;
  /** lower(title): the title sort's key. */
  titleKey: string;
  startYear: number | null;
  endYear: number | null;
  facetKeys: string[];
  /** Each lexeme of its tsvector with its info byte (see lexemeInfo). */
  lexemes: Array<[string, number]>;
  /** Keys (tsNodeKey) of the precomputed phrases the document matches. */
  phrases: string[];
}

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
const EXACT = 0x80;
const EXACT_SCORE = 10;
function wordScore(info: number): number {
  return (info & EXACT ? EXACT_SCORE : 0) + WEIGHTS[(info >> 5) & 3] * (1 + Math.log(info & 31));
}

const NO_YEAR = -2_147_483_648;

class Postings {
  docs = new Uint32Array(8);
  infos = new Uint8Array(8);
  length = 0;
  /** A full list over the given arrays (the next push copies them into larger ones). */
  static of(docs: Uint32Array<ArrayBuffer>, infos: Uint8Array<ArrayBuffer>): Postings {
    const list = new Postings();
    list.docs = docs;
    list.infos = infos;
    list.length = docs.length;
    return list;
  }
  push(doc: number, info: number): void {
    if (this.length === this.docs.length) {
      const docs = new Uint32Array(this.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const infos = new Uint8Array(this.length * 2);
      infos.set(this.infos);
      this.infos = infos;
    }
    this.docs[this.length] = doc;
    this.infos[this.length] = info;
    this.length++;
  }
}

function grow<T extends Float64Array | Int32Array | Uint32Array | Uint8Array | Uint16Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** The whole of an index, as a snapshot stores it (memory-snapshot.ts). */
export interface MemoryIndexParts {
  generation: number;
  phraseKeys: string[];
  /** By document number, the dead ones included (alive 0). */
  ids: string[];
  titleKeys: string[];
  facetNames: string[];
  lexemes: string[];
  alive: Uint8Array<ArrayBuffer>;
  updatedAt: Float64Array<ArrayBuffer>;
  startYear: Int32Array<ArrayBuffer>;
  endYear: Int32Array<ArrayBuffer>;
  facetStart: Uint32Array<ArrayBuffer>;
  facetCount: Uint8Array<ArrayBuffer>;
  facetPool: Uint16Array<ArrayBuffer>;
  /** The lexemes' lists in the order of `lexemes`, then the phrases' in the order of `phraseKeys`. */
  postings: Array<{ docs: Uint32Array<ArrayBuffer>; infos: Uint8Array<ArrayBuffer> }>;
}

export interface MemoryQuery {
  /** The parsed tsquery, or null without search words. */
  query: TsNode | null;
  /** Lexemes that only typo corrections brought into the query (see EXACT). */
  typoLexemes?: ReadonlySet<string>;
  filters?: SearchFilters;
  sort: SearchSort;
  offset: number;
  limit: number;
}

export interface MemoryResult {
  total: number;
  facets: Array<{ k: string; n: number }>;
  /** Ids of the page's documents, in order. */
  ids: string[];
}

/** For each facet filter, the facet keys (see facetKeys() in embedded.ts) of its values; the year filter has none. */
export function filterKeyGroups(filters: SearchFilters = {}): string[][] {
  const groups: string[][] = [];
  const add = (
    facet: FacetName,
    values: Array<string | number> | undefined,
    map = (v: string | number) => String(v),
  ) => {
    if (Array.isArray(values) && values.length > 0) groups.push(values.map((v) => `${facet}:${map(v)}`));
  };
  add("type", filters.type);
  add("pillar", filters.pillar);
  add("capacityArea", filters.capacityArea);
  add("country", filters.country, (v) => String(v).toUpperCase());
  add("route", filters.route);
  add("status", filters.status);
  add("priority", filters.priority);
  add("organization", filters.organization, (v) => String(Number(v)));
  return groups;
}

export class MemoryIndex {
  /** The index generation (search_index_state) this index reflects. */
  generation = -1;
  /** Document numbers handed out; a re-indexed document gets a new number, its old one dies. */
  private size = 0;
  private live = 0;
  private ids: string[] = [];
  private numbers = new Map<string, number>();
  private alive = new Uint8Array(1024);
  private updatedAt = new Float64Array(1024);
  private titleKeys: string[] = [];
  private startYear = new Int32Array(1024);
  private endYear = new Int32Array(1024);
  private facetStart = new Uint32Array(1024);
  private facetCount = new Uint8Array(1024);
  private facetPool = new Uint16Array(8192);
  private facetPoolLength = 0;
  private facetIds = new Map<string, number>();
  private facetNames: string[] = [];
  private postings = new Map<string, Postings>();
  /** Lexemes in code-point order, for prefix queries; rebuilt when a new lexeme arrives. */
  private sortedLexemes: string[] | null = [];
  private phrasePostings = new Map<string, Postings>();

  /** The phrases whose matches are precomputed (PostgreSQL evaluates phrase operators: they need word positions). */
  constructor(readonly phraseKeys: readonly string[]) {
    for (const key of phraseKeys) this.phrasePostings.set(key, new Postings());
  }

  get documents(): number {
    return this.live;
  }

  /** Everything the index holds, as arrays (views, not copies), for a snapshot (memory-snapshot.ts). */
  toParts(): MemoryIndexParts {
    const lexemes = [...this.postings.keys()];
    const lists = [
      ...lexemes.map((l) => this.postings.get(l)!),
      ...this.phraseKeys.map((k) => this.phrasePostings.get(k)!),
    ];
    const n = this.size;
    return {
      generation: this.generation,
      phraseKeys: [...this.phraseKeys],
      ids: this.ids.slice(0, n),
      titleKeys: this.titleKeys.slice(0, n),
      facetNames: this.facetNames,
      lexemes,
      alive: this.alive.subarray(0, n),
      updatedAt: this.updatedAt.subarray(0, n),
      startYear: this.startYear.subarray(0, n),
      endYear: this.endYear.subarray(0, n),
      facetStart: this.facetStart.subarray(0, n),
      facetCount: this.facetCount.subarray(0, n),
      facetPool: this.facetPool.subarray(0, this.facetPoolLength),
      postings: lists.map((l) => ({ docs: l.docs.subarray(0, l.length), infos: l.infos.subarray(0, l.length) })),
    };
  }

  /** An index from a snapshot's parts (they are used as they are, not copied); its generation as saved. */
  static fromParts(parts: MemoryIndexParts): MemoryIndex {
    const index = new MemoryIndex(parts.phraseKeys);
    const n = parts.ids.length;
    index.size = n;
    index.ids = parts.ids;
    index.titleKeys = parts.titleKeys;
    index.alive = parts.alive;
    index.updatedAt = parts.updatedAt;
    index.startYear = parts.startYear;
    index.endYear = parts.endYear;
    index.facetStart = parts.facetStart;
    index.facetCount = parts.facetCount;
    index.facetPool = parts.facetPool;
    index.facetPoolLength = parts.facetPool.length;
    index.facetNames = parts.facetNames;
    parts.facetNames.forEach((name, id) => index.facetIds.set(name, id));
    for (let d = 0; d < n; d++)
      if (parts.alive[d]) {
        index.numbers.set(parts.ids[d], d);
        index.live++;
      }
    const lists = parts.postings.map((p) => Postings.of(p.docs, p.infos));
    parts.lexemes.forEach((lexeme, i) => index.postings.set(lexeme, lists[i]));
    parts.phraseKeys.forEach((key, i) => index.phrasePostings.set(key, lists[parts.lexemes.length + i]));
    index.sortedLexemes = null;
    index.generation = parts.generation;
    return index;
  }

  /** Share of document numbers that belong to replaced or deleted documents. */
  get deadShare(): number {
    return this.size === 0 ? 0 : (this.size - this.live) / this.size;
  }

  has(id: string): boolean {
    return this.numbers.has(id);
  }

  /** Adds a document, replacing its earlier version. */
  put(doc: MemoryDocument): void {
    this.remove(doc.id);
    const n = this.size++;
    this.alive = grow(this.alive, this.size);
    this.updatedAt = grow(this.updatedAt, this.size);
    this.startYear = grow(this.startYear, this.size);
    this.endYear = grow(this.endYear, this.size);
    this.facetStart = grow(this.facetStart, this.size);
    this.facetCount = grow(this.facetCount, this.size);
    this.ids[n] = doc.id;
    this.numbers.set(doc.id, n);
    this.alive[n] = 1;
    this.live++;
    this.updatedAt[n] = doc.updatedAt;
    this.titleKeys[n] = doc.titleKey;
    this.startYear[n] = doc.startYear ?? NO_YEAR;
    this.endYear[n] = doc.endYear ?? NO_YEAR;
    const keys = [...new Set(doc.facetKeys)].slice(0, 255);
    this.facetPool = grow(this.facetPool, this.facetPoolLength + keys.length);
    this.facetStart[n] = this.facetPoolLength;
    this.facetCount[n] = keys.length;
    for (const key of keys) {
      let id = this.facetIds.get(key);
      if (id === undefined) {
        id = this.facetNames.length;
        if (id > 0xffff) throw new Error("memory index: more than 65,536 facet values");
        this.facetIds.set(key, id);
        this.facetNames.push(key);
      }
      this.facetPool[this.facetPoolLength++] = id;
    }
    for (const [lexeme, info] of doc.lexemes) {
      let list = this.postings.get(lexeme);
      if (!list) {
        list = new Postings();
        this.postings.set(lexeme, list);
        this.sortedLexemes = null;
      }
      list.push(n, info);
    }
    for (const key of doc.phrases) this.phrasePostings.get(key)?.push(n, lexemeInfo(1, 1));
  }

  /** Records that a document matches a precomputed phrase (see loadMemoryIndex). */
  addPhraseMatch(id: string, key: string): void {
    const n = this.numbers.get(id);
    if (n !== undefined) this.phrasePostings.get(key)?.push(n, lexemeInfo(1, 1));
  }

  remove(id: string): void {
    const n = this.numbers.get(id);
    if (n === undefined) return;
    this.numbers.delete(id);
    this.alive[n] = 0;
    this.live--;
  }

  /** Matches of a query node as info bytes by document number (0: no match); null when the index cannot evaluate it. */
  private evaluate(node: TsNode, typos: ReadonlySet<string>): Uint8Array | null {
    const out = new Uint8Array(this.size);
    const fill = (list: Postings | undefined, flag: number) => {
      if (!list) return;
      const { docs, infos, length } = list;
      for (let i = 0; i < length; i++) {
        const d = docs[i];
        const info = infos[i] | flag;
        if (info > out[d]) out[d] = info;
      }
    };
    switch (node.op) {
      case "lexeme": {
        if (node.weights) return null;
        const flag = typos.has(node.lexeme) ? 0 : EXACT;
        if (!node.prefix) fill(this.postings.get(node.lexeme), flag);
        else for (const lexeme of this.withPrefix(node.lexeme)) fill(this.postings.get(lexeme), flag);
        return out;
      }
      case "or": {
        const a = this.evaluate(node.args[0], typos);
        const b = a && this.evaluate(node.args[1], typos);
        if (!a || !b) return null;
        for (let d = 0; d < a.length; d++) if (b[d] > a[d]) a[d] = b[d];
        return a;
      }
      case "and": {
        const a = this.evaluate(node.args[0], typos);
        const b = a && this.evaluate(node.args[1], typos);
        if (!a || !b) return null;
        for (let d = 0; d < a.length; d++) if (b[d] < a[d]) a[d] = b[d];
        return a;
      }
      case "phrase": {
        // Only the phrases precomputed from PostgreSQL; the match is as strong as its weakest word.
        const matches = this.phrasePostings.get(tsNodeKey(node));
        if (!matches) return null;
        let words: Uint8Array | null = null;
        for (const leaf of lexemeLeaves(node)) {
          const matched = this.evaluate(leaf, typos);
          if (!matched) return null;
          if (words) for (let d = 0; d < words.length; d++) words[d] = Math.min(words[d], matched[d]);
          else words = matched;
        }
        if (!words) return null;
        const { docs, length } = matches;
        for (let i = 0; i < length; i++) out[docs[i]] = words[docs[i]];
        return out;
      }
      default:
        return null;
    }
  }

  private withPrefix(prefix: string): string[] {
    if (!this.sortedLexemes)
      this.sortedLexemes = [...this.postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const sorted = this.sortedLexemes;
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

  /**
   * Finds, filters, counts and orders. Relevance sums, over the query's top-level words (the
   * operands of its outermost AND), the score of the strongest way each occurs (wordScore); ties,
   * and the other sorts, as in SQL (newest: updated_at DESC, id; title: lower(title), id).
   * Returns null when the query holds what the index cannot evaluate (see evaluate).
   */
  search(request: MemoryQuery): MemoryResult | null {
    const size = this.size;
    let words: Uint8Array[] = [];
    if (request.query) {
      const tops: TsNode[] = [];
      const collect = (node: TsNode): void => {
        if (node.op === "and") node.args.forEach(collect);
        else tops.push(node);
      };
      collect(request.query);
      for (const top of tops) {
        const matched = this.evaluate(top, request.typoLexemes ?? new Set());
        if (!matched) return null;
        words.push(matched);
      }
      // The rarest word first: the loop below stops at its first zero.
      words = words.sort((a, b) => countNonZero(a) - countNonZero(b));
    }

    // Facet filters: a bit per filter group on the facet values it accepts.
    const groups = filterKeyGroups(request.filters);
    const accepts = new Uint16Array(this.facetNames.length);
    groups.forEach((keys, g) => {
      for (const key of keys) {
        const id = this.facetIds.get(key);
        if (id !== undefined) accepts[id] |= 1 << g;
      }
    });
    const required = (1 << groups.length) - 1;
    const year = request.filters?.year;
    const byYear = year !== undefined && Number.isInteger(year);

    const matches: number[] = [];
    const counts = new Uint32Array(this.facetNames.length);
    const score = request.query && request.sort === "relevance" ? new Float64Array(size) : null;
    const { alive, facetStart, facetCount, facetPool, startYear, endYear } = this;
    documents: for (let d = 0; d < size; d++) {
      if (!alive[d]) continue;
      for (const word of words) if (word[d] === 0) continue documents;
      const start = facetStart[d];
      const end = start + facetCount[d];
      if (required) {
        let bits = 0;
        for (let i = start; i < end; i++) bits |= accepts[facetPool[i]];
        if (bits !== required) continue;
      }
      if (
        byYear &&
        ((startYear[d] !== NO_YEAR && startYear[d] > year) || (endYear[d] !== NO_YEAR && endYear[d] < year))
      )
        continue;
      matches.push(d);
      for (let i = start; i < end; i++) counts[facetPool[i]]++;
      if (score) {
        let s = 0;
        for (const word of words) s += wordScore(word[d]);
        score[d] = s;
      }
    }

    const facets: Array<{ k: string; n: number }> = [];
    counts.forEach((n, id) => {
      if (n > 0) facets.push({ k: this.facetNames[id], n });
    });
    const compare = this.comparator(request.sort, score);
    const wanted = Math.min(matches.length, request.offset + request.limit);
    const top = firstInOrder(matches, wanted, compare);
    return { total: matches.length, facets, ids: top.slice(request.offset).map((d) => this.ids[d]) };
  }

  private comparator(sort: SearchSort, score: Float64Array | null): (a: number, b: number) => number {
    const { updatedAt, ids, titleKeys } = this;
    const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
    const newest = (a: number, b: number) => updatedAt[b] - updatedAt[a] || byId(a, b);
    if (sort === "title")
      return (a, b) => (titleKeys[a] < titleKeys[b] ? -1 : titleKeys[a] > titleKeys[b] ? 1 : byId(a, b));
    if (sort === "relevance" && score) return (a, b) => score[b] - score[a] || newest(a, b);
    return newest;
  }
}

function lexemeLeaves(node: TsNode): TsNode[] {
  if (node.op === "lexeme") return [node];
  if (node.op === "not") return lexemeLeaves(node.arg);
  return [...lexemeLeaves(node.args[0]), ...lexemeLeaves(node.args[1])];
}

function countNonZero(array: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < array.length; i++) if (array[i] !== 0) n++;
  return n;
}

/** The first `wanted` items in order: a bounded insertion for a page near the start, a full sort otherwise. */
function firstInOrder(items: number[], wanted: number, compare: (a: number, b: number) => number): number[] {
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
