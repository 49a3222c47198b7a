import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { Database, NeedStatus, Priority } from "../../db/schema";
import type { Locale } from "~/i18n";
import type { NeedFilters } from "~/marketplace/filters";

// The one home of need SQL.

type Db = Kysely<Database>;
export const PAGE_SIZE = 25;

export async function findNeedRow(db: Db, id: number, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom("needs").selectAll().where("id", "=", id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export function applyFilters<O>(query: SelectQueryBuilder<Database, "needs", O>, f: NeedFilters) {
  let q = query;
  if (f.pillar) q = q.where("needs.pillar_code", "=", f.pillar);
  if (f.area) q = q.where("needs.capacity_area_code", "=", f.area);
  if (f.country) q = q.where("needs.country_iso3", "=", f.country);
  if (f.route) {
    const route = f.route;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("route_countries as rc")
          .select("rc.country_iso3")
          .whereRef("rc.country_iso3", "=", "needs.country_iso3")
          .where("rc.route_code", "=", route),
      ),
    );
  }
  if (f.status) q = q.where("needs.status", "=", f.status as NeedStatus);
  if (f.priority) q = q.where("needs.priority", "=", f.priority as Priority);
  if (f.organization) q = q.where("needs.organization_id", "=", f.organization);
  if (f.year) {
    // A wanted period overlaps the year; an open end (or start) runs on indefinitely.
    const first = `${f.year}-01-01`;
    const last = `${f.year}-12-31`;
    q = q
      .where((eb) => eb.or([eb("needs.wanted_start", "is", null), eb("needs.wanted_start", "<=", last)]))
      .where((eb) => eb.or([eb("needs.wanted_end", "is", null), eb("needs.wanted_end", ">=", first)]));
  }
  return q;
}

const PRIORITY_RANK = sql<number>`array_position(ARRAY['critical', 'high', 'medium', 'low']::text[], needs.priority)`;

export async function listNeeds(db: Db, f: NeedFilters, locale: Locale, pageSize = PAGE_SIZE) {
  const base = applyFilters(db.selectFrom("needs"), f);
  const countRow = await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const total = Number(countRow.n);
  let query = base
    .innerJoin("organizations", "organizations.id", "needs.organization_id")
    .innerJoin("countries", "countries.iso3", "needs.country_iso3")
    .innerJoin("capacity_areas", "capacity_areas.code", "needs.capacity_area_code")
    .select([
      "needs.id",
      "needs.title",
      "needs.status",
      "needs.priority",
      "needs.pillar_code",
      "needs.capacity_area_code",
      "needs.estimated_cost",
      "needs.currency",
      "needs.wanted_start",
      "needs.wanted_end",
      "needs.language",
      "needs.updated_at",
      "needs.country_iso3",
      "organizations.name as organization_name",
      locale === "ru" ? "countries.name_ru as country_name" : "countries.name_en as country_name",
      locale === "ru" ? "capacity_areas.name_ru as area_name" : "capacity_areas.name_en as area_name",
    ]);
  if (f.sort === "title") query = query.orderBy("needs.title").orderBy("needs.id");
  else if (f.sort === "priority")
    query = query.orderBy(PRIORITY_RANK).orderBy("needs.updated_at", "desc").orderBy("needs.id", "desc");
  else if (f.sort === "wanted") query = query.orderBy(sql`needs.wanted_start NULLS LAST`).orderBy("needs.id");
  else query = query.orderBy("needs.updated_at", "desc").orderBy("needs.id", "desc");
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.max(1, Math.min(f.page, pageCount));
  const rows = await query
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total, page, pageCount, rows: rows.map((r) => ({ ...r, updated_at: r.updated_at.toISOString() })) };
}

export async function getNeedDetail(db: Db, id: number, locale: Locale) {
  const row = await db
    .selectFrom("needs")
    .innerJoin("organizations", "organizations.id", "needs.organization_id")
    .innerJoin("countries", "countries.iso3", "needs.country_iso3")
    .innerJoin("pillars", "pillars.code", "needs.pillar_code")
    .innerJoin("capacity_areas", "capacity_areas.code", "needs.capacity_area_code")
    .selectAll("needs")
    .select([
      "organizations.name as organization_name",
      locale === "ru" ? "countries.name_ru as country_name" : "countries.name_en as country_name",
      locale === "ru" ? "pillars.name_ru as pillar_name" : "pillars.name_en as pillar_name",
      locale === "ru" ? "capacity_areas.name_ru as area_name" : "capacity_areas.name_en as area_name",
    ])
    .where("needs.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    withdrawn_at: row.withdrawn_at ? row.withdrawn_at.toISOString() : null,
  };
}

/** Needs after `afterId` in id order, `limit` of them: the API's keyset pages. */
export async function listNeedsAfter(db: Db, f: NeedFilters, afterId: number | undefined, limit: number) {
  let query = applyFilters(db.selectFrom("needs"), f)
    .innerJoin("organizations", "organizations.id", "needs.organization_id")
    .select([
      "needs.id",
      "needs.title",
      "needs.description",
      "needs.country_iso3",
      "needs.pillar_code",
      "needs.capacity_area_code",
      "needs.priority",
      "needs.status",
      "needs.estimated_cost",
      "needs.currency",
      "needs.wanted_start",
      "needs.wanted_end",
      "needs.recommendation",
      "needs.language",
      "needs.created_at",
      "needs.updated_at",
      "organizations.id as organization_id",
      "organizations.name as organization_name",
    ]);
  if (afterId !== undefined) query = query.where("needs.id", ">", afterId);
  return query.orderBy("needs.id").limit(limit).execute();
}

export type NeedExportRow = Awaited<ReturnType<typeof listNeedsAfter>>[number];
