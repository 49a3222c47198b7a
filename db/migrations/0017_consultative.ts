import { sql, type Kysely } from "kysely";

// Frozen in time: the consultative mechanism. Meetings came from reference data (0001); they now
// carry a version so coordinators can edit them safely. Recommendations belong to a meeting
// (number unique within it), are endorsed by a named PCG meeting or superseded by a later one,
// and needs and projects cite them through link tables. A need's old free-text `recommendation`
// stays as written until someone links it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE meetings ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE meetings ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`.execute(db);
  await sql`
    CREATE TABLE recommendations (
      id serial PRIMARY KEY,
      meeting_id integer NOT NULL REFERENCES meetings(id),
      number integer NOT NULL CHECK (number > 0),
      pillar_code text NOT NULL REFERENCES pillars(code),
      text_en text NOT NULL,
      text_ru text NOT NULL,
      status text NOT NULL CHECK (status IN ('proposed', 'endorsed', 'superseded')),
      endorsed_by_meeting_id integer REFERENCES meetings(id),
      superseded_by_meeting_id integer REFERENCES meetings(id),
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT recommendations_number_uq UNIQUE (meeting_id, number),
      CONSTRAINT recommendations_endorsed_ck CHECK (status <> 'endorsed' OR endorsed_by_meeting_id IS NOT NULL),
      CONSTRAINT recommendations_superseded_ck CHECK (status <> 'superseded' OR superseded_by_meeting_id IS NOT NULL)
    )
  `.execute(db);
  await sql`
    CREATE TABLE need_recommendations (
      need_id integer NOT NULL REFERENCES needs(id) ON DELETE CASCADE,
      recommendation_id integer NOT NULL REFERENCES recommendations(id),
      PRIMARY KEY (need_id, recommendation_id)
    )
  `.execute(db);
  await sql`CREATE INDEX need_recommendations_rec_idx ON need_recommendations (recommendation_id)`.execute(db);
  await sql`
    CREATE TABLE project_recommendations (
      project_id integer NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      recommendation_id integer NOT NULL REFERENCES recommendations(id),
      PRIMARY KEY (project_id, recommendation_id)
    )
  `.execute(db);
  await sql`CREATE INDEX project_recommendations_rec_idx ON project_recommendations (recommendation_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS project_recommendations`.execute(db);
  await sql`DROP TABLE IF EXISTS need_recommendations`.execute(db);
  await sql`DROP TABLE IF EXISTS recommendations`.execute(db);
  await sql`ALTER TABLE meetings DROP COLUMN IF EXISTS updated_at`.execute(db);
  await sql`ALTER TABLE meetings DROP COLUMN IF EXISTS version`.execute(db);
}
