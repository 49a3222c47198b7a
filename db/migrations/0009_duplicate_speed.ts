import { sql, type Kysely } from "kysely";

// Frozen in time: what the duplicate check compares, stored once per project. Each project's text
// ("title summary") is kept as its pg_trgm trigram set: show_trgm's elements read back as the
// 3-byte trigrams pg_trgm compares (an ASCII trigram is printed as its three characters, any other
// as "0x" and the hex of its three bytes), sorted, 3 bytes each. Counting the trigrams two such
// sets share gives exactly pg_trgm's similarity() without extracting the trigrams again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION dup_trigram_set(t text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT coalesce(string_agg(substr(int4send(k), 2), ''::bytea ORDER BY k), ''::bytea)
      FROM (SELECT CASE WHEN length(g) = 3
                        THEN (ascii(substr(g, 1, 1)) << 16) | (ascii(substr(g, 2, 1)) << 8) | ascii(substr(g, 3, 1))
                        ELSE ('x' || lpad(substr(g, 3), 8, '0'))::bit(32)::int END AS k
            FROM unnest(show_trgm(t)) AS g) AS s
    $$`.execute(db);

  await sql`
    CREATE TABLE project_dup_trigrams (
      project_id integer PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
      trigrams bytea NOT NULL
    )`.execute(db);
  await sql`
    INSERT INTO project_dup_trigrams (project_id, trigrams)
    SELECT id, dup_trigram_set(title || ' ' || summary) FROM projects`.execute(db);

  // Kept by triggers: set-based for inserts (bulk imports), per row for a changed title or summary.
  await sql`
    CREATE FUNCTION project_dup_trigrams_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO project_dup_trigrams (project_id, trigrams)
      SELECT id, dup_trigram_set(title || ' ' || summary) FROM new_projects
      ON CONFLICT (project_id) DO UPDATE SET trigrams = excluded.trigrams;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER projects_dup_trigrams_insert AFTER INSERT ON projects
    REFERENCING NEW TABLE AS new_projects FOR EACH STATEMENT EXECUTE FUNCTION project_dup_trigrams_insert()`.execute(
    db,
  );
  await sql`
    CREATE FUNCTION project_dup_trigrams_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO project_dup_trigrams (project_id, trigrams)
      VALUES (NEW.id, dup_trigram_set(NEW.title || ' ' || NEW.summary))
      ON CONFLICT (project_id) DO UPDATE SET trigrams = excluded.trigrams;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER projects_dup_trigrams_update AFTER UPDATE OF title, summary ON projects
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary)
    EXECUTE FUNCTION project_dup_trigrams_update()`.execute(db);

  // The one-project scan finds the projects sharing a country and a pillar, with their status and
  // period, from project_gap_facts (0008) alone: an index-only scan instead of a look-up of every
  // project of the country.
  await sql`
    CREATE INDEX project_gap_facts_dup_idx ON project_gap_facts (country_iso3, pillar_code)
    INCLUDE (project_id, status, start_date, end_date)
  `.execute(db);

  // A full rescan writes millions of pairs: the two foreign keys to projects, checked row by row
  // (two locking look-ups per pair), cost more than everything else. The same guarantees, per
  // statement: the projects a statement's new pairs name must exist, and are locked against
  // deletion (FOR KEY SHARE, as the foreign keys did) until it commits; deleting a project
  // deletes its pairs (as ON DELETE CASCADE did).
  await sql`
    ALTER TABLE duplicate_pairs
      DROP CONSTRAINT duplicate_pairs_project_a_id_fkey,
      DROP CONSTRAINT duplicate_pairs_project_b_id_fkey
  `.execute(db);
  await sql`
    CREATE FUNCTION duplicate_pairs_check_projects() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      wanted integer[];
      found integer;
    BEGIN
      wanted := ARRAY(SELECT project_a_id FROM new_pairs UNION SELECT project_b_id FROM new_pairs);
      SELECT count(*) INTO found FROM (SELECT 1 FROM projects p WHERE p.id = ANY(wanted) FOR KEY SHARE OF p) AS locked;
      IF found <> cardinality(wanted) THEN
        RAISE EXCEPTION 'insert or update on table "duplicate_pairs" violates its reference to "projects"'
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER duplicate_pairs_projects_insert AFTER INSERT ON duplicate_pairs
    REFERENCING NEW TABLE AS new_pairs FOR EACH STATEMENT EXECUTE FUNCTION duplicate_pairs_check_projects()`.execute(
    db,
  );
  // Only a change of the projects a pair names needs the check (as for a foreign key).
  await sql`
    CREATE FUNCTION duplicate_pairs_check_changed_projects() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT count(*) FROM (
            SELECT 1 FROM projects p WHERE p.id IN (NEW.project_a_id, NEW.project_b_id) FOR KEY SHARE OF p
          ) AS locked) < 2 THEN
        RAISE EXCEPTION 'insert or update on table "duplicate_pairs" violates its reference to "projects"'
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER duplicate_pairs_projects_update AFTER UPDATE OF project_a_id, project_b_id ON duplicate_pairs
    FOR EACH ROW WHEN (OLD.project_a_id IS DISTINCT FROM NEW.project_a_id
                       OR OLD.project_b_id IS DISTINCT FROM NEW.project_b_id)
    EXECUTE FUNCTION duplicate_pairs_check_changed_projects()`.execute(db);
  await sql`
    CREATE FUNCTION projects_delete_duplicate_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM duplicate_pairs d USING old_projects o WHERE d.project_a_id = o.id;
      DELETE FROM duplicate_pairs d USING old_projects o WHERE d.project_b_id = o.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER projects_delete_duplicate_pairs AFTER DELETE ON projects
    REFERENCING OLD TABLE AS old_projects FOR EACH STATEMENT EXECUTE FUNCTION projects_delete_duplicate_pairs()
  `.execute(db);
  await sql`
    CREATE FUNCTION projects_keep_duplicate_pairs_ids() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM duplicate_pairs WHERE project_a_id = OLD.id OR project_b_id = OLD.id) THEN
        RAISE EXCEPTION 'update on table "projects" violates the reference from "duplicate_pairs"'
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER projects_keep_duplicate_pairs_ids AFTER UPDATE OF id ON projects
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION projects_keep_duplicate_pairs_ids()`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS project_gap_facts_dup_idx`.execute(db);
  await sql`DROP TRIGGER IF EXISTS projects_keep_duplicate_pairs_ids ON projects`.execute(db);
  await sql`DROP TRIGGER IF EXISTS projects_delete_duplicate_pairs ON projects`.execute(db);
  await sql`DROP TRIGGER IF EXISTS duplicate_pairs_projects_update ON duplicate_pairs`.execute(db);
  await sql`DROP TRIGGER IF EXISTS duplicate_pairs_projects_insert ON duplicate_pairs`.execute(db);
  await sql`DROP FUNCTION IF EXISTS projects_keep_duplicate_pairs_ids()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS projects_delete_duplicate_pairs()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS duplicate_pairs_check_changed_projects()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS duplicate_pairs_check_projects()`.execute(db);
  await sql`
    ALTER TABLE duplicate_pairs
      ADD CONSTRAINT duplicate_pairs_project_a_id_fkey
        FOREIGN KEY (project_a_id) REFERENCES projects(id) ON DELETE CASCADE,
      ADD CONSTRAINT duplicate_pairs_project_b_id_fkey
        FOREIGN KEY (project_b_id) REFERENCES projects(id) ON DELETE CASCADE
  `.execute(db);
  await sql`DROP TRIGGER IF EXISTS projects_dup_trigrams_update ON projects`.execute(db);
  await sql`DROP TRIGGER IF EXISTS projects_dup_trigrams_insert ON projects`.execute(db);
  await sql`DROP FUNCTION IF EXISTS project_dup_trigrams_update()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS project_dup_trigrams_insert()`.execute(db);
  await sql`DROP TABLE IF EXISTS project_dup_trigrams`.execute(db);
  await sql`DROP FUNCTION IF EXISTS dup_trigram_set(text)`.execute(db);
}
