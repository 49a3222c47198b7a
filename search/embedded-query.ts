import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../db/rows";
import type { Database, SearchTermsTable } from "../db/schema";
import type { SearchFilters, SearchSort } from "./engine";
import { groupQuery, MARK_END, MARK_START, tokenize } from "./text";
import { Vocabulary } from "./typos";

// SQL building blocks of the embedded engine: how a query string becomes a tsquery, how filters
// become WHERE clauses, and how one hit is rendered (with ts_headline) as JSON.

/** The last query word also matches as a prefix (search as you type) from this length on. */
const PREFIX_MIN_LENGTH = 4;

interface WordInfo {
  word: string;
  /** The word as the vocabulary holds it (unaccented). */
  plain: string;
  stop: boolean;
  corrections: string[];
}

/** A search_terms row, seq::text: both drivers give the BIGINT as text (its type's string). */
const TermRow = z.object({ term: column.text, seq: column.bigint }) satisfies z.ZodType<
  Pick<Selectable<SearchTermsTable>, "term" | "seq">
>;

/** A query word as describeWords() reads it, with the vocabulary's first and last seq (as text). */
const WordRow = z.object({
  word: column.text,
  plain: column.text,
  stop: column.bool,
  first_seq: column.bigint.nullable(),
  last_seq: column.bigint.nullable(),
});

type VocabularyState = { vocabulary: Vocabulary; firstSeq: string | null; lastSeq: string | null };
const vocabularies = new WeakMap<Kysely<Database>, { state: VocabularyState; syncing: Promise<void> | null }>();

/**
 * The vocabulary of a database in this process, brought up to the given seqs of search_terms:
 * words only ever arrive (with a higher seq), so only the new ones are read; a new first seq means
 * the table was emptied (clear()), and the vocabulary is read again.
 */
async function vocabularyAt(
  db: Kysely<Database>,
  firstSeq: string | null,
  lastSeq: string | null,
): Promise<Vocabulary> {
  let entry = vocabularies.get(db);
  if (!entry)
    vocabularies.set(
      db,
      (entry = { state: { vocabulary: new Vocabulary(), firstSeq: null, lastSeq: null }, syncing: null }),
    );
  const current = entry;
  const seq = (value: string | null) => BigInt(value ?? 0);
  const upToDate = () => current.state.firstSeq === firstSeq && seq(current.state.lastSeq) >= seq(lastSeq);
  while (!upToDate()) {
    if (!current.syncing) {
      current.syncing = (async () => {
        const fresh = current.state.firstSeq !== firstSeq;
        const state = fresh ? { vocabulary: new Vocabulary(), firstSeq, lastSeq: null } : { ...current.state };
        // Raw SQL: seq::text, so that both drivers give the BIGINT as text (its type's string).
        const rows = await rawRows(
          db,
          "embeddedQuery.vocabularyAt",
          TermRow,
          sql`SELECT term, seq::text AS seq FROM search_terms WHERE seq > ${state.lastSeq ?? "0"}::bigint ORDER BY seq`,
        );
        for (const row of rows) state.vocabulary.add(row.term);
        const read = rows.length > 0 ? rows[rows.length - 1].seq : null;
        state.lastSeq = seq(read) > seq(lastSeq) ? read : lastSeq;
        current.state = state;
      })().finally(() => {
        current.syncing = null;
      });
    }
    await current.syncing;
  }
  return current.state.vocabulary;
}

/**
 * One round trip that tells, for each query word, whether it is a stop word (in English or
 * Russian) and how the vocabulary spells it; its typo corrections are then found in memory
 * (typos.ts), among the vocabulary's words.
 */
