import { sql, type Insertable, type Kysely } from "kysely";
import type { Database, NeedsTable, Priority, ProjectsTable, ProjectStatus } from "../schema";
import {
  DESCRIPTION_SENTENCES,
  IMPLEMENTERS,
  NEED_TITLES,
  PROJECT_SUMMARIES,
  PROJECT_TITLES,
  RECOMMENDATIONS,
  type TextTemplate,
} from "./marketplace-texts";
import type { SeededRandom } from "./random";

// Demo projects and needs: deterministic for a seed, inserted in multi-row batches so that 100,000 of
// each load in minutes, with progress reported after every batch.

export const BATCH_SIZE = 1000;

export interface MarketplaceDemoInput {
  random: SeededRandom;
  projects: number;
  needs: number;
  donorOrganizationIds: number[];
  /** The donor demo account's organization: it owns the first projects. */
  demoDonorOrganizationId: number;
  beneficiaryOrganizations: Array<{ id: number; iso3: string }>;
  /** The beneficiary demo account's organization (Tajikistan): it owns the first needs. */
  demoBeneficiaryOrganizationId: number;
  /** The day the demo is generated (YYYY-MM-DD): statuses agree with dates relative to it. */
  today: string;
  /**
   * Projects of the total that the caller creates itself right after (through the domain): the last
   * progress report is left to it.
   */
  reserved?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

/** How many of the first records belong to the demo accounts' organizations. */
export const DEMO_OWNED = 8;

const CURRENCIES = ["USD", "USD", "USD", "EUR", "EUR", "GBP", "JPY", "NOK", "CHF", "CAD", "SEK"];
const STATUSES: ProjectStatus[] = [
  "active",
  "active",
  "active",
  "pipeline",
  "pipeline",
  "completed",
  "completed",
  "cancelled",
];
const PRIORITIES: Priority[] = ["critical", "high", "high", "medium", "medium", "medium", "low"];
/** The demo donor's own projects: mostly running, so that they can serve the Tajik needs. */
const DEMO_OWNED_STATUSES: ProjectStatus[] = [
  "active",
  "pipeline",
  "active",
  "active",
  "pipeline",
  "active",
  "completed",
  "active",
];
/** Every demo-owned project reaches the demo beneficiary's country. */
const DEMO_COUNTRY = "TJK";

interface Reference {
  countries: Array<{ iso3: string; name_en: string; name_ru: string }>;
  routeMembers: Map<string, string[]>;
  areasByPillar: Map<string, string[]>;
  dacByPillar: Map<string, string[]>;
  iatiRefs: Map<number, string | null>;
}

async function loadReference(db: Kysely<Database>): Promise<Reference> {
  const [members, countries, areas, dac, orgs] = await Promise.all([
    db
      .selectFrom("route_countries")
      .select(["route_code", "country_iso3"])
      .orderBy("route_code")
      .orderBy("position")
      .execute(),
    db
      .selectFrom("countries")
      .innerJoin("route_countries", "route_countries.country_iso3", "countries.iso3")
      .select(["iso3", "name_en", "name_ru"])
      .distinct()
      .orderBy("iso3")
      .execute(),
    db
      .selectFrom("capacity_areas")
      .select(["code", "pillar_code"])
      .orderBy("pillar_code")
      .orderBy("position")
      .execute(),
    db
      .selectFrom("pillar_dac_codes")
      .select(["pillar_code", "dac_code"])
      .orderBy("pillar_code")
      .orderBy("dac_code")
      .execute(),
    db.selectFrom("organizations").select(["id", "iati_ref"]).execute(),
  ]);
  const group = <T>(rows: T[], key: (r: T) => string, value: (r: T) => string) => {
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), value(r)]);
    return map;
  };
  return {
    countries,
    routeMembers: group(
      members,
      (m) => m.route_code,
      (m) => m.country_iso3,
    ),
    areasByPillar: group(
      areas,
      (a) => a.pillar_code,
      (a) => a.code,
    ),
    dacByPillar: group(
      dac,
      (d) => d.pillar_code,
      (d) => d.dac_code,
    ),
    iatiRefs: new Map(orgs.map((o) => [o.id, o.iati_ref])),
  };
}

const PILLARS = ["I", "II", "III", "IV"];
const pad = (n: number) => String(n).padStart(2, "0");

