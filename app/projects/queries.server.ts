import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, ProjectStatus } from "../../db/schema";
import type { Locale } from "~/i18n";
import type { ProjectFilters } from "~/marketplace/filters";
import { dacName } from "~/reference/reference.server";

// The one home of project SQL: reads for pages and lists, and the row-level writes the domain uses.

type Db = Kysely<Database>;
export const PAGE_SIZE = 25;

export interface ProjectLinks {
  pillars: string[];
  capacityAreas: string[];
  countries: string[];
}

export async function findProjectRow(db: Db, id: number, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom("projects").selectAll().where("id", "=", id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * Pillars, capacity areas and countries of many projects in three queries (never one per project),
 * each list in the order of its codes: a duplicate pair's snapshots (duplicates/snapshots.server.ts)
 * are these lists, compared in order.
 */
export async function loadProjectLinks(db: Db, ids: number[]): Promise<Map<number, ProjectLinks>> {
  const links = new Map<number, ProjectLinks>(ids.map((id) => [id, { pillars: [], capacityAreas: [], countries: [] }]));
  if (ids.length === 0) return links;
  const [pillars, areas, countries] = await Promise.all([
    db
      .selectFrom("project_pillars")
      .select(["project_id", "pillar_code"])
      .where("project_id", "in", ids)
      .orderBy("pillar_code")
      .execute(),
    db
      .selectFrom("project_capacity_areas")
      .select(["project_id", "capacity_area_code"])
      .where("project_id", "in", ids)
      .orderBy("capacity_area_code")
      .execute(),
    db
      .selectFrom("project_countries")
      .select(["project_id", "country_iso3"])
      .where("project_id", "in", ids)
      .orderBy("country_iso3")
      .execute(),
  ]);
  for (const p of pillars) links.get(p.project_id)?.pillars.push(p.pillar_code);
  for (const a of areas) links.get(a.project_id)?.capacityAreas.push(a.capacity_area_code);
  for (const c of countries) links.get(c.project_id)?.countries.push(c.country_iso3);
  return links;
}

export async function replaceProjectLinks(db: Db, projectId: number, links: ProjectLinks): Promise<void> {
  await db.deleteFrom("project_pillars").where("project_id", "=", projectId).execute();
  await db.deleteFrom("project_capacity_areas").where("project_id", "=", projectId).execute();
  await db.deleteFrom("project_countries").where("project_id", "=", projectId).execute();
  if (links.pillars.length)
    await db
      .insertInto("project_pillars")
      .values(links.pillars.map((pillar_code) => ({ project_id: projectId, pillar_code })))
      .execute();
  if (links.capacityAreas.length) {
    await db
      .insertInto("project_capacity_areas")
      .values(links.capacityAreas.map((capacity_area_code) => ({ project_id: projectId, capacity_area_code })))
      .execute();
  }
  if (links.countries.length)
    await db
      .insertInto("project_countries")
      .values(links.countries.map((country_iso3) => ({ project_id: projectId, country_iso3 })))
      .execute();
}

/** A value of the projects' id sequence (nextval: int8, as text). */
export const NextIdRow = z.object({ id: column.bigint });

export async function nextProjectId(db: Db): Promise<number> {
  const rows = await rawRows(
    db,
    "projects.nextProjectId",
    NextIdRow,
    sql`SELECT nextval(pg_get_serial_sequence('projects', 'id')) AS id`,
  );
  return Number(rows[0].id);
}

export async function iatiIdentifierTaken(db: Db, identifier: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom("projects").select("id").where("iati_identifier", "=", identifier);
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return Boolean(await query.executeTakeFirst());
}

export function applyFilters<O>(query: SelectQueryBuilder<Database, "projects", O>, f: ProjectFilters) {
  let q = query;
  if (f.pillar) {
    const pillar = f.pillar;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("project_pillars as pp")
          .select("pp.project_id")
          .whereRef("pp.project_id", "=", "projects.id")
          .where("pp.pillar_code", "=", pillar),
      ),
    );
  }
  if (f.area) {
    const area = f.area;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("project_capacity_areas as pa")
          .select("pa.project_id")
          .whereRef("pa.project_id", "=", "projects.id")
          .where("pa.capacity_area_code", "=", area),
      ),
    );
  }
  if (f.country) {
    const country = f.country;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("project_countries as pc")
          .select("pc.project_id")
          .whereRef("pc.project_id", "=", "projects.id")
          .where("pc.country_iso3", "=", country),
      ),
    );
  }
  if (f.route) {
    const route = f.route;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("project_countries as pc")
          .innerJoin("route_countries as rc", "rc.country_iso3", "pc.country_iso3")
          .select("pc.project_id")
          .whereRef("pc.project_id", "=", "projects.id")
          .where("rc.route_code", "=", route),
      ),
    );
  }
  if (f.status) q = q.where("projects.status", "=", f.status as ProjectStatus);
  if (f.organization) q = q.where("projects.organization_id", "=", f.organization);
  if (f.year) {
    // Periods include their first and last day; a project with no end runs on.
    q = q
      .where("projects.start_date", "<=", `${f.year}-12-31`)
      .where((eb) => eb.or([eb("projects.end_date", "is", null), eb("projects.end_date", ">=", `${f.year}-01-01`)]));
  }
  return q;
}

