import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../db/rows";
import type { Database, SearchDocumentsTable } from "../db/schema";
import { SEARCH_LANGUAGES, type SearchDocument, type SearchRecordType, type SearchRef } from "./engine";
import aliases from "./facet-aliases.json";

// Builds SearchDocuments from the database. Each batch is one statement per record type: the
// pillars, areas, countries and routes come from correlated ARRAY() subqueries on indexed keys,
// so a batch of 1,000 projects costs one round trip, not 1,000.

/**
 * A record's row as projectDocuments()/needDocuments() read it: search_documents' columns under their
 * names, plus the text and the facets' names. Raw SQL there: correlated ARRAY() subqueries and
 * string_agg over the reference tables, one statement per batch (see above).
 */
const Row = z.object({
  record_id: column.int,
  title: column.text,
  language: z.enum(SEARCH_LANGUAGES),
  pillars: column.textArray,
  capacity_areas: column.textArray,
  countries: column.textArray,
  routes: column.textArray,
  status: column.text,
  priority: column.text.nullable(),
  organization_id: column.int,
  organization_name: column.text,
  start_date: column.date.nullable(),
  end_date: column.date.nullable(),
  amount: column.numeric.nullable(),
  currency: column.text.nullable(),
  updated_at: column.timestamp,
  text: column.text,
  facet_names: column.text.nullable(),
}) satisfies z.ZodType<
  Pick<
    Selectable<SearchDocumentsTable>,
    | "record_id"
    | "title"
    | "language"
    | "pillars"
    | "capacity_areas"
    | "countries"
    | "routes"
    | "status"
    | "priority"
    | "organization_id"
    | "organization_name"
    | "start_date"
    | "end_date"
    | "amount"
    | "currency"
    | "updated_at"
  >
>;
type Row = z.infer<typeof Row>;

/** A count's row: count(*) is an int8, so text (read also by scripts/bench-search.ts). */
export const CountRow = z.object({ n: column.bigint });

const countryAliases: Record<string, string[]> = aliases.countries;
const routeAliases: Record<string, string[]> = aliases.routes;

/** The facets' names from the reference tables, their common forms from facet-aliases.json. */
function facetText(row: Row): string {
  const forms = [
    row.facet_names ?? "",
    ...row.countries.flatMap((c) => countryAliases[c.trim()] ?? []),
    ...row.routes.flatMap((r) => routeAliases[r] ?? []),
  ];
  return [...new Set(forms.filter(Boolean))].join(" · ");
}

/** Names of countries, routes and capacity areas, both languages, as one text (SQL, given the arrays' expressions). */
function facetNames(
  countries: RawBuilder<unknown>,
  routes: RawBuilder<unknown>,
  areas: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`concat_ws(' · ',
    (SELECT string_agg(c.name_en || ' · ' || c.name_ru, ' · ' ORDER BY c.iso3)
       FROM countries c WHERE c.iso3 = ANY(${countries})),
    (SELECT string_agg(r.name_en || ' · ' || r.name_ru, ' · ' ORDER BY r.code)
       FROM routes r WHERE r.code = ANY(${routes})),
    (SELECT string_agg(a.name_en || ' · ' || a.name_ru, ' · ' ORDER BY a.code)
       FROM capacity_areas a WHERE a.code = ANY(${areas})))`;
}

function yearOf(date: string | null): number | null {
  return date ? Number(date.slice(0, 4)) : null;
}

function toDocument(type: SearchRecordType, row: Row): SearchDocument {
  return {
    id: `${type}:${row.record_id}`,
    type,
    recordId: row.record_id,
    title: row.title,
    text: row.text,
    language: row.language,
    pillars: row.pillars,
    capacityAreas: row.capacity_areas,
    countries: row.countries.map((c) => c.trim()),
    routes: row.routes,
    status: row.status,
    priority: row.priority,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    startDate: row.start_date,
    endDate: row.end_date,
    startYear: yearOf(row.start_date),
    endYear: yearOf(row.end_date),
    amount: row.amount,
    currency: row.currency?.trim() ?? null,
    updatedAt: new Date(row.updated_at).toISOString(),
    facetText: facetText(row),
  };
}

