import { PILLAR_CODES, ROUTE_CODES } from "../../db/values";
import { z } from "zod";
import { sql, type Kysely } from "kysely";
import type { Database, ProjectStatus } from "../../db/schema";
import type { Locale } from "~/i18n";
import { lenient, queryId, readQuery } from "~/forms/query";
import { computeCoverage } from "~/matches/coverage";
import { sumAmounts, subtractAmounts } from "~/money/decimal";
import { convertToUsd, ratesAsOf, type RateInfo } from "~/money/exchange.server";
import { listRecommendations, type RecommendationSummary } from "./recommendations.server";
import { meetingDay } from "./meetings.server";

// The recommendation tracker: for every endorsed recommendation, the needs citing it (count, cost,
// coverage, unmet in USD, by country) and the projects citing it (count, donors, status). Each
// need is valued by the one coverage rule (app/matches/coverage.ts) at the rates of the valuation
// day (the same dated rates and per-amount rounding as the gap analysis).

type Db = Kysely<Database>;
// The filters of the page and its CSV: read as every list reads its address (the first value of
// each parameter; an unreadable one is ignored).
export const TrackerFiltersSchema = z.object({
  pillar: lenient(z.enum(PILLAR_CODES)),
  meeting: queryId(),
  route: lenient(z.enum(ROUTE_CODES)),
  country: lenient(z.string().regex(/^[A-Z]{3}$/)),
});
export type TrackerFilters = z.output<typeof TrackerFiltersSchema>;

export function trackerFiltersFrom(params: URLSearchParams): TrackerFilters {
  return readQuery(TrackerFiltersSchema, params);
}

export interface NeedFigures {
  needs: number;
  costedNeeds: number;
  costUsd: string;
  coverageUsd: string;
  unmetUsd: string;
}

export interface CountryFigures extends NeedFigures {
  iso3: string;
  name: string;
}

export interface TrackerRow {
  recommendation: RecommendationSummary;
  endorsedOn: string | null;
  needs: NeedFigures;
  countries: CountryFigures[];
  projects: { count: number; byStatus: Partial<Record<ProjectStatus, number>>; donors: string[] };
  flags: { needsWithoutProject: boolean; unansweredAfterYear: boolean };
  flagged: boolean;
}

function countryCondition(column: string, filters: TrackerFilters) {
  const parts = [sql<boolean>`TRUE`];
  if (filters.country) parts.push(sql`${sql.ref(column)} = ${filters.country}`);
  if (filters.route)
    parts.push(
      sql`EXISTS (
        SELECT 1 FROM route_countries rc
        WHERE rc.country_iso3 = ${sql.ref(column)} AND rc.route_code = ${filters.route}
      )`,
    );
  return sql<boolean>`${sql.join(parts, sql` AND `)}`;
}

type CitingNeed = Awaited<ReturnType<typeof citingNeeds>>[number];

/** The needs (not withdrawn) citing the recommendations, in the filters' countries. */
async function citingNeeds(db: Db, ids: number[], filters: TrackerFilters, locale: Locale) {
  if (!ids.length) return [];
  return db
    .selectFrom("need_recommendations as nr")
    .innerJoin("needs as n", "n.id", "nr.need_id")
    .innerJoin("countries as c", "c.iso3", "n.country_iso3")
    .select([
      "nr.recommendation_id",
      "n.id as need_id",
      "n.country_iso3",
      locale === "ru" ? "c.name_ru as country_name" : "c.name_en as country_name",
      "n.estimated_cost",
      "n.currency",
    ])
    .where("nr.recommendation_id", "in", ids)
    .where("n.status", "<>", "withdrawn")
    .where(countryCondition("n.country_iso3", filters))
    .orderBy("c.name_en")
    .orderBy("n.id")
    .execute();
}

/** Each need's coverage at the day's rates, by the one coverage rule (the tracker and the recommendation's list). */
export async function needCoverages(
  db: Db,
  needs: Pick<CitingNeed, "need_id" | "estimated_cost" | "currency">[],
  rates: Map<string, RateInfo>,
) {
  const ids = [...new Set(needs.map((n) => n.need_id))];
  const matches = ids.length
    ? await db
        .selectFrom("matches")
        .select(["need_id", "amount", "currency"])
        .where("need_id", "in", ids)
        .where("status", "=", "confirmed")
        .execute()
    : [];
  const usd = (amount: string, currency: string) => convertToUsd(rates, amount, currency).usd;
  const confirmed = new Map<number, string[]>();
  for (const m of matches)
    if (m.amount && m.currency)
      confirmed.set(m.need_id, [...(confirmed.get(m.need_id) ?? []), usd(m.amount, m.currency)]);
  return new Map(
    needs.map((n) => [
      n.need_id,
      computeCoverage(
        n.estimated_cost && n.currency ? usd(n.estimated_cost, n.currency) : null,
        confirmed.get(n.need_id) ?? [],
      ),
    ]),
  );
}

