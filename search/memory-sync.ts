import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema";
import type { SearchFilters, SearchSort } from "./engine";
import { alternative, hitJson } from "./embedded-query";
import { lexemeInfo, MemoryIndex, type MemoryDocument, type MemoryResult } from "./memory-index";
import { databaseFingerprint, encodeSnapshot, readSnapshot, snapshotPath, writeSnapshot } from "./memory-snapshot";
import { SYNONYM_GROUPS, tokenize } from "./text";
import { parseTsQuery, phraseNodes, readQuoted, tsNodeKey, type TsNode } from "./tsquery";

// Loading the in-memory index (memory-index.ts) from search_documents and keeping it in step
// through search_changes (0012), one per database per process.

/**
 * Up to this many documents the first search waits for the index to load (well under a second);
 * above, it loads in the background.
 */
export const LOAD_BEFORE_ANSWERING_MAX = 20_000;
/** More changed documents than this since the index's generation: load everything again (in the background). */
const CATCH_UP_MAX = 5_000;
/** Replaced or deleted documents keep their postings until the next load: load again above this share. */
const RELOAD_DEAD_SHARE = 0.3;
const BATCH = 2_000;
const RETRY_AFTER_MS = 60_000;
/**
 * A snapshot is written after every full load and again once the index has moved this many
 * generations past the last one (search_changes keeps 1,000: an older snapshot means a full load).
 */
const SNAPSHOT_EVERY = 500;

type DocumentRow = {
  id: string;
  us: number;
  title_key: string;
  start_year: number | null;
  end_year: number | null;
  facet_keys: string[];
  tsv: string;
  phrases: string[] | null;
};

/** PostgreSQL's text form of a tsvector ('word':1A,5 'other':3C) as lexemes with their info bytes. */
export function parseTsVector(text: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === " ") {
      i++;
      continue;
    }
    if (text[i] !== "'") throw new Error(`tsvector: unexpected ${JSON.stringify(text[i])} at ${i}`);
    let lexeme: string;
    [lexeme, i] = readQuoted(text, i);
    let occurrences = 0;
    let strongest = 0;
    if (text[i] === ":") {
      i++;
      while (i < text.length && text[i] !== " ") {
        const ch = text[i];
        if (ch === ",") occurrences++;
        else if (ch === "A") strongest = 3;
        else if (ch === "B") strongest = Math.max(strongest, 2);
        else if (ch === "C") strongest = Math.max(strongest, 1);
        i++;
      }
      occurrences++;
    }
    out.push([lexeme, lexemeInfo(strongest, Math.max(1, occurrences))]);
  }
  return out;
}

function toDocument(row: DocumentRow): MemoryDocument {
  return {
    id: row.id,
    updatedAt: Number(row.us),
    titleKey: row.title_key,
    startYear: row.start_year,
    endYear: row.end_year,
    facetKeys: row.facet_keys,
    lexemes: parseTsVector(row.tsv),
    phrases: row.phrases ?? [],
  };
}

const documentColumns = sql`d.id, (extract(epoch FROM d.updated_at) * 1000000)::float8 AS us,
  lower(d.title) AS title_key,
  d.start_year, d.end_year, d.facet_keys, d.tsv::text AS tsv`;

/**
 * The phrases a query can hold: the engine builds phrases only from multi-word synonyms
 * (SYNONYM_GROUPS), so their matches are known ahead and kept per document.
 */
export async function synonymPhraseKeys(db: Kysely<Database>): Promise<string[]> {
  // As written (synonyms) and as a query's words (tokenized): both reach alternative() (see groupQuery).
  const members = [...new Set(SYNONYM_GROUPS.flat().flatMap((m) => [m, tokenize(m, 20).join(" ")]))].filter((m) =>
    /[^\p{L}\p{N}]/u.test(m),
  );
  if (members.length === 0) return [];
  const { rows } = await sql<{ q: string }>`
    SELECT q::text AS q FROM (VALUES ${sql.join(members.map((m) => sql`(${alternative(m)})`))}) AS v(q)
  `.execute(db);
  const keys = new Set<string>();
  for (const { q } of rows) {
    const tree = parseTsQuery(q);
    if (tree) for (const node of phraseNodes(tree)) keys.add(tsNodeKey(node));
  }
  return [...keys].sort();
}

async function indexState(db: Kysely<Database>): Promise<{ generation: number; changesSince: number }> {
  const { rows } = await sql<{
    generation: string;
    changes_since: string;
  }>`SELECT generation, changes_since FROM search_index_state WHERE id = 1`.execute(db);
  return { generation: Number(rows[0].generation), changesSince: Number(rows[0].changes_since) };
}

/**
 * Loads every document, in batches (each its own short statement, so other work is not held up).
 * The index reflects the generation read before the first batch: whatever changed after it is in
 * search_changes and is applied again by the next catch-up.
 */