async function projectDocuments(db: Kysely<Database>, ids: number[]): Promise<SearchDocument[]> {
  if (ids.length === 0) return [];
  const rows = await rawRows(
    db,
    "documents.projectDocuments",
    Row,
    sql`
    SELECT x.*, ${facetNames(sql`x.countries`, sql`x.routes`, sql`x.capacity_areas`)} AS facet_names FROM (
    SELECT p.id AS record_id, p.title,
      concat_ws(E'\n\n', p.summary, nullif(p.description, '')) AS text,
      p.language,
      ARRAY(SELECT pp.pillar_code FROM project_pillars pp WHERE pp.project_id = p.id ORDER BY 1) AS pillars,
      ARRAY(SELECT pa.capacity_area_code FROM project_capacity_areas pa WHERE pa.project_id = p.id ORDER BY 1)
        AS capacity_areas,
      ARRAY(SELECT pc.country_iso3::text FROM project_countries pc WHERE pc.project_id = p.id ORDER BY 1) AS countries,
      ARRAY(SELECT DISTINCT rc.route_code FROM project_countries pc
            JOIN route_countries rc ON rc.country_iso3 = pc.country_iso3
            WHERE pc.project_id = p.id ORDER BY 1) AS routes,
      p.status, NULL::text AS priority, p.organization_id, o.name AS organization_name,
      p.start_date, p.end_date, p.budget AS amount, p.currency, p.updated_at
    FROM projects p JOIN organizations o ON o.id = p.organization_id
    WHERE p.id = ANY(${ids}::int[])
    ) x ORDER BY x.record_id
  `,
  );
  return rows.map((row) => toDocument("project", row));
}

async function needDocuments(db: Kysely<Database>, ids: number[]): Promise<SearchDocument[]> {
  if (ids.length === 0) return [];
  const rows = await rawRows(
    db,
    "documents.needDocuments",
    Row,
    sql`
    SELECT x.*, ${facetNames(sql`x.countries`, sql`x.routes`, sql`x.capacity_areas`)} AS facet_names FROM (
    SELECT n.id AS record_id, n.title, n.description AS text, n.language,
      ARRAY[n.pillar_code] AS pillars, ARRAY[n.capacity_area_code] AS capacity_areas,
      ARRAY[n.country_iso3::text] AS countries,
      ARRAY(SELECT rc.route_code FROM route_countries rc WHERE rc.country_iso3 = n.country_iso3 ORDER BY 1) AS routes,
      n.status, n.priority, n.organization_id, o.name AS organization_name,
      n.wanted_start AS start_date, n.wanted_end AS end_date, n.estimated_cost AS amount, n.currency, n.updated_at
    FROM needs n JOIN organizations o ON o.id = n.organization_id
    WHERE n.id = ANY(${ids}::int[])
    ) x ORDER BY x.record_id
  `,
  );
  return rows.map((row) => toDocument("need", row));
}

/**
 * Documents for the given records, in two statements at most. A record that no longer exists has
 * no document: the caller deletes it from the index (see `missing`).
 */
export async function buildSearchDocuments(
  db: Kysely<Database>,
  refs: SearchRef[],
): Promise<{ documents: SearchDocument[]; missing: SearchRef[] }> {
  const projectIds = [...new Set(refs.filter((r) => r.type === "project").map((r) => r.recordId))];
  const needIds = [...new Set(refs.filter((r) => r.type === "need").map((r) => r.recordId))];
  const [projects, needs] = await Promise.all([projectDocuments(db, projectIds), needDocuments(db, needIds)]);
  const documents = [...projects, ...needs];
  const found = new Set(documents.map((d) => d.id));
  const missing = refs.filter((r) => !found.has(`${r.type}:${r.recordId}`));
  return { documents, missing };
}

/** How many records a full reindex will go through. */
export async function countSearchableRecords(db: Kysely<Database>): Promise<number> {
  // Raw SQL: two tables' counts summed in one round trip; count(*) is a BIGINT, so text.
  const rows = await rawRows(
    db,
    "documents.countSearchableRecords",
    CountRow,
    sql`SELECT (SELECT count(*) FROM projects) + (SELECT count(*) FROM needs) AS n`,
  );
  return Number(rows[0].n);
}

/** Every record's document, in batches, by keyset pagination on the primary keys. */
export async function* allSearchDocuments(db: Kysely<Database>, batchSize = 1_000): AsyncGenerator<SearchDocument[]> {
  for (const type of ["project", "need"] as const) {
    const table = type === "project" ? "projects" : "needs";
    let after = 0;
    for (;;) {
      const ids = await db
        .selectFrom(table)
        .select("id")
        .where("id", ">", after)
        .orderBy("id")
        .limit(batchSize)
        .execute();
      if (ids.length === 0) break;
      after = ids[ids.length - 1].id;
      const list = ids.map((r) => r.id);
      yield type === "project" ? await projectDocuments(db, list) : await needDocuments(db, list);
    }
  }
}
