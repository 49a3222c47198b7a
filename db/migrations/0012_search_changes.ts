import { sql, type Kysely } from "kysely";

// Frozen in time: which documents each index generation changed, so that a process holding the
// embedded engine's in-memory index (search/memory-index.ts) can catch up with a few writes instead
// of reloading 200,000 documents. The statement triggers of 0010 already bump the generation under
// a row lock held until commit, so generations commit in order: a reader whose snapshot shows
// generation G sees every change of every generation up to G.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE search_changes (generation bigint NOT NULL, id text NOT NULL)`.execute(db);
  await sql`CREATE INDEX search_changes_generation_idx ON search_changes (generation)`.execute(db);
  // The log holds every change of the generations after changes_since; older ones are pruned, and a
  // reader that is further behind loads everything again.
  await sql`ALTER TABLE search_index_state ADD COLUMN changes_since bigint`.execute(db);
  await sql`UPDATE search_index_state SET changes_since = generation`.execute(db);
  await sql`ALTER TABLE search_index_state ALTER COLUMN changes_since SET NOT NULL`.execute(db);

  // Bumps the generation and returns it; every 100 generations, forgets those older than 1,000 (a process
  // further behind loads again).
  await sql`
    CREATE FUNCTION search_next_generation() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE g bigint;
    BEGIN
      UPDATE search_index_state SET generation = generation + 1 WHERE id = 1 RETURNING generation INTO g;
      IF g % 100 = 0 THEN
        DELETE FROM search_changes WHERE generation <= g - 1000;
        UPDATE search_index_state SET changes_since = greatest(changes_since, g - 1000) WHERE id = 1;
      END IF;
      RETURN g;
    END $$
  `.execute(db);
  await replaceTriggerFunctions(db, {
    declare: "DECLARE g bigint := search_next_generation();",
    insert: "INSERT INTO search_changes (generation, id) SELECT g, id FROM new_rows;",
    delete: "INSERT INTO search_changes (generation, id) SELECT g, id FROM old_rows;",
    update: "INSERT INTO search_changes (generation, id) SELECT g, id FROM new_rows UNION SELECT g, id FROM old_rows;",
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to 0010's trigger bodies.
  const bump = "UPDATE search_index_state SET generation = generation + 1 WHERE id = 1;";
  await replaceTriggerFunctions(db, { declare: "", insert: bump, delete: bump, update: bump });
  await sql`DROP FUNCTION IF EXISTS search_next_generation()`.execute(db);
  await sql`ALTER TABLE search_index_state DROP COLUMN IF EXISTS changes_since`.execute(db);
  await db.schema.dropTable("search_changes").ifExists().execute();
}

/** 0010's three trigger functions (facet counts kept by statement), each with a first statement of its own. */
async function replaceTriggerFunctions(
  db: Kysely<any>,
  first: { declare: string; insert: string; delete: string; update: string },
): Promise<void> {
  const counts = {
    insert: "SELECT k, count(*) FROM new_rows, unnest(new_rows.facet_keys) AS k GROUP BY k ORDER BY k",
    delete: "SELECT k, -count(*) FROM old_rows, unnest(old_rows.facet_keys) AS k GROUP BY k ORDER BY k",
    update: `SELECT k, sum(delta) FROM (
        SELECT k, 1 AS delta FROM new_rows, unnest(new_rows.facet_keys) AS k
        UNION ALL
        SELECT k, -1 AS delta FROM old_rows, unnest(old_rows.facet_keys) AS k
      ) d GROUP BY k HAVING sum(delta) <> 0 ORDER BY k`,
  };
  for (const event of ["insert", "delete", "update"] as const) {
    await sql`
      CREATE OR REPLACE FUNCTION ${sql.raw(`search_facet_counts_${event}`)}() RETURNS trigger LANGUAGE plpgsql AS $$
      ${sql.raw(first.declare)}
      BEGIN
        ${sql.raw(first[event])}
        INSERT INTO search_facet_counts AS c (key, n)
        ${sql.raw(counts[event])}
        ON CONFLICT (key) DO UPDATE SET n = c.n + EXCLUDED.n;
        RETURN NULL;
      END $$
    `.execute(db);
  }
}