async function describeWords(
  db: Kysely<Database>,
  words: string[],
  options: { typos: boolean },
): Promise<Map<string, WordInfo>> {
  // Raw SQL: PostgreSQL's own stop words (numnode of plainto_tsquery) for every word in one round trip.
  const rows = await rawRows(
    db,
    "embeddedQuery.describeWords",
    WordRow,
    sql`
    SELECT w.word, adam_unaccent(w.word) AS plain,
      (numnode(plainto_tsquery('english', adam_unaccent(w.word))) = 0
        OR numnode(plainto_tsquery('russian', adam_unaccent(w.word))) = 0) AS stop,
      (SELECT min(seq)::text FROM search_terms) AS first_seq, (SELECT max(seq)::text FROM search_terms) AS last_seq
    FROM unnest(${words}::text[]) AS w(word)
  `,
  );
  const vocabulary =
    options.typos && rows.length > 0 ? await vocabularyAt(db, rows[0].first_seq, rows[0].last_seq) : null;
  return new Map(
    rows.map((r) => [
      r.word,
      {
        word: r.word,
        plain: r.plain,
        stop: r.stop,
        corrections: vocabulary && !r.stop ? vocabulary.corrections(r.plain) : [],
      },
    ]),
  );
}

/** A word or phrase in all three configurations: stemmed English, stemmed Russian, and as written. */
export function alternative(text: string): RawBuilder<unknown> {
  return sql`(phraseto_tsquery('english', adam_unaccent(${text}::text))
    || phraseto_tsquery('russian', adam_unaccent(${text}::text))
    || phraseto_tsquery('simple', adam_unaccent(${text}::text)))`;
}

function prefixAlternative(word: string): RawBuilder<unknown> {
  // The word holds letters and digits only (tokenize), so quoting it cannot break the tsquery syntax.
  return sql`to_tsquery('simple', quote_literal(adam_unaccent(${word}::text)) || ':*')`;
}

/** A search box's query: every alternative, and the same without typo corrections (to rank exact matches first). */
export interface BuiltQuery {
  tsquery: RawBuilder<unknown>;
  /** Null when no word has a correction: then every match is exact. */
  exact: RawBuilder<unknown> | null;
}

/**
 * The tsquery for a search box: every word (or synonym phrase) must match, in any of the three
 * configurations, or through a typo correction or a synonym. Returns null when there is no text.
 * Built from constants only, so the planner folds it before choosing the GIN index.
 */
export async function buildTsQuery(
  db: Kysely<Database>,
  q: string | undefined,
  options: { prefix?: boolean } = {},
): Promise<BuiltQuery | null> {
  const words = tokenize(q ?? "");
  if (words.length === 0) return null;
  const info = await describeWords(db, [...new Set(words)], { typos: true });
  const groups = groupQuery(words);
  const allStop = groups.every((g) => g.words.length === 1 && g.synonyms.length === 0 && info.get(g.words[0])?.stop);
  const parts: RawBuilder<unknown>[] = [];
  const exactParts: RawBuilder<unknown>[] = [];
  let corrected = false;
  const push = (exact: RawBuilder<unknown>[], typos: RawBuilder<unknown>[] = []) => {
    exactParts.push(sql`(${sql.join(exact, sql` || `)})`);
    parts.push(sql`(${sql.join([...exact, ...typos], sql` || `)})`);
    if (typos.length > 0) corrected = true;
  };
  groups.forEach((group, index) => {
    const isLast = index === groups.length - 1;
    if (group.words.length > 1 || group.synonyms.length > 0) {
      push([group.words.join(" "), ...group.synonyms].map(alternative));
      return;
    }
    const word = group.words[0];
    const about = info.get(word);
    if (about?.stop) {
      // A stop word is dropped, as the stemmers do, unless the query holds nothing else.
      if (allStop) push([sql`phraseto_tsquery('simple', adam_unaccent(${word}::text))`]);
      return;
    }
    const exact = [alternative(word)];
    if (options.prefix && isLast && word.length >= PREFIX_MIN_LENGTH) exact.push(prefixAlternative(word));
    push(exact, (about?.corrections ?? []).map(alternative));
  });
  if (parts.length === 0) return null;
  return {
    tsquery: sql`(${sql.join(parts, sql` && `)})`,
    exact: corrected ? sql`(${sql.join(exactParts, sql` && `)})` : null,
  };
}

