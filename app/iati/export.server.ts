import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { ProjectFilters } from "~/marketplace/filters";
import { applyFilters, loadProjectLinks } from "~/projects/queries.server";
import { STATUS_TO_IATI } from "./status";
import type { Narrative } from "./xml";

// ADAM's projects as an IATI 2.03 activity file, written piece by piece (batches of projects), so a
// large export never sits in memory. Elements follow the schema's order; every file validates against
// the official 2.03 schema and breaks no error rule of the IATI Standard ruleset (tests prove both).

type Db = Kysely<Database>;

import { PILLAR_VOCABULARY_URI } from "./classify";

/**
 * IATI organisation identifiers: an agency prefix (two letters, then its own parts, such as GB-GOV,
 * US-GOV, XM-DAC, GB-CHC) and an identifier, or the older forms still in use (DE-1, JP-8).
 */
export const ORGANISATION_IDENTIFIER_PATTERN = /^[A-Z]{2}(?:-[A-Z0-9]+)+$/;

export function isOrganisationIdentifier(value: string | null | undefined): value is string {
  return typeof value === "string" && ORGANISATION_IDENTIFIER_PATTERN.test(value) && value.length <= 60;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
// Characters XML 1.0 cannot carry are dropped.
// eslint-disable-next-line no-control-regex
const clean = (s: string) => esc(s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ""));

/**
 * The activity's identifier: the organization's IATI identifier, a hyphen, then the project's own part.
 * A project identifier typed with that prefix in other letter case (gb-gov-1-…) gets the prefix as the
 * organization spells it: the ruleset (1.1.21) wants the identifier to begin with reporting-org/@ref.
 */
export function activityIdentifier(orgRef: string, projectIdentifier: string): string {
  const prefix = `${orgRef}-`;
  if (projectIdentifier.startsWith(prefix)) return projectIdentifier;
  const sameLetters = projectIdentifier.toUpperCase().startsWith(prefix.toUpperCase());
  if (sameLetters) return prefix + projectIdentifier.slice(prefix.length);
  return prefix + projectIdentifier;
}

