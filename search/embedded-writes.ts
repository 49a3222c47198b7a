import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { SearchDocument } from "./engine";

// The embedded engine's writes of documents: each document's row in search_documents (with its
// facet keys, which the facet counts and filters read) and its words in search_terms (the typo
// vocabulary). Raw SQL: one statement per batch from a JSON parameter (jsonb_to_recordset),
// whatever the batch's size, which Kysely's builder has no form for.

/** The facet keys of a document (search_documents.facet_keys): `type:need`, `country:TJK`, … */
export function facetKeys(doc: SearchDocument): string[] {
  const keys = [`type:${doc.type}`, `status:${doc.status}`, `organization:${doc.organizationId}`];
  if (doc.priority) keys.push(`priority:${doc.priority}`);
  for (const v of doc.pillars) keys.push(`pillar:${v}`);
  for (const v of doc.capacityAreas) keys.push(`capacityArea:${v}`);
  for (const v of doc.countries) keys.push(`country:${v.trim()}`);
  for (const v of doc.routes) keys.push(`route:${v}`);
  return keys;
}

/** Inserts or replaces the documents' rows; `rows` is the JSON of the documents with their facet keys. */
async function upsertDocuments(trx: Kysely<Database>, rows: string): Promise<void> {
  await sql`
    INSERT INTO search_documents AS s (id, type, record_id, title, body, language, pillars, capacity_areas,
      countries, routes, status, priority, organization_id, organization_name, start_date, end_date,
      start_year, end_year, amount, currency, updated_at, facet_keys, facet_text, indexed_at)
    SELECT d.id, d.type, d."recordId", d.title, d.text, d.language, d.pillars, d."capacityAreas", d.countries,
      d.routes, d.status, d.priority, d."organizationId", d."organizationName", d."startDate", d."endDate",
      d."startYear", d."endYear", d.amount, d.currency, d."updatedAt", d."facetKeys", d."facetText", now()
    FROM jsonb_to_recordset(${rows}::jsonb) AS d(id text, type text, "recordId" int, title text, text text,
      language text, pillars text[], "capacityAreas" text[], countries text[], routes text[], status text,
      priority text, "organizationId" int, "organizationName" text, "startDate" date, "endDate" date,
      "startYear" int, "endYear" int, amount numeric, currency text, "updatedAt" timestamptz,
      "facetKeys" text[], "facetText" text)
    ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, language = EXCLUDED.language,
      pillars = EXCLUDED.pillars, capacity_areas = EXCLUDED.capacity_areas, countries = EXCLUDED.countries,
      routes = EXCLUDED.routes, status = EXCLUDED.status, priority = EXCLUDED.priority,
      organization_id = EXCLUDED.organization_id, organization_name = EXCLUDED.organization_name,
      start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, start_year = EXCLUDED.start_year,
      end_year = EXCLUDED.end_year, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
      updated_at = EXCLUDED.updated_at, facet_keys = EXCLUDED.facet_keys,
      facet_text = EXCLUDED.facet_text, indexed_at = now()
  `.execute(trx);
}

/** The vocabulary for typo correction; sorted so that concurrent writers take locks in one order. */
async function addTerms(trx: Kysely<Database>, rows: string): Promise<void> {
  await sql`
    INSERT INTO search_terms (term)
    SELECT DISTINCT w
    FROM jsonb_to_recordset(${rows}::jsonb) AS d(title text, text text, "organizationName" text, "facetText" text),
      unnest(tsvector_to_array(to_tsvector('simple',
        adam_unaccent(concat_ws(' ', d.title, d."organizationName", d.text, d."facetText"))))) AS w
    WHERE length(w) BETWEEN 3 AND 40
    ORDER BY w
    ON CONFLICT (term) DO NOTHING
  `.execute(trx);
}

/** Writes the documents and their words, in the caller's transaction (both or neither). */
export async function writeDocuments(trx: Kysely<Database>, docs: SearchDocument[]): Promise<void> {
  const rows = JSON.stringify(
    docs.map((doc) => ({ ...doc, facetText: doc.facetText ?? "", facetKeys: facetKeys(doc) })),
  );
  await upsertDocuments(trx, rows);
  await addTerms(trx, rows);
}
