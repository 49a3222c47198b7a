import { filterKeyGroups } from "./memory-filters";
import type { MemoryDocument, MemoryIndexParts, MemoryQuery, MemoryResult } from "./memory-index-types";
import { grow, Postings } from "./memory-postings";
import { evaluateQuery, lexemesWithPrefix, sortLexemes, type Lexicon } from "./memory-query-eval";
import { comparator, firstInOrder, lexemeInfo, wordScore } from "./memory-ranking";
import type { TsNode } from "./tsquery";

// The embedded engine's in-memory index: what PostgreSQL's GIN index and search_documents hold
// about each document (its lexemes, facet keys, dates and sort keys), kept in typed arrays so that
// a broad search — 100,000 matches at 100,000 projects + 100,000 needs — finds, filters, counts
// every facet and ranks its matches in a few milliseconds. PostgreSQL stays the source of truth:
// documents are stored, stemmed and highlighted there, and this index is loaded from it and kept
// in step through search_changes (memory-sync.ts). Nothing here touches the database. This file
// holds the index's arrays and its search; beside it: memory-index-types.ts (its shapes),
// memory-postings.ts (posting lists), memory-query-eval.ts (evaluating a query),
// memory-ranking.ts (relevance and order), memory-filters.ts (filters as facet keys).

export type { MemoryDocument, MemoryIndexParts, MemoryQuery, MemoryResult } from "./memory-index-types";
export { filterKeyGroups } from "./memory-filters";
export { lexemeInfo } from "./memory-ranking";

const NO_YEAR = -2_147_483_648;

/** A search's matches, their facet counts by facet id and (relevance sort) their scores by document number. */
type Scan = { matches: number[]; counts: Uint32Array; score: Float64Array | null };

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

  /** What evaluateQuery() reads of this index (a view, built per search: `size` changes with every put). */
  private lexicon(): Lexicon {
    return {
      size: this.size,
      postings: this.postings,
      phrasePostings: this.phrasePostings,
      withPrefix: (prefix) => {
        if (!this.sortedLexemes) this.sortedLexemes = sortLexemes(this.postings.keys());
        return lexemesWithPrefix(this.sortedLexemes, prefix);
      },
    };
  }

  /**
   * Finds, filters, counts and orders. Relevance sums, over the query's top-level words (the
   * operands of its outermost AND), the score of the strongest way each occurs (wordScore); ties,
   * and the other sorts, as in SQL (newest: updated_at DESC, id; title: lower(title), id).
   * Returns null when the query holds what the index cannot evaluate (see evaluate).
   */
  search(request: MemoryQuery): MemoryResult | null {
    const words = request.query ? this.queryWords(request.query, request.typoLexemes ?? new Set()) : [];
    if (!words) return null;
    const score = request.query && request.sort === "relevance" ? new Float64Array(this.size) : null;
    const { matches, counts } = this.scan(words, request, score);
    const facets: Array<{ k: string; n: number }> = [];
    counts.forEach((n, id) => {
      if (n > 0) facets.push({ k: this.facetNames[id], n });
    });
    const { updatedAt, ids, titleKeys } = this;
    const compare = comparator({ updatedAt, ids, titleKeys }, request.sort, score);
    const wanted = Math.min(matches.length, request.offset + request.limit);
    const top = firstInOrder(matches, wanted, compare);
    return { total: matches.length, facets, ids: top.slice(request.offset).map((d) => this.ids[d]) };
  }

  /** The matches of each top-level word, rarest first (the scan stops at its first zero); null: not evaluable. */
  private queryWords(query: TsNode, typos: ReadonlySet<string>): Uint8Array[] | null {
    const tops: TsNode[] = [];
    const collect = (node: TsNode): void => {
      if (node.op === "and") node.args.forEach(collect);
      else tops.push(node);
    };
    collect(query);
    const lexicon = this.lexicon();
    const words: Uint8Array[] = [];
    for (const top of tops) {
      const matched = evaluateQuery(lexicon, top, typos);
      if (!matched) return null;
      words.push(matched);
    }
    return words.sort((a, b) => countNonZero(a) - countNonZero(b));
  }

  /** Facet filters: a bit per filter group on the facet values it accepts, and the bits a match needs. */
  private facetAcceptance(request: MemoryQuery): { accepts: Uint16Array; required: number } {
    const groups = filterKeyGroups(request.filters);
    const accepts = new Uint16Array(this.facetNames.length);
    groups.forEach((keys, g) => {
      for (const key of keys) {
        const id = this.facetIds.get(key);
        if (id !== undefined) accepts[id] |= 1 << g;
      }
    });
    return { accepts, required: (1 << groups.length) - 1 };
  }

  /** One pass over the live documents: the matches, every facet's count and (`score` given) their scores. */
  private scan(words: Uint8Array[], request: MemoryQuery, score: Float64Array | null): Scan {
    const { accepts, required } = this.facetAcceptance(request);
    const year = request.filters?.year;
    const byYear = year !== undefined && Number.isInteger(year);
    const matches: number[] = [];
    const counts = new Uint32Array(this.facetNames.length);
    const { size, alive, facetStart, facetCount, facetPool, startYear, endYear } = this;
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
    return { matches, counts, score };
  }
}

function countNonZero(array: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < array.length; i++) if (array[i] !== 0) n++;
  return n;
}
