import { sql, type Kysely } from "kysely";

// Frozen in time: what the embedded engine needs for Meilisearch's typo rules and for finding a
// record by the names of its facets.
// - search_terms.seq: words only ever arrive, so a process holding the vocabulary in memory
//   (search/typos.ts) reads just the words past the last seq it saw.
// - search_documents.facet_text: the names of the record's countries (and their common forms),
//   routes and capacity areas in English and Russian, searched at weight D (below title,
//   organization and text). The 'russian' configuration stems Cyrillic words in Russian and Latin
//   ones in English, so one configuration serves both languages.
const vector = (column: string, weight: string, configs: string[]) =>
  configs
    .map(
      (config) => `setweight(to_tsvector('${config}'::regconfig, adam_unaccent(coalesce(${column}, ''))), '${weight}')`,
    )
    .join(" || ");
const TEXT = ["english", "russian", "simple"];

async function replaceTsv(db: Kysely<any>, expression: string): Promise<void> {
  await sql`DROP INDEX IF EXISTS search_documents_tsv_idx`.execute(db);
  await sql`ALTER TABLE search_documents DROP COLUMN tsv`.execute(db);
  await sql`
    ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (${sql.raw(expression)}) STORED
  `.execute(db);
  await sql`CREATE INDEX search_documents_tsv_idx ON search_documents USING gin (tsv)`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_terms ADD COLUMN seq bigserial NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX search_terms_seq_idx ON search_terms (seq)`.execute(db);
  // Typo candidates are no longer found by trigram similarity.
  await sql`DROP INDEX IF EXISTS search_terms_trgm_idx`.execute(db);

  await sql`ALTER TABLE search_documents ADD COLUMN facet_text text NOT NULL DEFAULT ''`.execute(db);
  await replaceTsv(
    db,
    [
      vector("title", "A", TEXT),
      vector("organization_name", "B", TEXT),
      vector("body", "C", TEXT),
      vector("facet_text", "D", ["russian"]),
    ].join(" || "),
  );
  // Every record is indexed again in the background, so that its facet names become searchable.
  await sql`
    INSERT INTO search_outbox (entity_type, entity_id)
    SELECT 'project', id FROM projects UNION ALL SELECT 'need', id FROM needs
    ON CONFLICT (entity_type, entity_id) DO UPDATE SET seq = DEFAULT, enqueued_at = now(), claimed_until = NULL
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await replaceTsv(
    db,
    `${vector("title", "A", TEXT)} || ${vector("organization_name", "B", TEXT)} || ${vector("body", "C", TEXT)}`,
  );
  await sql`ALTER TABLE search_documents DROP COLUMN facet_text`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS search_terms_trgm_idx ON search_terms USING gin (term gin_trgm_ops)`.execute(db);
  await sql`ALTER TABLE search_terms DROP COLUMN seq`.execute(db);
}
