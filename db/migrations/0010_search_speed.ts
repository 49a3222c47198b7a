import { sql, type Kysely } from "kysely";

// Frozen in time: what keeps broad searches fast (the budget, scripts/README.md: a faceted search under 50 ms at p95
// with 100,000 projects and 100,000 needs). Runs on PostgreSQL 15 and on PGlite (PostgreSQL 18).
export async function up(db: Kysely<any>): Promise<void> {
  // The facet counts of the whole index ('facet:value' -> number of documents), kept in step with
  // search_documents by statement-level triggers: browsing without a query or filter (the home of
  // the search page) reads them instead of counting 200,000 documents. A count may reach 0 and stay
  // as a row (readers skip it); deleting it could race with a concurrent writer.
  await sql`CREATE TABLE search_facet_counts (key text PRIMARY KEY, n integer NOT NULL)`.execute(db);
  await sql`
    INSERT INTO search_facet_counts (key, n)
    SELECT k, count(*) FROM search_documents, unnest(facet_keys) AS k GROUP BY k
  `.execute(db);

  // The index's generation: any change to search_documents bumps it (same triggers), which
  // invalidates every cached facet count of a search (search_facet_cache), computed at an older one.
  await sql`
    CREATE TABLE search_index_state (id integer PRIMARY KEY CHECK (id = 1), generation bigint NOT NULL)
  `.execute(db);
  await sql`INSERT INTO search_index_state (id, generation) VALUES (1, 0)`.execute(db);
  // Facet counts (and so the total) of a search, by the query's words and filters, valid while the
  // generation is unchanged: a broad search would otherwise count tens of thousands of matches (hundreds
  // of milliseconds) again for every page.
  await sql`
    CREATE TABLE search_facet_cache (
      key text PRIMARY KEY,
      generation bigint NOT NULL,
      facets jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  // One function per event: each sees its own transition tables. Each first bumps the generation,
  // which locks its one row until the writer commits: writers to search_documents take the counter
  // rows one writer at a time, whatever keys and however many statements, so they cannot deadlock
  // on them (and deltas are applied in key order besides).
  await sql`
    CREATE FUNCTION search_facet_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE search_index_state SET generation = generation + 1 WHERE id = 1;
      INSERT INTO search_facet_counts AS c (key, n)
      SELECT k, count(*) FROM new_rows, unnest(new_rows.facet_keys) AS k GROUP BY k ORDER BY k
      ON CONFLICT (key) DO UPDATE SET n = c.n + EXCLUDED.n;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE FUNCTION search_facet_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE search_index_state SET generation = generation + 1 WHERE id = 1;
      INSERT INTO search_facet_counts AS c (key, n)
      SELECT k, -count(*) FROM old_rows, unnest(old_rows.facet_keys) AS k GROUP BY k ORDER BY k
      ON CONFLICT (key) DO UPDATE SET n = c.n + EXCLUDED.n;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE FUNCTION search_facet_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE search_index_state SET generation = generation + 1 WHERE id = 1;
      INSERT INTO search_facet_counts AS c (key, n)
      SELECT k, sum(delta) FROM (
        SELECT k, 1 AS delta FROM new_rows, unnest(new_rows.facet_keys) AS k
        UNION ALL
        SELECT k, -1 AS delta FROM old_rows, unnest(old_rows.facet_keys) AS k
      ) d GROUP BY k HAVING sum(delta) <> 0 ORDER BY k
      ON CONFLICT (key) DO UPDATE SET n = c.n + EXCLUDED.n;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER search_facet_counts_insert AFTER INSERT ON search_documents
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facet_counts_insert()
  `.execute(db);
  await sql`
    CREATE TRIGGER search_facet_counts_delete AFTER DELETE ON search_documents
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facet_counts_delete()
  `.execute(db);
  await sql`
    CREATE TRIGGER search_facet_counts_update AFTER UPDATE ON search_documents
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_facet_counts_update()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const event of ["insert", "delete", "update"]) {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(`search_facet_counts_${event}`)} ON search_documents`.execute(db);
    await sql`DROP FUNCTION IF EXISTS ${sql.raw(`search_facet_counts_${event}`)}()`.execute(db);
  }
  await db.schema.dropTable("search_facet_cache").ifExists().execute();
  await db.schema.dropTable("search_index_state").ifExists().execute();
  await db.schema.dropTable("search_facet_counts").ifExists().execute();
}
