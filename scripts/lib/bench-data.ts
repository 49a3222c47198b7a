import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";

// Bulk synthetic projects and needs for the search benchmark, written with set-based SQL
// (generate_series, arrays, hashtext) so that 100,000 of each take seconds, not an hour.
// Words are drawn with a skew (common words often, rare words seldom) as in real texts.

const EN = `
narcotics drug trafficking border police customs training equipment laboratory forensic precursor chemicals
heroin opium opiates cannabis methamphetamine interdiction control agency capacity building regional cooperation
intelligence analysis financial investigation money laundering asset recovery prosecution judicial legal
assistance extradition prevention treatment rehabilitation health harm reduction community awareness youth
school research data collection survey monitoring evaluation seizure container port airport railway checkpoint
canine dogs scanner detection identification sampling analysis network liaison officers information exchange
database software communication radio vehicles patrol boats river mountain crossing corruption integrity
governance strategy policy legislation reform ministry interior justice prison alternative development
livelihood farmers crop eradication substitution women gender human rights dependence counselling overdose
naloxone outreach mentoring workshop curriculum academy instructors manual guidelines standards procurement
maintenance sustainability donor coordination partnership afghanistan tajikistan uzbekistan kyrgyzstan
kazakhstan turkmenistan iran pakistan turkey balkans caspian corridor route transit origin destination spillover
synthetic psychoactive substances tramadol captagon cocaine darknet cyber cryptocurrency virtual assets postal
parcels courier express controlled delivery undercover operations`
  .trim()
  .split(/\s+/);

const RU = `
наркотики наркотиков оборот граница пограничный таможня таможенный полиция обучение подготовка оборудование
лаборатория экспертиза прекурсоры героин опий опиаты каннабис метамфетамин пресечение контроль агентство
потенциал региональный сотрудничество разведка анализ финансовый расследование отмывание денег конфискация
активов прокуратура правовая помощь профилактика лечение реабилитация здравоохранение молодежь школа
исследование мониторинг оценка изъятие контейнер порт аэропорт железная дорога пункт пропуска кинологи собаки
сканер выявление сеть связь информация обмен база данных автомобили патруль река горы коррупция стратегия
законодательство реформа министерство внутренних дел юстиции тюрьма развитие фермеры`
  .trim()
  .split(/\s+/);

/**
 * A text of `words` words for row `g`: each word comes from the vocabulary at a position skewed
 * toward the start (power 2.2), seeded by the row, the word's place and a salt.
 */
function textOf(vocab: string[], words: number, salt: string) {
  return sql`array_to_string(ARRAY(
    SELECT (${vocab}::text[])[
      1 + floor(${vocab.length} * power((abs(hashtext(g::text || ${salt} || k::text)) % 100000) / 100000.0, 2.2))::int
    ]
    FROM generate_series(1, ${words}) k), ' ')`;
}

