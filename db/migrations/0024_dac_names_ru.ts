import { sql, type Kysely } from "kysely";

// Frozen in time: a Russian name for each DAC purpose code. Existing rows start with their English
// name, so the column can be NOT NULL at once; the seed (db/seed/reference-data.ts, from
// db/reference/dac-names-ru.json) then writes the Russian names, in new and existing databases alike.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE dac_codes ADD COLUMN name_ru text`.execute(db);
  await sql`UPDATE dac_codes SET name_ru = name`.execute(db);
  await sql`ALTER TABLE dac_codes ALTER COLUMN name_ru SET NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE dac_codes DROP COLUMN IF EXISTS name_ru`.execute(db);
}