export async function listProjects(db: Db, f: ProjectFilters, locale: Locale, pageSize = PAGE_SIZE) {
  const base = applyFilters(db.selectFrom("projects"), f);
  const countRow = await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const total = Number(countRow.n);
  let query = base
    .innerJoin("organizations", "organizations.id", "projects.organization_id")
    .select([
      "projects.id",
      "projects.title",
      "projects.status",
      "projects.start_date",
      "projects.end_date",
      "projects.budget",
      "projects.currency",
      "projects.language",
      "projects.updated_at",
      "organizations.name as organization_name",
      "organizations.id as organization_id",
    ]);
  if (f.sort === "title") query = query.orderBy("projects.title").orderBy("projects.id");
  else if (f.sort === "start") query = query.orderBy("projects.start_date", "desc").orderBy("projects.id", "desc");
  else if (f.sort === "budget") query = query.orderBy("projects.budget", "desc").orderBy("projects.id", "desc");
  else query = query.orderBy("projects.updated_at", "desc").orderBy("projects.id", "desc");
  const page = Math.max(1, Math.min(f.page, Math.max(1, Math.ceil(total / pageSize))));
  const rows = await query
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const links = await loadProjectLinks(
    db,
    rows.map((r) => r.id),
  );
  const names = await countryNames(db, [...new Set(rows.flatMap((r) => links.get(r.id)?.countries ?? []))], locale);
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    rows: rows.map((r) => ({
      ...r,
      updated_at: r.updated_at.toISOString(),
      pillars: links.get(r.id)?.pillars ?? [],
      countries: (links.get(r.id)?.countries ?? []).map((iso3) => ({ iso3, name: names.get(iso3) ?? iso3 })),
    })),
  };
}

export async function countryNames(db: Db, iso3s: string[], locale: Locale): Promise<Map<string, string>> {
  if (iso3s.length === 0) return new Map();
  const rows = await db
    .selectFrom("countries")
    .select(["iso3", "name_en", "name_ru"])
    .where("iso3", "in", iso3s)
    .execute();
  return new Map(rows.map((r) => [r.iso3, locale === "ru" ? r.name_ru : r.name_en]));
}

/** Everything the project page shows, names in the reader's language. */
export async function getProjectDetail(db: Db, id: number, locale: Locale) {
  const row = await db
    .selectFrom("projects")
    .innerJoin("organizations", "organizations.id", "projects.organization_id")
    .innerJoin("dac_codes", "dac_codes.code", "projects.dac_code")
    .selectAll("projects")
    .select([
      "organizations.name as organization_name",
      "dac_codes.name as dac_name_en",
      "dac_codes.name_ru as dac_name_ru",
    ])
    .where("projects.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const links = (await loadProjectLinks(db, [id])).get(id)!;
  const [pillars, areas, names] = await Promise.all([
    links.pillars.length
      ? db
          .selectFrom("pillars")
          .select(["code", "name_en", "name_ru"])
          .where("code", "in", links.pillars)
          .orderBy("number")
          .execute()
      : [],
    links.capacityAreas.length
      ? db
          .selectFrom("capacity_areas")
          .select(["code", "name_en", "name_ru"])
          .where("code", "in", links.capacityAreas)
          .orderBy("pillar_code")
          .orderBy("position")
          .execute()
      : [],
    countryNames(db, links.countries, locale),
  ]);
  const name = (r: { name_en: string; name_ru: string }) => (locale === "ru" ? r.name_ru : r.name_en);
  const { dac_name_en, dac_name_ru, ...project } = row;
  return {
    ...project,
    dac_name: dacName({ name: dac_name_en, name_ru: dac_name_ru }, locale),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    links,
    pillars: pillars.map((p) => ({ code: p.code, name: name(p) })),
    capacityAreas: areas.map((a) => ({ code: a.code, name: name(a) })),
    countries: links.countries
      .map((iso3) => ({ iso3, name: names.get(iso3) ?? iso3 }))
      .sort((a, b) => a.name.localeCompare(b.name, locale)),
  };
}

/**
 * Projects after `afterId` in id order, `limit` of them, with their links: the API's keyset pages
 * (a project created meanwhile gets a higher id and comes later; none is skipped or repeated).
 */
export async function listProjectsAfter(db: Db, f: ProjectFilters, afterId: number | undefined, limit: number) {
  let query = applyFilters(db.selectFrom("projects"), f)
    .innerJoin("organizations", "organizations.id", "projects.organization_id")
    .innerJoin("dac_codes", "dac_codes.code", "projects.dac_code")
    .select([
      "projects.id",
      "projects.title",
      "projects.summary",
      "projects.description",
      "projects.status",
      "projects.start_date",
      "projects.end_date",
      "projects.budget",
      "projects.currency",
      "projects.dac_code",
      "dac_codes.name as dac_name",
      "projects.implementing_organization",
      "projects.iati_identifier",
      "projects.recommendation",
      "projects.language",
      "projects.source_narratives",
      "projects.created_at",
      "projects.updated_at",
      "organizations.id as organization_id",
      "organizations.name as organization_name",
    ]);
  if (afterId !== undefined) query = query.where("projects.id", ">", afterId);
  const rows = await query.orderBy("projects.id").limit(limit).execute();
  const links = await loadProjectLinks(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, links: links.get(r.id)! }));
}

export type ProjectExportRow = Awaited<ReturnType<typeof listProjectsAfter>>[number];