export async function generateBenchData(
  db: Kysely<Database>,
  count: number,
  log: (line: string) => void,
): Promise<void> {
  await sql`
    INSERT INTO organizations (kind, name, country_iso3)
    SELECT 'donor_agency', 'Bench donor ' || i, NULL FROM generate_series(1, 40) i
  `.execute(db);
  await sql`
    INSERT INTO organizations (kind, name, country_iso3)
    SELECT DISTINCT ON (rc.country_iso3, k)
      'beneficiary_agency', 'Bench agency ' || k || ' of ' || rc.country_iso3, rc.country_iso3
    FROM route_countries rc, generate_series(1, 3) k
  `.execute(db);
  log("organizations");

  // Each row picks its language (one in five Russian), pillar, status and period from hashes of its number.
  const lang = (salt: string) => sql`CASE WHEN abs(hashtext(g::text || ${salt})) % 5 = 0 THEN 'ru' ELSE 'en' END`;
  const text = (salt: string, words: number) =>
    sql`CASE WHEN abs(hashtext(g::text || ${salt})) % 5 = 0
             THEN ${textOf(RU, words, salt)} ELSE ${textOf(EN, words, salt)} END`;
  await sql`
    INSERT INTO projects (organization_id, title, summary, description, dac_code, status, start_date, end_date, budget,
                          currency, iati_identifier, language, updated_at)
    SELECT (SELECT min(id) FROM organizations WHERE name LIKE 'Bench donor %') + g % 40,
      initcap(${text("p", 6)}), ${text("p", 25)}, ${text("p", 45)}, '15130',
      (ARRAY['pipeline','active','active','completed','cancelled'])[1 + abs(hashtext(g::text || 's')) % 5],
      date '2012-01-01' + (abs(hashtext(g::text || 'd')) % 4500),
      CASE WHEN g % 7 = 0 THEN NULL
           ELSE date '2012-01-01' + (abs(hashtext(g::text || 'd')) % 4500) + 180
                + abs(hashtext(g::text || 'e')) % 1500 END,
      1000 + abs(hashtext(g::text || 'b')) % 5000000, (ARRAY['USD','EUR','GBP','JPY'])[1 + g % 4], 'XM-BENCH-' || g,
      ${lang("p")},
      now() - make_interval(mins => g)
    FROM generate_series(1, ${count}) g
  `.execute(db);
  log("projects");
  await sql`
    INSERT INTO project_pillars (project_id, pillar_code)
    SELECT DISTINCT p.id, (ARRAY['I','II','III','IV'])[1 + abs(hashtext(p.id::text || 'pl' || k)) % 4]
    FROM projects p, generate_series(1, 2) k WHERE k = 1 OR p.id % 3 = 0
  `.execute(db);
  await sql`
    INSERT INTO project_capacity_areas (project_id, capacity_area_code)
    SELECT pp.project_id, (SELECT ca.code FROM capacity_areas ca WHERE ca.pillar_code = pp.pillar_code
                           ORDER BY ca.position OFFSET abs(hashtext(pp.project_id::text)) % 5 LIMIT 1)
    FROM project_pillars pp
  `.execute(db);
  await sql`
    WITH rc AS (SELECT array_agg(DISTINCT country_iso3::text) AS list FROM route_countries)
    INSERT INTO project_countries (project_id, country_iso3)
    SELECT DISTINCT p.id, rc.list[1 + abs(hashtext(p.id::text || 'c' || k)) % array_length(rc.list, 1)]
    FROM projects p, rc, generate_series(1, 3) k WHERE k = 1 OR p.id % (k + 1) = 0
  `.execute(db);
  log("project classifications");

  await sql`
    WITH agencies AS (
      SELECT array_agg(id ORDER BY id) AS ids FROM organizations
      WHERE kind = 'beneficiary_agency' AND name LIKE 'Bench agency %'
    )
    INSERT INTO needs (organization_id, country_iso3, title, description, pillar_code, capacity_area_code, priority,
      estimated_cost, currency, wanted_start, wanted_end, status, language, updated_at)
    SELECT a.id, a.country_iso3, initcap(${text("n", 6)}), ${text("n", 50)}, ca.pillar_code, ca.code,
      (ARRAY['critical','high','medium','low'])[1 + abs(hashtext(g::text || 'pr')) % 4],
      CASE WHEN g % 4 = 0 THEN NULL ELSE 5000 + abs(hashtext(g::text || 'b')) % 900000 END,
      CASE WHEN g % 4 = 0 THEN NULL ELSE 'USD' END,
      CASE WHEN g % 3 = 0 THEN NULL ELSE date '2015-01-01' + (abs(hashtext(g::text || 'd')) % 3600) END,
      CASE WHEN g % 3 = 0 THEN NULL ELSE date '2015-01-01' + (abs(hashtext(g::text || 'd')) % 3600) + 365 END,
      (ARRAY['open','open','partially_met','met','withdrawn'])[1 + abs(hashtext(g::text || 's')) % 5], ${lang("n")},
      now() - make_interval(mins => g)
    FROM generate_series(1, ${count}) g, agencies ag,
      LATERAL (SELECT o.id, o.country_iso3 FROM organizations o WHERE o.id = ag.ids[1 + g % array_length(ag.ids, 1)]) a,
      LATERAL (SELECT c.code, c.pillar_code FROM capacity_areas c
               ORDER BY c.code OFFSET abs(hashtext(g::text || 'ca')) % 27 LIMIT 1) ca
  `.execute(db);
  log("needs");
}

export const BENCH_QUERIES = [
  "",
  "border",
  "narcotics trafficking",
  "narcotcs",
  "heroin seizure",
  "forensic laboratory",
  "precursor chemicals",
  "money laundering",
  "canine dogs",
  "harm reduction",
  "наркотиков",
  "таможня",
  "обучение сотрудников",
  "лаборатория экспертиза",
  "controlled delivery",
  "financial intelligence unit",
  "FIU",
  "ПФР",
  "tramadol",
  "cryptocurrency darknet",
  "training",
  "border police training",
  "opium",
  "liaison officers",
  "rehabilitation treatment",
  "corridor",
  "контроль",
  "survey",
  "traficking",
  "laboratry",
];
