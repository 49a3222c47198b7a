import type { Kysely, RawBuilder } from "kysely";
import type { Database } from "../db/schema";
import type { HitRow } from "./embedded-results";
import type { SearchFilters, SearchSort } from "./engine";
import { pageHits, queryState, typoOnlyLexemes } from "./memory-answer";
import type { MemoryIndex, MemoryResult } from "./memory-index";
import { catchUp, indexedDocuments, loadMemoryIndex, restoreMemoryIndex, saveMemoryIndex } from "./memory-load";
import { parseTsQuery } from "./tsquery";

// Keeping the in-memory index (memory-index.ts) of each database in step, one per database per
// process (MemorySearch): when to load (a small index before answering, a large one in the
// background), from a snapshot or in full, when to catch up through search_changes (0012), to
// reload or to write a snapshot, and answering a search from it. How to load and catch up is
// memory-load.ts; what an answer reads from PostgreSQL, memory-answer.ts.

export { parseTsVector } from "./memory-documents";
export { loadMemoryIndex, restoreMemoryIndex, saveMemoryIndex, synonymPhraseKeys } from "./memory-load";

/**
 * Up to this many documents the first search waits for the index to load (well under a second);
 * above, it loads in the background.
 */
export const LOAD_BEFORE_ANSWERING_MAX = 20_000;
/** Replaced or deleted documents keep their postings until the next load: load again above this share. */
const RELOAD_DEAD_SHARE = 0.3;
const RETRY_AFTER_MS = 60_000;
/**
 * A snapshot is written after every full load and again once the index has moved this many
 * generations past the last one (search_changes keeps 1,000: an older snapshot means a full load).
 */
const SNAPSHOT_EVERY = 500;

/** The search MemorySearch.answer() is asked, as the SQL path's plan holds it (embedded-plan.ts). */
type MemoryAnswerRequest = {
  tsquery: RawBuilder<unknown> | null;
  exact: RawBuilder<unknown> | null;
  filters?: SearchFilters;
  sort: SearchSort;
  offset: number;
  pageSize: number;
};

/** One database's in-memory index in this process: loading, reloading, catching up. */
export class MemorySearch {
  private index: MemoryIndex | null = null;
  private loading: Promise<void> | null = null;
  private catching: Promise<boolean> | null = null;
  /** The last load's failure, for /healthz; the engine answers from SQL meanwhile. */
  lastError: string | null = null;
  private failedAt: number | null = null;
  /** Searches this index answered (the rest were answered from SQL). */
  answered = 0;

  /** Where snapshots of the index are kept (null: none, every start loads in full). */
  snapshots: string | null = null;
  /** How the current index came to be (tests and the benchmark). */
  source: "full load" | "snapshot" | null = null;
  private savedGeneration = -1;
  private saving: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  get state(): "empty" | "loading" | "ready" {
    return this.index ? "ready" : this.loading ? "loading" : "empty";
  }

  /** Records a failure to load or catch up; SQL answers until a later load succeeds. */
  failed(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.failedAt = Date.now();
  }

  /**
   * A search answered by the index, when it is loaded and at the snapshot's generation: matches,
   * facet counts and order from memory, the page's rows (with ts_headline) from PostgreSQL in the
   * caller's transaction. Null when SQL must answer; a fault of the index never fails a search.
   */
  async answer(
    trx: Kysely<Database>,
    search: MemoryAnswerRequest,
  ): Promise<{ facets: Array<{ k: string; n: number }>; hits: HitRow[] } | null> {
    if (this.state !== "ready") return null;
    const { tsquery } = search;
    const state = await queryState(trx, tsquery, search.exact);
    let found: MemoryResult | null = null;
    try {
      const index = await this.at(trx, Number(state.generation), Number(state.changes_since));
      const parsed = state.q ? parseTsQuery(state.q) : null;
      // An empty tsquery (PostgreSQL dropped every word) matches nothing in SQL: left to SQL.
      const typoLexemes = typoOnlyLexemes(parsed, state.exact ? parseTsQuery(state.exact) : null);
      if (index && (!tsquery || parsed))
        found = index.search({
          query: parsed,
          typoLexemes,
          filters: search.filters,
          sort: search.sort,
          offset: search.offset,
          limit: search.pageSize,
        });
    } catch (error) {
      this.failed(error);
    }
    if (!found) return null;
    const hits = await pageHits(trx, tsquery, found.ids);
    this.answered++;
    return { facets: found.facets, hits };
  }

  /** Its state in words, for /healthz. */
  describe(): string {
    const failure = this.lastError ? ` (last failure: ${this.lastError})` : "";
    if (this.index)
      return (
        `ready: ${this.index.documents} documents at generation ${this.index.generation}` +
        `${this.loading ? ", reloading" : ""}${failure}`
      );
    return `${this.loading ? "loading" : "not loaded"}; answering from SQL${failure}`;
  }

