import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema";
import type { SearchFilters, SearchSort } from "./engine";
import { groupQuery, MARK_END, MARK_START, tokenize } from "./text";

// SQL building blocks of the embedded engine: how a query string becomes a tsquery, how filters
// become WHERE clauses, and how one hit is rendered (with ts_headline) as JSON.

/** A corrected word must be at least this similar (pg_trgm similarity) to the misspelt one. */
const TYPO_SIMILARITY = 0.45;
/** The last query word also matches as a prefix (search as you type) from this length on. */
const PREFIX_MIN_LENGTH = 4;

interface WordInfo {
  word: string;
  stop: boolean;
  known: boolean;
  corrections: string[];
}

/**
 * One round trip that tells, for each query word, whether it is a stop word (in English or
 * Russian), whether the index has seen it, and which indexed words are near it (typos). The
 * trigram lookup uses the GIN index on the small vocabulary table; `%` relies on pg_trgm's default
 * threshold (0.3) only to use that index, and the explicit similarity() test decides.
 */
async function describeWords(db: Kysely<Database>, words: string[]): Promise<Map<string, WordInfo>> {
  const { rows } = await sql<WordInfo>`
    SELECT w.word,
      (numnode(plainto_tsquery('english', adam_unaccent(w.word))) = 0
        OR numnode(plainto_tsquery('russian', adam_unaccent(w.word))) = 0) AS stop,
      EXISTS (SELECT 1 FROM search_terms t WHERE t.term = adam_unaccent(w.word)) AS known,
      ARRAY(
        SELECT t.term FROM search_terms t
        WHERE length(w.word) >= 4 AND t.term % adam_unaccent(w.word)
          AND similarity(t.term, adam_unaccent(w.word)) >= ${TYPO_SIMILARITY}
          AND t.term <> adam_unaccent(w.word)
        ORDER BY similarity(t.term, adam_unaccent(w.word)) DESC, t.term
        LIMIT 3
      ) AS corrections
    FROM unnest(${words}::text[]) AS w(word)
  `.execute(db);
  return new Map(rows.map((r) => [r.word, r]));
}

/** A word or phrase in all three configurations: stemmed English, stemmed Russian, and as written. */
export function alternative(text: string): RawBuilder<unknown> {
  return sql`(phraseto_tsquery('english', adam_unaccent(${text}::text)) || phraseto_tsquery('russian', adam_unaccent(${text}::text)) || phraseto_tsquery('simple', adam_unaccent(${text}::text)))`;
}

function prefixAlternative(word: string): RawBuilder<unknown> {
  // The word holds letters and digits only (tokenize), so quoting it cannot break the tsquery syntax.
  return sql`to_tsquery('simple', quote_literal(adam_unaccent(${word}::text)) || ':*')`;
}

/**
 * The tsquery for a search box: every word (or synonym phrase) must match, in any of the three
 * configurations, or through a typo correction or a synonym. Returns null when there is no text.
 * Built from constants only, so the planner folds it before choosing the GIN index.
 */
export async function buildTsQuery(db: Kysely<Database>, q: string | undefined, options: { prefix?: boolean } = {}): Promise<RawBuilder<unknown> | null> {
  const words = tokenize(q ?? "");
  if (words.length === 0) return null;
  const info = await describeWords(db, [...new Set(words)]);
  const groups = groupQuery(words);
  const allStop = groups.every((g) => g.words.length === 1 && g.synonyms.length === 0 && info.get(g.words[0])?.stop);
  const parts: RawBuilder<unknown>[] = [];
  groups.forEach((group, index) => {
    const isLast = index === groups.length - 1;
    if (group.words.length > 1 || group.synonyms.length > 0) {
      parts.push(sql`(${sql.join([group.words.join(" "), ...group.synonyms].map(alternative), sql` || `)})`);
      return;
    }
    const word = group.words[0];
    const about = info.get(word);
    if (about?.stop) {
      // A stop word is dropped, as the stemmers do, unless the query holds nothing else.
      if (allStop) parts.push(sql`phraseto_tsquery('simple', adam_unaccent(${word}::text))`);
      return;
    }
    const alternatives = [alternative(word)];
    if (about && !about.known) alternatives.push(...about.corrections.map(alternative));
    if (options.prefix && isLast && word.length >= PREFIX_MIN_LENGTH) alternatives.push(prefixAlternative(word));
    parts.push(sql`(${sql.join(alternatives, sql` || `)})`);
  });
  if (parts.length === 0) return null;
  return sql`(${sql.join(parts, sql` && `)})`;
}

/** Any of the words: used by similar(), where a record's own text is the query. */
export async function buildAnyWordQuery(db: Kysely<Database>, text: string): Promise<RawBuilder<unknown> | null> {
  const words = [...new Set(tokenize(text, 40).filter((w) => w.length >= 3 && !/^\d+$/.test(w)))].slice(0, 24);
  if (words.length === 0) return null;
  const info = await describeWords(db, words);
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
  if (nonEmpty(filters.organization)) where.push(sql`d.organization_id = ANY(${filters.organization.map(Number)}::int[])`);
  if (filters.year !== undefined && Number.isInteger(filters.year)) {
    where.push(sql`(d.start_year IS NULL OR d.start_year <= ${filters.year}::int) AND (d.end_year IS NULL OR d.end_year >= ${filters.year}::int)`);
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
const HEADLINE_SNIPPET = `MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … ", StartSel=${MARK_START}, StopSel=${MARK_END}`;

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
    'status', d.status, 'priority', d.priority, 'organizationId', d.organization_id, 'organizationName', d.organization_name,
    'startDate', d.start_date::text, 'endDate', d.end_date::text, 'startYear', d.start_year, 'endYear', d.end_year,
    'amount', d.amount::text, 'currency', d.currency::text, 'updatedAt', d.updated_at,
    'hlTitle', ${title}, 'hlSnippet', ${snippet})`;
}
