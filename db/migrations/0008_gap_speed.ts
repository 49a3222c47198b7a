import { sql, type Kysely } from "kysely";

// Frozen in time: what the gap matrix reads, shaped so that it reads little (the budget, scripts/README.md: the full
// matrix under 200 ms with 100,000 projects and 100,000 needs).
export async function up(db: Kysely<any>): Promise<void> {
  // One row per project, beneficiary country and pillar: the projects' side of the matrix becomes
  // one scan of a narrow table instead of a three-way join. Kept by triggers, so every writer (the
  // app, scripts, bulk SQL) keeps it in step; a project's rows are rebuilt whenever the project's
  // countries, pillars, status, period or organization change.
  await sql`
    CREATE TABLE project_gap_facts (
      project_id integer NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      country_iso3 char(3) NOT NULL,
      pillar_code text NOT NULL,
      organization_id integer NOT NULL,
      status text NOT NULL,
      start_date date NOT NULL,
      end_date date,
      PRIMARY KEY (project_id, country_iso3, pillar_code)
    )
  `.execute(db);
  await sql`
    CREATE FUNCTION adam_refresh_project_gap_facts(pid integer) RETURNS void
    LANGUAGE sql AS $$
      DELETE FROM project_gap_facts WHERE project_id = pid;
      INSERT INTO project_gap_facts
        (project_id, country_iso3, pillar_code, organization_id, status, start_date, end_date)
      SELECT p.id, pc.country_iso3, pp.pillar_code, p.organization_id, p.status, p.start_date, p.end_date
      FROM projects p
      JOIN project_countries pc ON pc.project_id = p.id
      JOIN project_pillars pp ON pp.project_id = p.id
      WHERE p.id = pid;
    $$
  `.execute(db);
  await sql`
    CREATE FUNCTION adam_project_gap_facts_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'projects' THEN
        PERFORM adam_refresh_project_gap_facts(NEW.id);
      ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM adam_refresh_project_gap_facts(OLD.project_id); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM adam_refresh_project_gap_facts(NEW.project_id); END IF;
      END IF;
      RETURN NULL;
    END
    $$
  `.execute(db);
  // A new project has no countries or pillars yet, and a deleted one cascades: only updates matter.
  await sql`
    CREATE TRIGGER projects_gap_facts AFTER UPDATE OF organization_id, status, start_date, end_date ON projects
    FOR EACH ROW EXECUTE FUNCTION adam_project_gap_facts_trigger()
  `.execute(db);
  for (const table of ["project_countries", "project_pillars"]) {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_gap_facts`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.raw(table)}
      FOR EACH ROW EXECUTE FUNCTION adam_project_gap_facts_trigger()
    `.execute(db);
  }
  await sql`
    INSERT INTO project_gap_facts (project_id, country_iso3, pillar_code, organization_id, status, start_date, end_date)
    SELECT p.id, pc.country_iso3, pp.pillar_code, p.organization_id, p.status, p.start_date, p.end_date
    FROM projects p
    JOIN project_countries pc ON pc.project_id = p.id
    JOIN project_pillars pp ON pp.project_id = p.id
  `.execute(db);

  // The needs' side and the confirmed matches, read from indexes alone (index-only scans).
  await sql`
    CREATE INDEX needs_gap_idx ON needs (status)
    INCLUDE (id, country_iso3, pillar_code, priority, estimated_cost, currency, wanted_start, wanted_end)
  `.execute(db);
  await sql`
    CREATE INDEX matches_confirmed_idx ON matches (need_id) INCLUDE (amount, currency) WHERE status = 'confirmed'
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS matches_confirmed_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS needs_gap_idx`.execute(db);
  for (const table of ["projects", "project_countries", "project_pillars"]) {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${table}_gap_facts`)} ON ${sql.raw(table)}`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS adam_project_gap_facts_trigger()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS adam_refresh_project_gap_facts(integer)`.execute(db);
  await sql`DROP TABLE IF EXISTS project_gap_facts`.execute(db);
}