  /** Loads the index if there is none: waits for a small one, starts a large one in the background. */
  async prepare(): Promise<void> {
    if (this.index || this.loading) return;
    // After a failed load, SQL answers for a while before the next attempt.
    if (this.failedAt !== null && Date.now() - this.failedAt < RETRY_AFTER_MS) return;
    const documents = await indexedDocuments(this.db);
    const load = this.reload();
    if (documents <= LOAD_BEFORE_ANSWERING_MAX) await load;
  }

  /** Waits for a load in progress (benchmarks measure the index, not its loading). */
  async ready(): Promise<void> {
    await this.prepare();
    await this.loading;
  }

  /** A fresh load in the background; the current index (if any) serves until it is done. */
  reload(): Promise<void> {
    if (this.loading) return this.loading;
    const loading = this.load()
      .then(({ index, source }) => {
        // Never step back: a newer index (caught up meanwhile) stays until the fresh one catches up.
        const stale = this.index && this.index.deadShare >= RELOAD_DEAD_SHARE;
        if (!this.index || this.index.generation <= index.generation || stale) {
          this.index = index;
          this.source = source;
        }
        this.lastError = null;
        this.failedAt = null;
      })
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    this.loading = loading;
    return loading;
  }

  /**
   * From the snapshot when there is a usable one, otherwise in full (and then a snapshot is written).
   * Only a first load tries the snapshot: a reload (an index grown stale with dead documents, or too
   * far behind) is a full one.
   */
  private async load(): Promise<{ index: MemoryIndex; source: "full load" | "snapshot" }> {
    const directory = this.snapshots;
    if (directory && !this.index) {
      const restored = await restoreMemoryIndex(this.db, directory).catch(() => null);
      if (restored) {
        this.savedGeneration = restored.generation;
        return { index: restored, source: "snapshot" };
      }
    }
    const index = await loadMemoryIndex(this.db);
    this.save(index);
    return { index, source: "full load" };
  }

  /** Writes a snapshot of the loaded index now (the benchmark); nothing when none is loaded or snapshots are off. */
  async snapshotNow(): Promise<void> {
    if (this.index) await this.save(this.index);
  }

  /** Waits for a snapshot being written, if any (tests, the benchmark). */
  async snapshotWritten(): Promise<void> {
    await this.saving;
  }

  /**
   * Writes a snapshot in the background (if snapshots are on and none is being written); a failure
   * only costs the next start a full load.
   */
  save(index: MemoryIndex): Promise<void> | null {
    const directory = this.snapshots;
    if (!directory || this.saving || index.deadShare >= RELOAD_DEAD_SHARE) return this.saving;
    const generation = index.generation;
    const saving = saveMemoryIndex(this.db, index, directory)
      .then(() => {
        this.savedGeneration = generation;
      })
      .catch((error: unknown) => {
        this.lastError = `snapshot not written: ${error instanceof Error ? error.message : String(error)}`;
      })
      .finally(() => {
        if (this.saving === saving) this.saving = null;
      });
    this.saving = saving;
    return saving;
  }

  /**
   * The index at exactly `generation` (the caller's snapshot), caught up through the caller's
   * transaction if behind; null if it is not loaded, is ahead of the snapshot, or cannot catch up
   * (then a reload starts, and the caller answers from SQL).
   */
  async at(trx: Kysely<Database>, generation: number, changesSince: number): Promise<MemoryIndex | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const index = this.index;
      if (!index) return null;
      if (index.generation === generation) {
        if (index.deadShare >= RELOAD_DEAD_SHARE) void this.reload();
        else if (generation - this.savedGeneration >= SNAPSHOT_EVERY) void this.save(index);
        return index;
      }
      if (index.generation > generation) return null;
      if (this.catching) {
        await this.catching;
        continue;
      }
      const catching = catchUp(trx, index, generation, changesSince).finally(() => {
        this.catching = null;
      });
      this.catching = catching;
      if (!(await catching)) {
        void this.reload();
        return null;
      }
    }
    return this.index?.generation === generation ? this.index : null;
  }
}

const byDatabase = new WeakMap<Kysely<Database>, MemorySearch>();

/** The in-memory index of a database, shared by every engine of this process on it. */
export function memorySearchFor(db: Kysely<Database>, options: { snapshots?: string | null } = {}): MemorySearch {
  let memory = byDatabase.get(db);
  if (!memory) {
    memory = new MemorySearch(db);
    byDatabase.set(db, memory);
  }
  if (options.snapshots !== undefined) memory.snapshots = options.snapshots;
  return memory;
}
