import { sql, type Selectable } from "kysely";
import { z } from "zod";
import { column } from "../db/rows";
import type { SearchDocumentsTable } from "../db/schema";
import type { MemoryDocument } from "./memory-index-types";
import { lexemeInfo } from "./memory-ranking";
import { readQuoted } from "./tsquery";

// A search_documents row as the in-memory index reads it (the columns, the tsvector as text) and
// its translation into a MemoryDocument: the tsvector's text form parsed into lexemes with their
// info bytes. Shared by the full load and the catch-up (memory-load.ts).

/**
 * Raw SQL (documentColumns): updated_at in microseconds and the tsvector's text form, which
 * Kysely's builder would only give as untyped expressions. Checked, not converted (db/rows.ts): the
 * full load reads up to 100,000 of these.
 */
export const DocumentRow = z.object({
  id: column.text,
  us: column.float,
  title_key: column.text,
  start_year: column.int.nullable(),
  end_year: column.int.nullable(),
  facet_keys: column.textArray,
  tsv: column.text,
  phrases: column.textArray.nullable(),
}) satisfies z.ZodType<Pick<Selectable<SearchDocumentsTable>, "id" | "start_year" | "end_year" | "facet_keys">>;
export type DocumentRow = z.infer<typeof DocumentRow>;

/** The columns of a DocumentRow but `phrases`, from search_documents `d`. */
export const documentColumns = sql`d.id, (extract(epoch FROM d.updated_at) * 1000000)::float8 AS us,
  lower(d.title) AS title_key,
  d.start_year, d.end_year, d.facet_keys, d.tsv::text AS tsv`;

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

export function toDocument(row: DocumentRow): MemoryDocument {
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
