import { sql, type Kysely } from "kysely";
import type { Database, NeedStatus, ProjectStatus } from "../../db/schema";
import type { Locale } from "~/i18n";
import { ratesAsOf } from "~/money/exchange.server";
import { countryNames, loadProjectLinks } from "~/projects/queries.server";
import { meetingLabel } from "./recommendations.server";
import { needCoverages } from "./tracker.server";

// The individual needs and projects citing one recommendation, a page at a time. The marketplace
// lists show every need and project to every signed-in member whatever its status or owner, so
// these lists do too (the recommendation's page is for signed-in members only); withdrawn needs
// and cancelled projects come last, as the tracker's figures leave them out.

type Db = Kysely<Database>;
export const CITING_PAGE_SIZE = 25;

export interface CitingNeedRow {
  id: number;
  title: string;
  language: string;
  status: NeedStatus;
  countryIso3: string;
  countryName: string;
  pillarCode: string;
  pillarName: string;
  costUsd: string | null;
  coverageUsd: string;
  unmetUsd: string | null;
}

export interface CitingProjectRow {
  id: number;
  title: string;
  language: string;
  status: ProjectStatus;
  donor: string;
  pillars: string[];
  countries: { iso3: string; name: string }[];
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
}

function pageOf(requested: number, total: number) {
  const pageCount = Math.max(1, Math.ceil(total / CITING_PAGE_SIZE));
  const page = Math.max(1, Math.min(requested, pageCount));
  return { page, pageCount, offset: (page - 1) * CITING_PAGE_SIZE };
}

async function countLinks(
  db: Db,
  table: "need_recommendations" | "project_recommendations",
  recommendationId: number,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("recommendation_id", "=", recommendationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the needs citing the recommendation, each valued in USD on `asOf` by the coverage rule. */
export async function citingNeedsPage(
  db: Db,
  recommendationId: number,
  locale: Locale,
  asOf: string,
  requested: number,
): Promise<Page<CitingNeedRow>> {
  const total = await countLinks(db, "need_recommendations", recommendationId);
  const { page, pageCount, offset } = pageOf(requested, total);
  const ru = locale === "ru";
  const rows = await db
    .selectFrom("need_recommendations as nr")
    .innerJoin("needs as n", "n.id", "nr.need_id")
    .innerJoin("countries as c", "c.iso3", "n.country_iso3")
    .innerJoin("pillars as p", "p.code", "n.pillar_code")
    .select([
      "n.id",
      "n.title",
      "n.language",
      "n.status",
      "n.country_iso3",
      "n.pillar_code",
      "n.estimated_cost",
      "n.currency",
    ])
    .select([
      ru ? "c.name_ru as country_name" : "c.name_en as country_name",
      ru ? "p.name_ru as pillar_name" : "p.name_en as pillar_name",
    ])
    .where("nr.recommendation_id", "=", recommendationId)
    .orderBy(sql`n.status = 'withdrawn'`)
    .orderBy(ru ? "c.name_ru" : "c.name_en")
    .orderBy("n.id")
    .limit(CITING_PAGE_SIZE)
    .offset(offset)
    .execute();
  const coverages = await needCoverages(
    db,
    rows.map((r) => ({ need_id: r.id, estimated_cost: r.estimated_cost, currency: r.currency })),
    await ratesAsOf(db, asOf),
  );
  return {
    total,
    page,
    pageCount,
    rows: rows.map((r) => {
      const coverage = coverages.get(r.id)!;
      return {
        id: r.id,
        title: r.title,
        language: r.language,
        status: r.status,
        countryIso3: r.country_iso3,
        countryName: r.country_name,
        pillarCode: r.pillar_code,
        pillarName: r.pillar_name,
        costUsd: coverage.costUsd,
        coverageUsd: coverage.coverageUsd,
        unmetUsd: coverage.unmetUsd,
      };
    }),
  };
}

/** One page of the projects citing the recommendation, with donor, pillars and countries (a fixed number
 * of queries whatever the page holds). */
export async function citingProjectsPage(
  db: Db,
  recommendationId: number,
  locale: Locale,
  requested: number,
): Promise<Page<CitingProjectRow>> {
  const total = await countLinks(db, "project_recommendations", recommendationId);
  const { page, pageCount, offset } = pageOf(requested, total);
  const rows = await db
    .selectFrom("project_recommendations as pr")
    .innerJoin("projects as p", "p.id", "pr.project_id")
    .innerJoin("organizations as o", "o.id", "p.organization_id")
    .select(["p.id", "p.title", "p.language", "p.status", "o.name as donor"])
    .where("pr.recommendation_id", "=", recommendationId)
    .orderBy(sql`p.status = 'cancelled'`)
    .orderBy("p.title")
    .orderBy("p.id")
    .limit(CITING_PAGE_SIZE)
    .offset(offset)
    .execute();
  const links = await loadProjectLinks(
    db,
    rows.map((r) => r.id),
  );
  const names = await countryNames(db, [...new Set([...links.values()].flatMap((l) => l.countries))], locale);
  return {
    total,
    page,
    pageCount,
    rows: rows.map((r) => {
      const own = links.get(r.id)!;
      return {
        ...r,
        pillars: own.pillars,
        countries: own.countries.map((iso3) => ({ iso3, name: names.get(iso3) ?? iso3 })),
      };
    }),
  };
}

export interface Citation {
  id: number;
  number: number;
  status: "proposed" | "endorsed" | "superseded";
  meetingId: number;
  meetingLabel: string;
  pillarCode: string;
  pillarName: string;
}

/** The recommendations a need or project cites, with meeting and pillar, in one query. */
export async function citationsOf(
  db: Db,
  kind: "need" | "project",
  recordId: number,
  locale: Locale,
): Promise<Citation[]> {
  const base =
    kind === "need"
      ? db.selectFrom("need_recommendations as l").select("l.recommendation_id").where("l.need_id", "=", recordId)
      : db
          .selectFrom("project_recommendations as l")
          .select("l.recommendation_id")
          .where("l.project_id", "=", recordId);
  const rows = await db
    .selectFrom("recommendations as r")
    .innerJoin("meetings as m", "m.id", "r.meeting_id")
    .innerJoin("pillars as p", "p.code", "r.pillar_code")
    .select([
      "r.id",
      "r.number",
      "r.status",
      "r.meeting_id",
      "r.pillar_code",
      "m.kind",
      "m.city",
      "m.start_date",
      "m.topic",
    ])
    .select(locale === "ru" ? "p.name_ru as pillar_name" : "p.name_en as pillar_name")
    .where("r.id", "in", base)
    .orderBy("m.start_date", "desc")
    .orderBy("r.meeting_id")
    .orderBy("r.number")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    meetingId: r.meeting_id,
    meetingLabel: meetingLabel(r),
    pillarCode: r.pillar_code,
    pillarName: r.pillar_name,
  }));
}