/** Any of the words: used by similar(), where a record's own text is the query. */
export async function buildAnyWordQuery(db: Kysely<Database>, text: string): Promise<RawBuilder<unknown> | null> {
  const words = [...new Set(tokenize(text, 40).filter((w) => w.length >= 3 && !/^\d+$/.test(w)))].slice(0, 24);
  if (words.length === 0) return null;
  const info = await describeWords(db, words, { typos: false });
  const useful = words.filter((w) => !info.get(w)?.stop);
  if (useful.length === 0) return null;
  return sql`(${sql.join(useful.map(alternative), sql` || `)})`;
}

/** WHERE conditions for the filters (always at least `true`). */
export function filterConditions(filters: SearchFilters = {}): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`true`];
  const nonEmpty = <T>(values: T[] | undefined): values is T[] => Array.isArray(values) && values.length > 0;
  if (nonEmpty(filters.type)) where.push(sql`d.type = ANY(${filters.type}::text[])`);
  if (nonEmpty(filters.pillar)) where.push(sql`d.pillars && ${filters.pillar}::text[]`);
  if (nonEmpty(filters.capacityArea)) where.push(sql`d.capacity_areas && ${filters.capacityArea}::text[]`);
  if (nonEmpty(filters.country)) where.push(sql`d.countries && ${filters.country.map((c) => c.toUpperCase())}::text[]`);
  if (nonEmpty(filters.route)) where.push(sql`d.routes && ${filters.route}::text[]`);
  if (nonEmpty(filters.status)) where.push(sql`d.status = ANY(${filters.status}::text[])`);
  if (nonEmpty(filters.priority)) where.push(sql`d.priority = ANY(${filters.priority}::text[])`);
  if (nonEmpty(filters.organization))
    where.push(sql`d.organization_id = ANY(${filters.organization.map(Number)}::int[])`);
  if (filters.year !== undefined && Number.isInteger(filters.year)) {
    where.push(
      sql`(d.start_year IS NULL OR d.start_year <= ${filters.year}::int)
        AND (d.end_year IS NULL OR d.end_year >= ${filters.year}::int)`,
    );
  }
  return where;
}

/** ORDER BY over the `matched` columns (rank, updated_at, title, id). */
export function orderBy(sort: SearchSort, alias: string): RawBuilder<unknown> {
  const a = sql.raw(alias);
  if (sort === "newest") return sql`${a}.updated_at DESC, ${a}.id`;
  if (sort === "title") return sql`lower(${a}.title), ${a}.id`;
  return sql`${a}.rank DESC, ${a}.updated_at DESC, ${a}.id`;
}

const HEADLINE_TITLE = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const HEADLINE_SNIPPET =
  `MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … ", ` +
  `StartSel=${MARK_START}, StopSel=${MARK_END}`;

/**
 * One hit as JSON, from the search_documents row `d`; with a query, title and snippet come
 * through ts_headline in the record's own language (matches marked with control characters that
 * the caller turns into escaped HTML).
 */
export function hitJson(query: RawBuilder<unknown> | null): RawBuilder<unknown> {
  const config = sql`(CASE d.language WHEN 'ru' THEN 'russian' ELSE 'english' END)::regconfig`;
  const title = query ? sql`ts_headline(${config}, d.title, ${query}, ${HEADLINE_TITLE})` : sql`d.title`;
  const snippet = query ? sql`ts_headline(${config}, d.body, ${query}, ${HEADLINE_SNIPPET})` : sql`left(d.body, 400)`;
  return sql`json_build_object(
    'id', d.id, 'type', d.type, 'recordId', d.record_id, 'title', d.title, 'text', d.body, 'language', d.language,
    'pillars', d.pillars, 'capacityAreas', d.capacity_areas, 'countries', d.countries, 'routes', d.routes,
    'status', d.status, 'priority', d.priority, 'organizationId', d.organization_id,
    'organizationName', d.organization_name,
    'startDate', d.start_date::text, 'endDate', d.end_date::text, 'startYear', d.start_year, 'endYear', d.end_year,
    'amount', d.amount::text, 'currency', d.currency::text, 'updatedAt', d.updated_at,
    'hlTitle', ${title}, 'hlSnippet', ${snippet})`;
}
