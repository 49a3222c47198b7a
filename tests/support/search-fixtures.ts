import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

// Hand-made projects and needs for the search tests, in English and Russian, chosen so that each
// filter and facet has a known answer (see the comments in search-contract.ts).

export interface SearchFixture {
  orgs: { donorA: number; donorB: number; agency: number };
  projects: { border: number; customsRu: number; fiu: number; precursor: number };
  needs: { dogs: number; labRu: number };
}

let counter = 0;

export async function insertSearchFixture(db: Kysely<Database>): Promise<SearchFixture> {
  const tag = `${process.pid}-${++counter}`;
  const org = async (name: string, kind: "donor_agency" | "beneficiary_agency", country: string) =>
    (
      await db
        .insertInto("organizations")
        .values({ kind, name: `${name} ${tag}`, acronym: null, country_iso3: country, iati_ref: null })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const donorA = await org("Federal Criminal Police Office", "donor_agency", "DEU");
  const donorB = await org("Ministry of Internal Affairs", "donor_agency", "RUS");
  const agency = await org("Drug Control Agency of Tajikistan", "beneficiary_agency", "TJK");

  let iati = 0;
  const project = async (p: {
    org: number;
    title: string;
    summary: string;
    language: "en" | "ru";
    status: "pipeline" | "active" | "completed" | "cancelled";
    start: string;
    end: string | null;
    pillars: string[];
    areas: string[];
    countries: string[];
  }) => {
    const row = await db
      .insertInto("projects")
      .values({
        organization_id: p.org,
        title: p.title,
        summary: p.summary,
        dac_code: "15130",
        status: p.status,
        start_date: p.start,
        end_date: p.end,
        budget: "1500000.50",
        currency: "EUR",
        iati_identifier: `XM-TEST-${tag}-${++iati}`,
        language: p.language,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("project_pillars")
      .values(p.pillars.map((pillar_code) => ({ project_id: row.id, pillar_code })))
      .execute();
    await db
      .insertInto("project_capacity_areas")
      .values(p.areas.map((capacity_area_code) => ({ project_id: row.id, capacity_area_code })))
      .execute();
    await db
      .insertInto("project_countries")
      .values(p.countries.map((country_iso3) => ({ project_id: row.id, country_iso3 })))
      .execute();
    return row.id;
  };
  const border = await project({
    org: donorA,
    language: "en",
    status: "active",
    start: "2020-01-01",
    end: "2022-12-31",
    pillars: ["I"],
    areas: ["I.3"],
    countries: ["TJK", "AFG"],
    title: "Border liaison offices against narcotics trafficking",
    summary: "Training for border police on narcotics interdiction at the Tajik-Afghan border.",
  });
  const customsRu = await project({
    org: donorB,
    language: "ru",
    status: "pipeline",
    start: "2024-03-01",
    end: null,
    pillars: ["III"],
    areas: ["III.1"],
    countries: ["KAZ", "UZB"],
    title: "Подготовка таможенников по борьбе с оборотом наркотиков",
    summary: "Обучение сотрудников таможни выявлению наркотиков на границе Казахстана и Узбекистана.",
  });
  const fiu = await project({
    org: donorA,
    language: "en",
    status: "completed",
    start: "2018-01-01",
    end: "2019-06-30",
    pillars: ["II"],
    areas: ["II.1", "II.2"],
    countries: ["KGZ"],
    title: "Financial intelligence unit capacity building",
    summary:
      "Strengthening the FIU of Kyrgyzstan to trace illicit financial flows and money laundering linked to opiates.",
  });
  const precursor = await project({
    org: donorB,
    language: "en",
    status: "active",
    start: "2021-06-01",
    end: "2023-05-31",
    pillars: ["IV"],
    areas: ["IV.1"],
    countries: ["IRN", "PAK"],
    title: "Precursor control & <lab> safety",
    summary: "Controlling precursor chemicals used in heroin production in Iran and Pakistan.",
  });

  const need = async (n: {
    title: string;
    description: string;
    language: "en" | "ru";
    pillar: string;
    area: string;
    priority: "critical" | "high" | "medium" | "low";
    start: string | null;
    end: string | null;
  }) =>
    (
      await db
        .insertInto("needs")
        .values({
          organization_id: agency,
          country_iso3: "TJK",
          title: n.title,
          description: n.description,
          pillar_code: n.pillar,
          capacity_area_code: n.area,
          priority: n.priority,
          estimated_cost: "250000.00",
          currency: "USD",
          wanted_start: n.start,
          wanted_end: n.end,
          language: n.language,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const dogs = await need({
    language: "en",
    pillar: "I",
    area: "I.3",
    priority: "critical",
    start: "2023-01-01",
    end: "2024-12-31",
    title: "Drug detection dogs for border posts",
    description: "Canine units to detect narcotics at border crossing points on the Tajik-Afghan border.",
  });
  const labRu = await need({
    language: "ru",
    pillar: "IV",
    area: "IV.1",
    priority: "high",
    start: null,
    end: null,
    title: "Оборудование для судебно-химической лаборатории",
    description: "Лаборатории нужны приборы: наркотики и прекурсоры поступают на анализ ежедневно.",
  });
  return { orgs: { donorA, donorB, agency }, projects: { border, customsRu, fiu, precursor }, needs: { dogs, labRu } };
}