function randomDate(random: SeededRandom, fromYear: number, toYear: number): string {
  return `${random.int(fromYear, toYear)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A project's period that agrees with its status on `today`: a completed project has ended, an active
 * one has started and not ended, a planned (pipeline) one has not started; a cancelled one may be any.
 */
function periodFor(random: SeededRandom, status: ProjectStatus, today: string): { start: string; end: string | null } {
  const open = random.chance(0.1);
  switch (status) {
    case "completed": {
      const end = addDays(today, -random.int(1, 1400));
      return { start: addDays(end, -random.int(180, 1800)), end };
    }
    case "active":
      return { start: addDays(today, -random.int(0, 1200)), end: open ? null : addDays(today, random.int(1, 1500)) };
    case "pipeline": {
      const start = addDays(today, random.int(1, 700));
      return { start, end: open ? null : addDays(start, random.int(180, 1800)) };
    }
    default: {
      const start = addDays(today, random.int(-1500, 300));
      return { start, end: open ? null : addDays(start, random.int(180, 1800)) };
    }
  }
}

const LISTS = {
  en: new Intl.ListFormat("en-GB", { type: "conjunction" }),
  ru: new Intl.ListFormat("ru-RU", { type: "conjunction" }),
};

/** Keeps titles distinct: a title met again gets its start year, then a phase number. */
class DistinctTitles {
  private readonly used = new Set<string>();

  take(title: string, russian: boolean, year: string): string {
    const candidates = [title, `${title} (${year})`];
    for (const candidate of candidates) if (this.claim(candidate)) return candidate;
    for (let phase = 2; ; phase += 1) {
      const candidate = russian ? `${title} (${year}, этап ${phase})` : `${title} (${year}, phase ${phase})`;
      if (this.claim(candidate)) return candidate;
    }
  }

  private claim(title: string): boolean {
    if (this.used.has(title)) return false;
    this.used.add(title);
    return true;
  }
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}-${pad(d)}`;
}

/** The template with every country the project covers, named in the project's language. */
function fill(
  template: TextTemplate,
  russian: boolean,
  countries: Array<{ name_en: string; name_ru: string }>,
): string {
  const names = LISTS[russian ? "ru" : "en"].format(countries.map((c) => (russian ? c.name_ru : c.name_en)));
  return (russian ? template.ru : template.en).replace("{country}", names);
}

function description(random: SeededRandom, russian: boolean): string {
  return random.sample(russian ? DESCRIPTION_SENTENCES.ru : DESCRIPTION_SENTENCES.en, random.int(2, 4)).join(" ");
}

/** A budget of 50,000 to 5,000,000 with cents, as a decimal string. */
function money(random: SeededRandom, min: number, max: number): string {
  const whole = random.int(min / 1000, max / 1000) * 1000 + (random.chance(0.3) ? random.int(1, 999) : 0);
  return `${whole}.${random.chance(0.2) ? pad(random.int(1, 99)) : "00"}`;
}

/** What every demo project's row is made from, besides its index and id. */
interface ProjectContext {
  random: SeededRandom;
  input: MarketplaceDemoInput;
  ref: Reference;
  countryByIso: Map<string, Reference["countries"][number]>;
  projectTitles: DistinctTitles;
  baseUpdated: number;
}

interface ProjectBatch {
  rows: Array<Insertable<ProjectsTable> & { id: number }>;
  pillars: Array<{ project_id: number; pillar_code: string }>;
  areas: Array<{ project_id: number; capacity_area_code: string }>;
  countries: Array<{ project_id: number; country_iso3: string }>;
}