/** Equal shares of 100 with two decimals, the remainder on the last, so they sum to exactly 100. */
export function equalPercentages(n: number): string[] {
  if (n <= 0) return [];
  const each = Math.floor(10000 / n);
  return Array.from({ length: n }, (_, i) => ((i === n - 1 ? 10000 - each * (n - 1) : each) / 100).toFixed(2));
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addYearMinusDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const dayCount = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** Budget periods of at most one year over the project's period, the amount split by days (in cents). */
export function budgetPeriods(
  start: string,
  end: string | null,
  amount: string,
): Array<{ start: string; end: string; value: string }> {
  const last = end && end >= start ? end : addYearMinusDay(start);
  const periods: Array<{ start: string; end: string }> = [];
  for (let from = start; from <= last;) {
    const to = addYearMinusDay(from) < last ? addYearMinusDay(from) : last;
    periods.push({ start: from, end: to });
    from = addDays(to, 1);
  }
  const [whole, fraction = "0"] = amount.split(".");
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
  const total = BigInt(dayCount(start, last));
  let given = 0n;
  return periods.map((p, i) => {
    const share = i === periods.length - 1 ? cents - given : (cents * BigInt(dayCount(p.start, p.end))) / total;
    given += share;
    return { ...p, value: `${share / 100n}.${(share % 100n).toString().padStart(2, "0")}` };
  });
}

interface ExportRow {
  id: number;
  iati_identifier: string;
  title: string;
  summary: string;
  description: string;
  dac_code: string;
  implementing_organization: string | null;
  status: keyof typeof STATUS_TO_IATI;
  start_date: string;
  end_date: string | null;
  budget: string;
  currency: string;
  language: string;
  updated_at: Date;
  source_narratives: unknown;
  org_name: string;
  org_ref: string | null;
  org_kind: string;
  org_type: string | null;
}

interface Lookups {
  iso2: Map<string, string>;
  pillarNames: Map<string, string>;
  today: string;
}

function narrativesXml(list: Narrative[]): string {
  return list
    .map((n) => `<narrative${n.lang ? ` xml:lang="${esc(n.lang)}"` : ""}>${clean(n.text)}</narrative>`)
    .join("");
}

function organisationType(row: ExportRow): string {
  if (row.org_type && /^\d{2}$/.test(row.org_type)) return row.org_type;
  return row.org_kind === "international_organization" ? "40" : "10";
}

export function activityXml(
  row: ExportRow,
  links: { pillars: string[]; countries: string[] },
  lookups: Lookups,
): string {
  const ref = row.org_ref!;
  const stored = row.source_narratives as { title?: Narrative[]; description?: Narrative[] } | null;
  const titles = stored?.title?.length ? stored.title : [{ lang: row.language, text: row.title }];
  const descriptions = stored?.description?.length
    ? stored.description
    : [{ lang: row.language, text: row.description || row.summary }];
  const countries = links.countries.map((iso3) => lookups.iso2.get(iso3)).filter((c): c is string => Boolean(c));
  const countryShares = equalPercentages(countries.length);
  const pillarShares = equalPercentages(links.pillars.length);
  const type = organisationType(row);
  const dates = [`<activity-date type="1" iso-date="${row.start_date}"/>`];
  if (row.status !== "pipeline" && row.status !== "cancelled" && row.start_date <= lookups.today)
    dates.push(`<activity-date type="2" iso-date="${row.start_date}"/>`);
  if (row.end_date) {
    dates.push(`<activity-date type="3" iso-date="${row.end_date}"/>`);
    if (row.status === "completed" && row.end_date <= lookups.today)
      dates.push(`<activity-date type="4" iso-date="${row.end_date}"/>`);
  }
  const parts = [
    `<iati-activity xml:lang="${esc(row.language)}" default-currency="${esc(row.currency)}" ` +
      `last-updated-datetime="${row.updated_at.toISOString().slice(0, 19)}Z" hierarchy="1">`,
    `<iati-identifier>${clean(activityIdentifier(ref, row.iati_identifier))}</iati-identifier>`,
    `<reporting-org ref="${esc(ref)}" type="${type}">` +
      `<narrative>${clean(row.org_name)}</narrative></reporting-org>`,
    `<title>${narrativesXml(titles)}</title>`,
    `<description type="1">${narrativesXml(descriptions)}</description>`,
    `<participating-org ref="${esc(ref)}" type="${type}" role="1">` +
      `<narrative>${clean(row.org_name)}</narrative></participating-org>`,
    row.implementing_organization
      ? `<participating-org role="4"><narrative>${clean(row.implementing_organization)}</narrative></participating-org>`
      : "",
    `<activity-status code="${STATUS_TO_IATI[row.status]}"/>`,
    ...dates,
    ...countries.map((c, i) => `<recipient-country code="${c}" percentage="${countryShares[i]}"/>`),
    `<sector vocabulary="1" code="${row.dac_code}" percentage="100"/>`,
    ...links.pillars.map(
      (p, i) =>
        `<sector vocabulary="99" vocabulary-uri="${PILLAR_VOCABULARY_URI}" ` +
        `code="${p}" percentage="${pillarShares[i]}">` +
        `<narrative>${clean(lookups.pillarNames.get(p) ?? p)}</narrative></sector>`,
    ),
    ...budgetPeriods(row.start_date, row.end_date, row.budget).map(
      (b) =>
        `<budget type="1" status="1"><period-start iso-date="${b.start}"/><period-end iso-date="${b.end}"/>` +
        `<value currency="${esc(row.currency)}" value-date="${b.start}">${b.value}</value></budget>`,
    ),
    `</iati-activity>`,
  ];
  return parts.filter(Boolean).join("\n");
}

export interface ExportSummary {
  exported: number;
  /** Projects left out because their organization has no (valid) IATI organisation identifier. */
  leftOut: Array<{ organization: string; identifier: string | null; projects: number }>;
}

/** The XML declaration and the root's start tag, generated now. */
function fileHeader(): string {
  const generated = `${new Date().toISOString().slice(0, 19)}Z`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="${generated}">\n`;
}

/** Yields the file in pieces; `summary` is complete once the generator is done. */
export async function* exportActivities(
  db: Db,
  filters: Partial<ProjectFilters>,
  summary: ExportSummary,
  batchSize = 500,
): AsyncGenerator<string> {
  const [countries, pillars] = await Promise.all([
    db.selectFrom("countries").select(["iso3", "iso2"]).execute(),
    db.selectFrom("pillars").select(["code", "name_en"]).execute(),
  ]);
  const lookups: Lookups = {
    iso2: new Map(countries.map((c) => [c.iso3, c.iso2.toUpperCase()])),
    pillarNames: new Map(pillars.map((p) => [p.code, p.name_en])),
    today: new Date().toISOString().slice(0, 10),
  };
  yield fileHeader();
  const leftOut = new Map<string, { organization: string; identifier: string | null; projects: number }>();
  let after = 0;
  for (;;) {
    const rows = (await applyFilters(db.selectFrom("projects"), {
      page: 1,
      sort: "updated",
      ...filters,
    } as ProjectFilters)
      .innerJoin("organizations", "organizations.id", "projects.organization_id")
      .select([
        "projects.id",
        "projects.iati_identifier",
        "projects.title",
        "projects.summary",
        "projects.description",
        "projects.dac_code",
        "projects.implementing_organization",
        "projects.status",
        "projects.start_date",
        "projects.end_date",
        "projects.budget",
        "projects.currency",
        "projects.language",
        "projects.updated_at",
        "projects.source_narratives",
        "organizations.name as org_name",
        "organizations.iati_ref as org_ref",
        "organizations.kind as org_kind",
        "organizations.iati_type as org_type",
      ])
      .where("projects.id", ">", after)
      .orderBy("projects.id")
      .limit(batchSize)
      .execute()) as ExportRow[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const links = await loadProjectLinks(
      db,
      rows.map((r) => r.id),
    );
    const pieces: string[] = [];
    for (const row of rows) {
      if (!isOrganisationIdentifier(row.org_ref)) {
        const entry = leftOut.get(row.org_name) ?? { organization: row.org_name, identifier: row.org_ref, projects: 0 };
        entry.projects += 1;
        leftOut.set(row.org_name, entry);
        continue;
      }
      pieces.push(activityXml(row, links.get(row.id)!, lookups));
      summary.exported += 1;
    }
    if (pieces.length) yield `${pieces.join("\n")}\n`;
  }
  summary.leftOut = [...leftOut.values()];
  if (summary.leftOut.length) {
    const names = summary.leftOut
      .map((o) => `${o.organization} (${o.projects})`)
      .join("; ")
      .replace(/--/g, "- -");
    yield `<!-- Left out: projects of organizations without a valid IATI organisation identifier: ${names} -->\n`;
  }
  yield `</iati-activities>\n`;
}
