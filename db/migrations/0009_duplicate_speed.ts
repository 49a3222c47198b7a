import { sql, type Kysely } from "kysely";

// Frozen in time: each project's "title summary" trigrams as a sorted integer array, kept by a
// trigger, so that the duplicate check compares two texts with intarray's C intersection instead of
// extracting both texts' trigrams again for every pair (similarity()). The integers are pg_trgm's own
// trigrams (three bytes, as show_trgm prints them: the characters, or 0x and six hex digits for a
// compressed multibyte one), so shared / (|a| + |b| - shared) is exactly similarity().
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS intarray`.execute(db);
  await sql`
    CREATE FUNCTION dup_trigram_ids(t text) RETURNS int[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT v ORDER BY v), '{}')
      FROM (SELECT CASE WHEN length(g) = 8 AND left(g, 2) = '0x' THEN ('x' || substr(g, 3))::bit(24)::int
                        ELSE (ascii(substr(g, 1, 1)) << 16) | (ascii(substr(g, 2, 1)) << 8) | ascii(substr(g, 3, 1)) END AS v
            FROM unnest(show_trgm(t)) g) s
    $$`.execute(db);
  await sql`
    CREATE TABLE project_dup_trigrams (
      project_id integer PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
      trigrams integer[]
    )`.execute(db);
  await sql`INSERT INTO project_dup_trigrams (project_id, trigrams) SELECT id, dup_trigram_ids(title || ' ' || summary) FROM projects`.execute(db);
  await sql`
    CREATE FUNCTION project_dup_trigrams_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO project_dup_trigrams (project_id, trigrams) VALUES (NEW.id, dup_trigram_ids(NEW.title || ' ' || NEW.summary))
      ON CONFLICT (project_id) DO UPDATE SET trigrams = excluded.trigrams;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER projects_dup_trigrams_sync AFTER INSERT OR UPDATE OF title, summary ON projects
    FOR EACH ROW EXECUTE FUNCTION project_dup_trigrams_sync()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS projects_dup_trigrams_sync ON projects`.execute(db);
  await sql`DROP FUNCTION IF EXISTS project_dup_trigrams_sync()`.execute(db);
  await sql`DROP TABLE IF EXISTS project_dup_trigrams`.execute(db);
  await sql`DROP FUNCTION IF EXISTS dup_trigram_ids(text)`.execute(db);
}
