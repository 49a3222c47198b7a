import { sql, type Kysely } from "kysely";

// Frozen in time: the embedded search engine's tables and the outbox that keeps any engine in step.
// Everything here runs on PostgreSQL 15 (the CI server) as well as on PGlite (PostgreSQL 18).
export async function up(db: Kysely<any>): Promise<void> {
  // unaccent() is only STABLE (its dictionary could change), so it cannot feed a generated column or
  // an index. We pin the dictionary and declare the wrapper IMMUTABLE, the documented workaround.
  await sql`
    CREATE OR REPLACE FUNCTION adam_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
  `.execute(db);

  // One weighted tsvector in three configurations: English and Russian stemming (content is stored
  // in the language it was written in and searched across both) and 'simple' for names, acronyms
  // and words neither stemmer knows. Title A, organization B, body C.
  const vector = (column: string, weight: string) =>
    ["english", "russian", "simple"]
      .map(
        (config) =>
          `setweight(to_tsvector('${config}'::regconfig, adam_unaccent(coalesce(${column}, ''))), '${weight}')`,
      )
      .join(" || ");

  await sql`
    CREATE TABLE search_documents (
      id text PRIMARY KEY,
      type text NOT NULL CHECK (type IN ('project', 'need')),
      record_id integer NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      language text NOT NULL CHECK (language IN ('en', 'ru')),
      pillars text[] NOT NULL DEFAULT '{}',
      capacity_areas text[] NOT NULL DEFAULT '{}',
      countries text[] NOT NULL DEFAULT '{}',
      routes text[] NOT NULL DEFAULT '{}',
      status text NOT NULL,
      priority text,
      organization_id integer NOT NULL,
      organization_name text NOT NULL,
      start_date date,
      end_date date,
      start_year integer,
      end_year integer,
      amount numeric(18, 2),
      currency char(3),
      updated_at timestamptz NOT NULL,
      -- Every facet value of the record as 'facet:value', so one pass over the matches counts all facets.
      facet_keys text[] NOT NULL DEFAULT '{}',
      indexed_at timestamptz NOT NULL DEFAULT now(),
      tsv tsvector GENERATED ALWAYS AS (
        ${sql.raw([vector("title", "A"), vector("organization_name", "B"), vector("body", "C")].join(" || "))}
      ) STORED,
      UNIQUE (type, record_id)
    )
  `.execute(db);
  await sql`CREATE INDEX search_documents_tsv_idx ON search_documents USING gin (tsv)`.execute(db);
  // Array filters (a project has several pillars, countries...) use && on GIN indexes.
  for (const column of ["pillars", "capacity_areas", "countries", "routes"]) {
    await sql`
      CREATE INDEX ${sql.raw(`search_documents_${column}_idx`)} ON search_documents USING gin (${sql.raw(column)})
    `.execute(db);
  }
  await sql`CREATE INDEX search_documents_type_status_idx ON search_documents (type, status)`.execute(db);
  await sql`CREATE INDEX search_documents_organization_idx ON search_documents (organization_id)`.execute(db);
  // Browsing without a query sorts by newest or title: these keep the first page an index scan.
  await sql`CREATE INDEX search_documents_updated_idx ON search_documents (updated_at DESC, id)`.execute(db);
  await sql`CREATE INDEX search_documents_title_idx ON search_documents (lower(title), id)`.execute(db);

  // The vocabulary of indexed words (unaccented, lower case). A misspelt query word is corrected to
  // its nearest words by trigram similarity here: a small table, so the typo lookup stays fast at
  // any number of documents. Words are never removed: a stale word only widens a query slightly.
  await sql`CREATE TABLE search_terms (term text PRIMARY KEY)`.execute(db);
  await sql`CREATE INDEX search_terms_trgm_idx ON search_terms USING gin (term gin_trgm_ops)`.execute(db);

  // The outbox: a domain write records here, in its own transaction, which record must be
  // reindexed. One row per record (repeated writes coalesce); seq changes on every enqueue so the
  // worker deletes a row only if nobody enqueued it again while it was being indexed.
  await sql`
    CREATE TABLE search_outbox (
      entity_type text NOT NULL CHECK (entity_type IN ('project', 'need')),
      entity_id integer NOT NULL,
      seq bigserial NOT NULL,
      enqueued_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      last_attempt_at timestamptz,
      PRIMARY KEY (entity_type, entity_id)
    )
  `.execute(db);
  await sql`CREATE INDEX search_outbox_seq_idx ON search_outbox (seq)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_outbox").ifExists().execute();
  await db.schema.dropTable("search_terms").ifExists().execute();
  await db.schema.dropTable("search_documents").ifExists().execute();
  await sql`DROP FUNCTION IF EXISTS adam_unaccent(text)`.execute(db);
}
