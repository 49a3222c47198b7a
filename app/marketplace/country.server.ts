import { sql, type Kysely, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, NeedsTable } from "../../db/schema";
import type { Locale } from "~/i18n";
import { gapMatrix, type GapCell } from "~/gaps/gaps.server";
import { NeedFiltersSchema, ProjectFiltersSchema } from "./filters";
import { listNeeds } from "~/needs/queries.server";
import { listProjects } from "~/projects/queries.server";
import { today } from "~/forms/dates";

// A country's fact sheet: its routes and roles; per pillar its gap-matrix row (computed by the gap
// analysis itself, as of the day asked); active and pipeline projects and their donors; pledges
// naming it; the recommendations its needs answer; recent changes; and its needs and projects.

type Db = Kysely<Database>;

/** The country's cells of the gap matrix, one per pillar (a country on several routes has the same cells on each). */
export async function countryGapRow(db: Db, iso3: string, asOf: string) {
  const matrix = await gapMatrix(db, {}, asOf);
  const cells = new Map<string, GapCell>();
  for (const c of matrix.cells)
    if (c.countryIso3.trim() === iso3 && !cells.has(c.pillarCode)) cells.set(c.pillarCode, c);
  return { asOf: matrix.asOf, rateDates: matrix.rateDates, cells: [...cells.values()] };
}

async function activeProjects(db: Db, iso3: string) {
  return db
    .selectFrom("projects as p")
    .innerJoin("organizations as o", "o.id", "p.organization_id")
    .select((eb) => [
      "p.id",
      "p.title",
      "p.status",
      "o.name as donor",
      eb.cast<string>("p.start_date", "text").as("start_date"),
      eb.cast<string | null>("p.end_date", "text").as("end_date"),
    ])
    .where("p.status", "in", ["active", "pipeline"])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("project_countries as pc")
          .select(sql.lit(1).as("one"))
          .whereRef("pc.project_id", "=", "p.id")
          .where("pc.country_iso3", "=", iso3),
      ),
    )
    .orderBy("p.status")
    .orderBy("p.start_date", "desc")
    .orderBy("p.id")
    .limit(50)
    .execute();
}

async function countryPledges(db: Db, iso3: string) {
  return db
    .selectFrom("pledges")
    .innerJoin("organizations", "organizations.id", "pledges.organization_id")
    .select([
      "pledges.id",
      "pledges.amount",
      "pledges.currency",
      "pledges.period_start",
      "pledges.period_end",
      "organizations.name as donor",
    ])
    .where("pledges.country_iso3", "=", iso3)
    .orderBy("pledges.period_start", "desc")
    .limit(50)
    .execute();
}

async function answeredRecommendations(db: Db, iso3: string, locale: Locale) {
  const rows = await db
    .selectFrom("need_recommendations as nr")
    .innerJoin("needs as n", (join) => join.onRef("n.id", "=", "nr.need_id").on("n.status", "<>", "withdrawn"))
    .innerJoin("recommendations as r", "r.id", "nr.recommendation_id")
    .innerJoin("meetings as m", "m.id", "r.meeting_id")
    .select((eb) => [
      "r.id",
      "r.number",
      "r.pillar_code",
      locale === "ru" ? "r.text_ru as text" : "r.text_en as text",
      "m.kind",
      "m.city",
      "m.start_date",
      eb.fn.countAll<string>().as("needs"),
    ])
    .where("n.country_iso3", "=", iso3)
    .groupBy(["r.id", "m.id"])
    .orderBy("m.start_date", "desc")
    .orderBy("r.number")
    .execute();
  return rows.map((r) => ({ ...r, needs: Number(r.needs) }));
}

/** A recent change: a need or a project, as its table has it. */
const ActivityRow = z.object({
  kind: z.enum(["need", "project"]),
  id: column.int,
  title: column.text,
  updated_at: column.timestamp,
}) satisfies z.ZodType<Pick<Selectable<NeedsTable>, "id" | "title" | "updated_at">>;

async function recentActivity(db: Db, iso3: string) {
  // Raw: each branch keeps its own ORDER BY and LIMIT, in parentheses the query builder does not write.
  const rows = await rawRows(
    db,
    "country.recentActivity",
    ActivityRow,
    sql`
    (SELECT 'need' AS kind, n.id, n.title, n.updated_at FROM needs n
     WHERE n.country_iso3 = ${iso3} ORDER BY n.updated_at DESC LIMIT 10)
    UNION ALL
    (SELECT 'project' AS kind, p.id, p.title, p.updated_at FROM projects p
     WHERE EXISTS (SELECT 1 FROM project_countries pc WHERE pc.project_id = p.id AND pc.country_iso3 = ${iso3})
     ORDER BY p.updated_at DESC LIMIT 10)
    ORDER BY updated_at DESC LIMIT 10`,
  );
  return rows.map((r) => ({ ...r, updated_at: new Date(r.updated_at).toISOString() }));
}

/** The fact sheet of a country, as of `asOf` (the gap analysis's valuation day). */
export async function getCountryOverview(db: Db, iso3: string, locale: Locale, asOf = today(), pageSize = 20) {
  const country = await db
    .selectFrom("countries")
    .select(["iso3", "name_en", "name_ru", "is_partner"])
    .where("iso3", "=", iso3)
    .executeTakeFirst();
  if (!country) return null;
  const routes = await db
    .selectFrom("route_countries")
    .innerJoin("routes", "routes.code", "route_countries.route_code")
    .select(["routes.code", "routes.name_en", "routes.name_ru", "route_countries.role"])
    .where("route_countries.country_iso3", "=", iso3)
    .orderBy("routes.position")
    .execute();
  const [gaps, projectsNow, pledges, recommendations, activity, needs, projects] = await Promise.all([
    countryGapRow(db, iso3, asOf),
    activeProjects(db, iso3),
    countryPledges(db, iso3),
    answeredRecommendations(db, iso3, locale),
    recentActivity(db, iso3),
    listNeeds(db, NeedFiltersSchema.parse({ country: iso3, sort: "priority" }), locale, pageSize),
    listProjects(db, ProjectFiltersSchema.parse({ country: iso3, sort: "start" }), locale, pageSize),
  ]);
  return {
    iso3: country.iso3,
    name: locale === "ru" ? country.name_ru : country.name_en,
    isPartner: country.is_partner,
    routes: routes.map((r) => ({ code: r.code, name: locale === "ru" ? r.name_ru : r.name_en, role: r.role })),
    gaps,
    activeProjects: projectsNow,
    donors: [...new Set(projectsNow.map((p) => p.donor))].sort(),
    pledges,
    recommendations,
    activity,
    needs,
    projects,
  };
}

export type CountryFactSheet = NonNullable<Awaited<ReturnType<typeof getCountryOverview>>>;