export async function loadMemoryIndex(db: Kysely<Database>, onProgress?: (done: number) => void): Promise<MemoryIndex> {
  const keys = await synonymPhraseKeys(db);
  const { generation } = await indexState(db);
  const index = new MemoryIndex(keys);
  let after = "";
  for (;;) {
    const { rows } = await sql<DocumentRow>`
      SELECT ${documentColumns}, NULL::text[] AS phrases
      FROM search_documents d WHERE d.id > ${after} ORDER BY d.id LIMIT ${BATCH}
    `.execute(db);
    for (const row of rows) index.put(toDocument(row));
    onProgress?.(index.documents);
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1].id;
  }
  for (const key of keys) {
    // The GIN index finds the phrase's candidates; without it the planner would test every document.
    const ids = await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('enable_seqscan', 'off', true)`.execute(trx);
      const { rows } = await sql<{
        id: string;
      }>`SELECT d.id FROM search_documents d WHERE d.tsv @@ ${key}::tsquery`.execute(trx);
      return rows.map((r) => r.id);
    });
    for (const id of ids) index.addPhraseMatch(id, key);
  }
  index.generation = generation;
  return index;
}

/**
 * Brings the index to `generation` from inside the caller's transaction (its snapshot shows that
 * generation). False when it cannot: the log no longer holds what it needs, or too much changed.
 */
async function catchUp(
  trx: Kysely<Database>,
  index: MemoryIndex,
  generation: number,
  changesSince: number,
): Promise<boolean> {
  if (index.generation < changesSince) return false;
  // BIGINT generations are strings in the typed tables; node-postgres sends a number as the same text.
  const changed = await trx
    .selectFrom("search_changes")
    .select("id")
    .distinct()
    .where("generation", ">", String(index.generation))
    .where("generation", "<=", String(generation))
    .execute();
  if (changed.length > CATCH_UP_MAX) return false;
  const ids = changed.map((r) => r.id);
  const { rows } = ids.length
    ? await sql<DocumentRow>`
        SELECT ${documentColumns},
          ARRAY(SELECT k FROM unnest(${index.phraseKeys}::text[]) AS k WHERE d.tsv @@ k::tsquery) AS phrases
        FROM search_documents d WHERE d.id = ANY(${ids}::text[])
      `.execute(trx)
    : { rows: [] as DocumentRow[] };
  const found = new Set(rows.map((r) => r.id));
  for (const id of ids) if (!found.has(id)) index.remove(id);
  for (const row of rows) index.put(toDocument(row));
  index.generation = generation;
  return true;
}

/**
 * The index from the snapshot in `directory`, brought to the database's current generation through
 * search_changes; null when there is none for this database, it is unreadable, the log no longer
 * reaches back to it, or it disagrees with the database's document count (then a full load follows).
 */
export async function restoreMemoryIndex(db: Kysely<Database>, directory: string): Promise<MemoryIndex | null> {
  const fingerprint = await databaseFingerprint(db, await synonymPhraseKeys(db));
  const index = await readSnapshot(snapshotPath(directory, fingerprint), fingerprint);
  if (!index) return null;
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const { generation, changesSince } = await indexState(trx);
      if (index.generation > generation || !(await catchUp(trx, index, generation, changesSince))) return null;
      const { rows } = await sql<{ n: string }>`
        SELECT coalesce(sum(n), 0) AS n FROM search_facet_counts WHERE key LIKE 'type:%'
      `.execute(trx);
      return Number(rows[0].n) === index.documents ? index : null;
    });
}

/** Writes the index's snapshot into `directory` (see memory-snapshot.ts). */
export async function saveMemoryIndex(db: Kysely<Database>, index: MemoryIndex, directory: string): Promise<void> {
  const fingerprint = await databaseFingerprint(db, index.phraseKeys);
  // Encoded at once (the index may change after the next await): a consistent copy of one generation.
  await writeSnapshot(snapshotPath(directory, fingerprint), encodeSnapshot(index.toParts(), fingerprint));
}

/** Lexemes of the query that only its typo corrections brought in: their matches rank below exact ones. */
function typoOnlyLexemes(query: TsNode | null, exact: TsNode | null): Set<string> {
  const all = new Set(query ? lexemes(query) : []);
  if (exact) for (const lexeme of lexemes(exact)) all.delete(lexeme);
  return exact ? all : new Set();
}

function lexemes(node: TsNode): string[] {
  if (node.op === "lexeme") return [node.lexeme];
  if (node.op === "not") return lexemes(node.arg);
  return [...lexemes(node.args[0]), ...lexemes(node.args[1])];
}

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
  async answer<Hit>(
    trx: Kysely<Database>,
    search: {
      tsquery: RawBuilder<unknown> | null;
      exact: RawBuilder<unknown> | null;
      filters?: SearchFilters;
      sort: SearchSort;
      offset: number;
      pageSize: number;
    },
  ): Promise<{ facets: Array<{ k: string; n: number }>; hits: Hit[] } | null> {
    if (this.state !== "ready") return null;
    const { tsquery } = search;
    const { rows } = await sql<{ generation: string; changes_since: string; q: string | null; exact: string | null }>`
      SELECT generation, changes_since, ${tsquery ? sql`(${tsquery})::text` : sql`NULL::text`} AS q,
        ${search.exact ? sql`(${search.exact})::text` : sql`NULL::text`} AS exact
      FROM search_index_state WHERE id = 1
    `.execute(trx);
    let found: MemoryResult | null = null;
    try {
      const index = await this.at(trx, Number(rows[0].generation), Number(rows[0].changes_since));
      const parsed = rows[0].q ? parseTsQuery(rows[0].q) : null;
      // An empty tsquery (PostgreSQL dropped every word) matches nothing in SQL: left to SQL.
      const typoLexemes = typoOnlyLexemes(parsed, rows[0].exact ? parseTsQuery(rows[0].exact) : null);
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
    const page = await sql<{ hits: Hit[] }>`
      SELECT coalesce(json_agg(${hitJson(tsquery)} ORDER BY p.ord), '[]'::json) AS hits
      FROM unnest(${found.ids}::text[]) WITH ORDINALITY AS p(id, ord) JOIN search_documents d ON d.id = p.id
    `.execute(trx);
    this.answered++;
    return { facets: found.facets, hits: page.rows[0].hits };
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
    const { rows } = await sql<{
      n: string;
    }>`SELECT coalesce(sum(n), 0) AS n FROM search_facet_counts WHERE key LIKE 'type:%'`.execute(this.db);
    const load = this.reload();
    if (Number(rows[0].n) <= LOAD_BEFORE_ANSWERING_MAX) await load;
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
