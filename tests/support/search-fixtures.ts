import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { makeNeed, makeOrganization, makeProject } from "./factories";

// Hand-made projects and needs for the search tests, in English and Russian, chosen so that each
// filter and facet has a known answer (see the comments in search-contract.ts).

export interface SearchFixture {
  orgs: { donorA: number; donorB: number; agency: number };
  projects: { border: number; customsRu: number; fiu: number; precursor: number };
  needs: { dogs: number; labRu: number };
}

interface SearchProject {
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
}

interface SearchNeed {
  title: string;
  description: string;
  language: "en" | "ru";
  pillar: string;
  area: string;
  priority: "critical" | "high" | "medium" | "low";
  start: string | null;
  end: string | null;
}

let counter = 0;

export async function insertSearchFixture(db: Kysely<Database>): Promise<SearchFixture> {
  const tag = `${process.pid}-${++counter}`;
  const org = async (name: string, kind: "donor_agency" | "beneficiary_agency", country: string) =>
    (await makeOrganization(db, kind, country, { name: `${name} ${tag}`, iatiRef: null })).id;
  const donorA = await org("Federal Criminal Police Office", "donor_agency", "DEU");
  const donorB = await org("Ministry of Internal Affairs", "donor_agency", "RUS");
  const agency = await org("Drug Control Agency of Tajikistan", "beneficiary_agency", "TJK");
  let iati = 0;
  const project = (p: SearchProject) =>
    makeProject(db, {
      ...p,
      organizationId: p.org,
      capacityAreas: p.areas,
      dacCode: "15130",
      budget: "1500000.50",
      currency: "EUR",
      iatiIdentifier: `XM-TEST-${tag}-${++iati}`,
    });
  const need = (n: SearchNeed) =>
    makeNeed(db, {
      ...n,
      organizationId: agency,
      country: "TJK",
      capacityArea: n.area,
      cost: "250000.00",
      currency: "USD",
      wantedStart: n.start,
      wantedEnd: n.end,
    });
  return {
    orgs: { donorA, donorB, agency },
    projects: await searchProjects(project, { donorA, donorB }),
    needs: await searchNeeds(need),
  };
}

async function searchProjects(
  project: (p: SearchProject) => Promise<number>,
  { donorA, donorB }: { donorA: number; donorB: number },
): Promise<SearchFixture["projects"]> {
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

  return { border, customsRu, fiu, precursor };
}

async function searchNeeds(need: (n: SearchNeed) => Promise<number>): Promise<SearchFixture["needs"]> {
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
  return { dogs, labRu };
}