/** Draws the i-th demo project and adds its row and links to the batch. */
function addDemoProject(context: ProjectContext, i: number, id: number, batch: ProjectBatch): void {
  const { random, input, ref, countryByIso, projectTitles, baseUpdated } = context;
  const { rows, pillars, areas, countries } = batch;
  const organizationId = i < DEMO_OWNED ? input.demoDonorOrganizationId : random.pick(input.donorOrganizationIds);
  // Every pillar and every route country comes up in turn; the rest is chance.
  const primary = PILLARS[i % PILLARS.length];
  const chosenPillars = random.chance(0.2) ? [...new Set([primary, random.pick(PILLARS)])].sort() : [primary];
  const home = ref.countries[i % ref.countries.length];
  const reach = new Set([home.iso3]);
  if (i < DEMO_OWNED && countryByIso.has(DEMO_COUNTRY)) reach.add(DEMO_COUNTRY);
  if (random.chance(0.25)) {
    const route = random.pick([...ref.routeMembers.values()]);
    for (const c of random.sample(route, random.int(2, 4))) reach.add(c);
  }
  // The home country first, then the others in order.
  const covered = [
    home,
    ...[...reach]
      .filter((c) => c !== home.iso3)
      .sort()
      .map((c) => countryByIso.get(c)!),
  ];
  const templates = PROJECT_TITLES.filter((t) => t.area.split(".")[0] === primary);
  const template = random.pick(templates);
  const chosenAreas = new Set([template.area]);
  if (random.chance(0.3))
    chosenAreas.add(random.pick(ref.areasByPillar.get(random.pick(chosenPillars)) ?? [template.area]));
  const russian = random.chance(0.2);
  const status = i < DEMO_OWNED ? DEMO_OWNED_STATUSES[i] : random.pick(STATUSES);
  const period = periodFor(random, status, input.today);
  const iatiRef = ref.iatiRefs.get(organizationId) ?? null;
  const updated = new Date(baseUpdated - random.int(0, 900) * 86_400_000 - i * 1000);
  rows.push({
    id,
    organization_id: organizationId,
    title: projectTitles.take(fill(template, russian, covered), russian, period.start.slice(0, 4)),
    summary: random.pick(russian ? PROJECT_SUMMARIES[primary].ru : PROJECT_SUMMARIES[primary].en),
    description: description(random, russian),
    dac_code: random.pick(ref.dacByPillar.get(primary) ?? ["16063"]),
    implementing_organization: random.chance(0.7) ? random.pick(IMPLEMENTERS) : null,
    status,
    start_date: period.start,
    end_date: period.end,
    budget: money(random, 50_000, 5_000_000),
    currency: random.pick(CURRENCIES),
    iati_identifier: iatiRef ? `${iatiRef}-ADAM-${id}` : `ADAM-ORG${organizationId}-${id}`,
    recommendation: random.chance(0.3) ? random.pick(RECOMMENDATIONS) : null,
    language: russian ? "ru" : "en",
    created_at: updated,
    updated_at: updated,
  });
  for (const p of chosenPillars) pillars.push({ project_id: id, pillar_code: p });
  for (const a of [...chosenAreas].sort()) areas.push({ project_id: id, capacity_area_code: a });
  for (const c of [...reach].sort()) countries.push({ project_id: id, country_iso3: c });
}