type NeedCoverage = ReturnType<typeof computeCoverage>;

function figures(coverages: NeedCoverage[]): NeedFigures {
  const costed = coverages.filter((c) => c.costUsd !== null);
  const costUsd = sumAmounts(costed.map((c) => c.costUsd!));
  const coverageUsd = sumAmounts(costed.map((c) => c.coverageUsd));
  return {
    needs: coverages.length,
    costedNeeds: costed.length,
    costUsd,
    coverageUsd,
    unmetUsd: subtractAmounts(costUsd, coverageUsd),
  };
}

async function citingProjects(db: Db, ids: number[], filters: TrackerFilters) {
  if (!ids.length) return [];
  let query = db
    .selectFrom("project_recommendations as pr")
    .innerJoin("projects as p", "p.id", "pr.project_id")
    .innerJoin("organizations as o", "o.id", "p.organization_id")
    .select(["pr.recommendation_id", "p.status", "o.name as donor"])
    .where("pr.recommendation_id", "in", ids)
    .where("p.status", "<>", "cancelled");
  if (filters.country || filters.route)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("project_countries as pc")
          .select(sql.lit(1).as("one"))
          .whereRef("pc.project_id", "=", "p.id")
          .where(countryCondition("pc.country_iso3", filters)),
      ),
    );
  return query.execute();
}

function addYear(day: string): string {
  return `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
}

/** The tracker's rows for the endorsed recommendations that the filters keep, valued on `asOf`. */
export async function trackRecommendations(
  db: Db,
  filters: TrackerFilters,
  asOf: string,
  locale: Locale,
  only?: { ids: number[]; anyStatus: boolean },
) {
  const endorsed = await db
    .selectFrom("recommendations as r")
    .leftJoin("meetings as e", "e.id", "r.endorsed_by_meeting_id")
    .select(["r.id", "e.start_date as endorsed_on"])
    .$if(!only?.anyStatus, (q) => q.where("r.status", "=", "endorsed"))
    .$if(Boolean(only), (q) => q.where("r.id", "in", only!.ids.length ? only!.ids : [0]))
    .$if(Boolean(filters.pillar), (q) => q.where("r.pillar_code", "=", filters.pillar!))
    .$if(Boolean(filters.meeting), (q) => q.where("r.meeting_id", "=", filters.meeting!))
    .execute();
  const ids = endorsed.map((r) => r.id);
  const [summaries, needs, projects, rates] = await Promise.all([
    listRecommendations(db, locale, { ids }),
    citingNeeds(db, ids, filters, locale),
    citingProjects(db, ids, filters),
    ratesAsOf(db, asOf),
  ]);
  const coverages = await needCoverages(db, needs, rates);
  const endorsedOn = new Map(endorsed.map((r) => [r.id, r.endorsed_on ? meetingDay(r.endorsed_on) : null]));
  const geographic = Boolean(filters.country || filters.route);
  const rows = summaries.map((rec): TrackerRow => {
    const own = needs.filter((n) => n.recommendation_id === rec.id);
    const countries = [...new Set(own.map((n) => n.country_iso3))].map((iso3) => {
      const inCountry = own.filter((n) => n.country_iso3 === iso3);
      return { iso3, name: inCountry[0].country_name, ...figures(inCountry.map((n) => coverages.get(n.need_id)!)) };
    });
    const ownProjects = projects.filter((p) => p.recommendation_id === rec.id);
    const byStatus: Partial<Record<ProjectStatus, number>> = {};
    for (const p of ownProjects) byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
    const day = endorsedOn.get(rec.id) ?? null;
    const flags = {
      needsWithoutProject: own.length > 0 && ownProjects.length === 0,
      unansweredAfterYear: own.length === 0 && ownProjects.length === 0 && day !== null && addYear(day) <= asOf,
    };
    return {
      recommendation: rec,
      endorsedOn: day,
      needs: figures(own.map((n) => coverages.get(n.need_id)!)),
      countries,
      projects: { count: ownProjects.length, byStatus, donors: [...new Set(ownProjects.map((p) => p.donor))].sort() },
      flags,
      flagged: flags.needsWithoutProject || flags.unansweredAfterYear,
    };
  });
  return {
    asOf,
    rateDates: Object.fromEntries([...rates.values()].map((r) => [r.currency, r.rateDate])),
    // With a country or route chosen, only the recommendations that something there answers.
    rows: geographic ? rows.filter((r) => r.needs.needs > 0 || r.projects.count > 0) : rows,
  };
}
