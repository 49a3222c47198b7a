import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { inTransaction } from "../app/utils/transaction.server";
import { column, rawRows } from "../db/rows";
import type { Database } from "../db/schema";
import { alternative } from "./embedded-query";
import { documentColumns, DocumentRow, toDocument } from "./memory-documents";
import { MemoryIndex } from "./memory-index";
import { databaseFingerprint, encodeSnapshot, readSnapshot, snapshotPath, writeSnapshot } from "./memory-snapshot";
import { SYNONYM_GROUPS, tokenize } from "./text";
import { parseTsQuery, phraseNodes, tsNodeKey } from "./tsquery";

// Building an in-memory index from the database: the full load in batches, the catch-up through
// search_changes (0012), and the snapshot's restore and save (memory-snapshot.ts). What the
// index should do when (MemorySearch, memory-sync.ts) is decided elsewhere; this file only reads.

/** More changed documents than this since the index's generation: load everything again (in the background). */
const CATCH_UP_MAX = 5_000;
const BATCH = 2_000;

/** A synonym's tsquery as PostgreSQL prints it. */
const PhraseQueryRow = z.object({ q: column.text });

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
  // Raw SQL: PostgreSQL builds each member's tsquery (alternative()) over a VALUES list; no table is read.
  const rows = await rawRows(
    db,
    "memoryLoad.synonymPhraseKeys",
    PhraseQueryRow,
    sql`SELECT q::text AS q FROM (VALUES ${sql.join(members.map((m) => sql`(${alternative(m)})`))}) AS v(q)`,
  );
  const keys = new Set<string>();
  for (const { q } of rows) {
    const tree = parseTsQuery(q);
    if (tree) for (const node of phraseNodes(tree)) keys.add(tsNodeKey(node));
  }
  return [...keys].sort();
}

async function indexState(db: Kysely<Database>): Promise<{ generation: number; changesSince: number }> {
  const state = await db
    .selectFrom("search_index_state")
    .select(["generation", "changes_since"])
    .where("id", "=", sql.lit(1))
    .executeTakeFirstOrThrow();
  return { generation: Number(state.generation), changesSince: Number(state.changes_since) };
}

/** The number of indexed documents: the sum of the 'type:' facet counts (every document has one). */
export async function indexedDocuments(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom("search_facet_counts")
    .select((eb) => eb.fn.coalesce(eb.fn.sum("n"), sql.lit(0)).as("n"))
    .where("key", "like", sql.lit("type:%"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * The documents matching a phrase. The GIN index finds the candidates; without it the planner
 * would test every document. The setting is local to a transaction: `db` is the app's database
 * (the full load runs outside any transaction), so inTransaction opens one for this query alone.
 */
async function phraseMatches(db: Kysely<Database>, key: string): Promise<string[]> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT set_config('enable_seqscan', 'off', true)`.execute(trx);
    const rows = await trx
      .selectFrom("search_documents as d")
      .select("d.id")
      .where(sql<boolean>`d.tsv @@ ${key}::tsquery`)
      .execute();
    return rows.map((r) => r.id);
  });
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
    // Raw SQL: the columns of documentColumns (see DocumentRow).
    const rows = await rawRows(
      db,
      "memoryLoad.loadMemoryIndex",
      DocumentRow,
      sql`
      SELECT ${documentColumns}, NULL::text[] AS phrases
      FROM search_documents d WHERE d.id > ${after} ORDER BY d.id LIMIT ${BATCH}
    `,
    );
    for (const row of rows) index.put(toDocument(row));
    onProgress?.(index.documents);
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1].id;
  }
  for (const key of keys) for (const id of await phraseMatches(db, key)) index.addPhraseMatch(id, key);
  index.generation = generation;
  return index;
}

/**
 * Brings the index to `generation` from inside the caller's transaction (its snapshot shows that
 * generation). False when it cannot: the log no longer holds what it needs, or too much changed.
 */
export async function catchUp(
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
  // Raw SQL: the columns of documentColumns, and each precomputed phrase tested on the row's tsvector.
  const rows = ids.length
    ? await rawRows(
        trx,
        "memoryLoad.catchUp",
        DocumentRow,
        sql`
        SELECT ${documentColumns},
          ARRAY(SELECT k FROM unnest(${index.phraseKeys}::text[]) AS k WHERE d.tsv @@ k::tsquery) AS phrases
        FROM search_documents d WHERE d.id = ANY(${ids}::text[])
      `,
      )
    : [];
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
      return (await indexedDocuments(trx)) === index.documents ? index : null;
    });
}

/** Writes the index's snapshot into `directory` (see memory-snapshot.ts). */
export async function saveMemoryIndex(db: Kysely<Database>, index: MemoryIndex, directory: string): Promise<void> {
  const fingerprint = await databaseFingerprint(db, index.phraseKeys);
  // Encoded at once (the index may change after the next await): a consistent copy of one generation.
  await writeSnapshot(snapshotPath(directory, fingerprint), encodeSnapshot(index.toParts(), fingerprint));
}
