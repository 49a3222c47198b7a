import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import { rawRows } from "../db/rows";
import type { Database, SearchIndexStateTable } from "../db/schema";
import { hitJson } from "./embedded-query";
import { HitsRow, type HitRow } from "./embedded-results";
import type { TsNode } from "./tsquery";

// What the in-memory index needs from PostgreSQL to answer a search in the caller's snapshot
// (MemorySearch.answer, memory-sync.ts): the index's generation with the query's tsqueries as
// PostgreSQL built them, which lexemes only typo corrections brought in, and the page's rows.

/** search_index_state's generation and log start, with the query's tsqueries as PostgreSQL prints them. */
type QueryState = Pick<Selectable<SearchIndexStateTable>, "generation" | "changes_since"> & {
  q: string | null;
  exact: string | null;
};

/** The index's generation and log start as the snapshot sees them, with the query's tsqueries as text. */
export async function queryState(
  trx: Kysely<Database>,
  tsquery: RawBuilder<unknown> | null,
  exact: RawBuilder<unknown> | null,
): Promise<QueryState> {
  const asText = (query: RawBuilder<unknown> | null) =>
    query ? sql<string | null>`(${query})::text` : sql<string | null>`NULL::text`;
  return trx
    .selectFrom("search_index_state")
    .select(["generation", "changes_since", asText(tsquery).as("q"), asText(exact).as("exact")])
    .where("id", "=", sql.lit(1))
    .executeTakeFirstOrThrow();
}

/**
 * The page's documents rendered by hitJson() (with ts_headline), in the order of `ids`. Raw SQL:
 * json_agg over unnest WITH ORDINALITY, which Kysely's builder has no typed form for.
 */
export async function pageHits(
  trx: Kysely<Database>,
  tsquery: RawBuilder<unknown> | null,
  ids: string[],
): Promise<HitRow[]> {
  const rows = await rawRows(
    trx,
    "memoryAnswer.pageHits",
    HitsRow,
    sql`
    SELECT coalesce(json_agg(${hitJson(tsquery)} ORDER BY p.ord), '[]'::json) AS hits
    FROM unnest(${ids}::text[]) WITH ORDINALITY AS p(id, ord) JOIN search_documents d ON d.id = p.id
  `,
  );
  return rows[0].hits;
}

function lexemes(node: TsNode): string[] {
  if (node.op === "lexeme") return [node.lexeme];
  if (node.op === "not") return lexemes(node.arg);
  return [...lexemes(node.args[0]), ...lexemes(node.args[1])];
}

/** Lexemes of the query that only its typo corrections brought in: their matches rank below exact ones. */
export function typoOnlyLexemes(query: TsNode | null, exact: TsNode | null): Set<string> {
  const all = new Set(query ? lexemes(query) : []);
  if (exact) for (const lexeme of lexemes(exact)) all.delete(lexeme);
  return exact ? all : new Set();
}