/** The projects not reserved for the caller, in batches of BATCH_SIZE, each its own transaction. */
async function insertDemoProjects(
  db: Kysely<Database>,
  input: MarketplaceDemoInput,
  ref: Reference,
  baseUpdated: number,
): Promise<void> {
  const { random } = input;
  const maxRow = await db
    .selectFrom("projects")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  let nextId = Number(maxRow?.id ?? 0) + 1;
  const countryByIso = new Map(ref.countries.map((c) => [c.iso3, c]));
  const projectTitles = new DistinctTitles();

  const bulk = input.projects - (input.reserved ?? 0);
  for (let start = 0; start < bulk; start += BATCH_SIZE) {
    const rows: Array<Insertable<ProjectsTable> & { id: number }> = [];
    const pillars: Array<{ project_id: number; pillar_code: string }> = [];
    const areas: Array<{ project_id: number; capacity_area_code: string }> = [];
    const countries: Array<{ project_id: number; country_iso3: string }> = [];
    for (let i = start; i < Math.min(start + BATCH_SIZE, bulk); i += 1) {
      const id = nextId++;
      addDemoProject({ random, input, ref, countryByIso, projectTitles, baseUpdated }, i, id, {
        rows,
        pillars,
        areas,
        countries,
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("projects").values(rows).execute();
      await trx.insertInto("project_pillars").values(pillars).execute();
      await trx.insertInto("project_capacity_areas").values(areas).execute();
      await trx.insertInto("project_countries").values(countries).execute();
    });
    const done = Math.min(start + BATCH_SIZE, bulk);
    if (done < bulk || !input.reserved) input.onProgress?.("projects", done, input.projects);
  }
  if (input.projects > 0)
    await sql`SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects))`.execute(db);
}

/** Draws the i-th demo need. */
function demoNeed(
  context: {
    random: SeededRandom;
    input: MarketplaceDemoInput;
    countryNames: Map<string, Reference["countries"][number]>;
    needTitles: DistinctTitles;
    thisYear: number;
    baseUpdated: number;
  },
  i: number,
): Insertable<NeedsTable> {
  const { random, input, countryNames, needTitles, thisYear, baseUpdated } = context;
  const demo = input.beneficiaryOrganizations.find((o) => o.id === input.demoBeneficiaryOrganizationId)!;
  const org =
    i < DEMO_OWNED ? demo : input.beneficiaryOrganizations[(i - DEMO_OWNED) % input.beneficiaryOrganizations.length];
  const pillar = PILLARS[i % PILLARS.length];
  const template = random.pick(NEED_TITLES.filter((t) => t.area.split(".")[0] === pillar));
  const russian = random.chance(
    org.iso3 === "TJK" || org.iso3 === "KGZ" || org.iso3 === "RUS" || org.iso3 === "KAZ" ? 0.5 : 0.15,
  );
  const country = countryNames.get(org.iso3) ?? { name_en: org.iso3, name_ru: org.iso3 };
  const withCost = random.chance(0.75);
  const wantedStart = random.chance(0.8) ? randomDate(random, thisYear - 1, thisYear + 3) : null;
  const updated = new Date(baseUpdated - random.int(0, 700) * 86_400_000 - i * 1000);
  const withdrawn = i >= DEMO_OWNED && random.chance(0.05);
  return {
    organization_id: org.id,
    country_iso3: org.iso3,
    // The country in the title: the same need of two countries reads differently in a list.
    title: needTitles.take(
      `${russian ? template.ru : template.en}, ${russian ? country.name_ru : country.name_en}`,
      russian,
      String(thisYear),
    ),
    description: `${russian ? `Потребность: ${country.name_ru}.` : `Need of ${country.name_en}.`} ${description(
      random,
      russian,
    )}`,
    pillar_code: pillar,
    capacity_area_code: template.area,
    priority: random.pick(PRIORITIES),
    estimated_cost: withCost ? money(random, 10_000, 2_000_000) : null,
    currency: withCost ? random.pick(CURRENCIES) : null,
    wanted_start: wantedStart,
    wanted_end: wantedStart && random.chance(0.8) ? addMonths(wantedStart, random.int(6, 36)) : null,
    recommendation: random.chance(0.4) ? random.pick(RECOMMENDATIONS) : null,
    status: withdrawn ? "withdrawn" : "open",
    withdrawn_at: withdrawn ? updated : null,
    language: russian ? "ru" : "en",
    created_at: updated,
    updated_at: updated,
  };
}

/** The needs, in batches of BATCH_SIZE. */
async function insertDemoNeeds(
  db: Kysely<Database>,
  input: MarketplaceDemoInput,
  ref: Reference,
  baseUpdated: number,
): Promise<void> {
  const { random } = input;
  const countryNames = new Map(ref.countries.map((c) => [c.iso3, c]));
  const needTitles = new DistinctTitles();
  const thisYear = Number(input.today.slice(0, 4));
  for (let start = 0; start < input.needs; start += BATCH_SIZE) {
    const rows: Array<Insertable<NeedsTable>> = [];
    for (let i = start; i < Math.min(start + BATCH_SIZE, input.needs); i += 1) {
      rows.push(demoNeed({ random, input, countryNames, needTitles, thisYear, baseUpdated }, i));
    }
    await db.insertInto("needs").values(rows).execute();
    input.onProgress?.("needs", Math.min(start + BATCH_SIZE, input.needs), input.needs);
  }
}

export async function generateMarketplaceDemo(
  db: Kysely<Database>,
  input: MarketplaceDemoInput,
): Promise<{ projects: number; needs: number }> {
  const ref = await loadReference(db);
  const baseUpdated = Date.parse(`${input.today}T12:00:00Z`);
  await insertDemoProjects(db, input, ref, baseUpdated);
  await insertDemoNeeds(db, input, ref, baseUpdated);
  // PGlite has no autovacuum: after a bulk load, refresh the planner's statistics.
  if (input.projects + input.needs >= 5 * BATCH_SIZE) {
    for (const table of ["projects", "project_pillars", "project_capacity_areas", "project_countries", "needs"])
      await sql.raw(`VACUUM ANALYZE ${table}`).execute(db);
  }
  return { projects: input.projects, needs: input.needs };
}
