import { sql, type Kysely } from "kysely";

// Frozen in time: what each user last saw on the dashboard. The gap cells flagged when the user
// last marked them seen ("ISO3/pillar" keys), so the dashboard can show the cells flagged since.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE dashboard_visits (
      user_id integer PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      flagged_cells text[] NOT NULL DEFAULT '{}',
      seen_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE dashboard_visits`.execute(db);
}
