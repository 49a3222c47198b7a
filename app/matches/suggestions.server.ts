import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { SearchEngine } from "../../search/engine";
import { projectReachesCountry, projectServesPillar } from "./fit.server";

// DESIGN.md's matching rule: for a need, the projects that could serve it (same country, or a
// regional project covering it; same pillar; active or pipeline; periods that fit), ranked by how
// many of these hold and by text relevance; for a project, the needs it could serve. Each
// suggestion says why. The structural rules come from SQL; text relevance from the search engine.

export interface SuggestionReasons {
  sameCountry: boolean;
  /** The project covers several countries, this one among them. */
  regional: boolean;
  samePillar: boolean;
  sameCapacityArea: boolean;
  periodFits: boolean;
  /** Rank in the engine's "similar" list (1 = most alike), when it was there. */
  textRank: number | null;
  sharedTerms: string[];
}

export interface Suggestion {
  id: number;
  title: string;
  organizationId: number;
  organizationName: string;
  status: string;
  reasons: SuggestionReasons;
  score: number;
}

const SIMILAR_LIMIT = 50;
const STOPWORDS = new Set(
  "the and for with from that this their into over under through between about against within without на для и в по с от к из о об при что как или его её их это".split(" "),
);

function terms(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 4 && !STOPWORDS.has(w)),
  );
}

function sharedTerms(a: string, b: string): string[] {
  const left = terms(a);
  return [...terms(b)].filter((w) => left.has(w)).slice(0, 6);
}

/** Criteria that hold count most; text relevance orders within the same count. */
function score(r: SuggestionReasons): number {
  const criteria = [r.sameCountry, r.samePillar, r.sameCapacityArea, r.periodFits].filter(Boolean).length;
  const text = r.textRank === null ? 0 : 1 - (r.textRank - 1) / SIMILAR_LIMIT;
  return Math.round((criteria + text + Math.min(r.sharedTerms.length, 5) * 0.05) * 1000) / 1000;
}

async function textRanks(engine: SearchEngine, ref: { type: "project" | "need"; recordId: number }, filters: Parameters<SearchEngine["similar"]>[1]) {
  try {
    const hits = await engine.similar(ref, filters);
    return new Map(hits.map((h, i) => [h.recordId, i + 1]));
  } catch {
    // The engine may be down: structural rules still give suggestions.
    return new Map<number, number>();
  }
}

export async function suggestProjectsForNeed(db: Kysely<Database>, engine: SearchEngine, needId: number, limit = 10): Promise<Suggestion[]> {
  const need = await db.selectFrom("needs").selectAll().where("id", "=", needId).executeTakeFirst();
  if (!need) return [];
  const { rows } = await sql<{ id: number; title: string; summary: string; status: string; organization_id: number; organization_name: string; countries: string; same_area: boolean; period_fits: boolean }>`
    SELECT p.id, p.title, p.summary, p.status, p.organization_id, o.name AS organization_name,
           (SELECT count(*) FROM project_countries x WHERE x.project_id = p.id) AS countries,
           EXISTS (SELECT 1 FROM project_capacity_areas a WHERE a.project_id = p.id AND a.capacity_area_code = ${need.capacity_area_code}) AS same_area,
           (${need.wanted_end}::date IS NULL OR p.start_date <= ${need.wanted_end}::date)
             AND (${need.wanted_start}::date IS NULL OR p.end_date IS NULL OR p.end_date >= ${need.wanted_start}::date) AS period_fits
    FROM projects p
    JOIN organizations o ON o.id = p.organization_id
    WHERE p.status IN ('active', 'pipeline')
      AND ${projectReachesCountry(sql.ref("p.id"), need.country_iso3)}
      AND ${projectServesPillar(sql.ref("p.id"), need.pillar_code)}
      AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.need_id = ${needId} AND m.project_id = p.id AND m.status IN ('proposed', 'confirmed'))
    LIMIT 500`.execute(db);
  const ranks = await textRanks(engine, { type: "need", recordId: needId }, { filters: { type: ["project"], status: ["active", "pipeline"], country: [need.country_iso3] }, limit: SIMILAR_LIMIT });
  const needText = `${need.title} ${need.description}`;
  return rows
    .map((p) => {
      const reasons: SuggestionReasons = {
        sameCountry: true,
        regional: Number(p.countries) > 1,
        samePillar: true,
        sameCapacityArea: Boolean(p.same_area),
        periodFits: Boolean(p.period_fits),
        textRank: ranks.get(p.id) ?? null,
        sharedTerms: sharedTerms(needText, `${p.title} ${p.summary}`),
      };
      return { id: p.id, title: p.title, organizationId: p.organization_id, organizationName: p.organization_name, status: p.status, reasons, score: score(reasons) };
    })
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit);
}

export async function suggestNeedsForProject(db: Kysely<Database>, engine: SearchEngine, projectId: number, limit = 10): Promise<Suggestion[]> {
  const project = await db.selectFrom("projects").selectAll().where("id", "=", projectId).executeTakeFirst();
  if (!project) return [];
  const [countries, pillars] = await Promise.all([
    db.selectFrom("project_countries").select("country_iso3").where("project_id", "=", projectId).execute(),
    db.selectFrom("project_pillars").select("pillar_code").where("project_id", "=", projectId).execute(),
  ]);
  if (!countries.length || !pillars.length) return [];
  const { rows } = await sql<{ id: number; title: string; description: string; status: string; organization_id: number; organization_name: string; same_area: boolean; period_fits: boolean }>`
    SELECT n.id, n.title, n.description, n.status, n.organization_id, o.name AS organization_name,
           EXISTS (SELECT 1 FROM project_capacity_areas a WHERE a.project_id = ${projectId} AND a.capacity_area_code = n.capacity_area_code) AS same_area,
           (n.wanted_end IS NULL OR ${project.start_date}::date <= n.wanted_end)
             AND (n.wanted_start IS NULL OR ${project.end_date}::date IS NULL OR ${project.end_date}::date >= n.wanted_start) AS period_fits
    FROM needs n
    JOIN organizations o ON o.id = n.organization_id
    WHERE n.status IN ('open', 'partially_met')
      AND ${projectReachesCountry(projectId, sql.ref("n.country_iso3"))}
      AND ${projectServesPillar(projectId, sql.ref("n.pillar_code"))}
      AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.project_id = ${projectId} AND m.need_id = n.id AND m.status IN ('proposed', 'confirmed'))
    LIMIT 500`.execute(db);
  const ranks = await textRanks(engine, { type: "project", recordId: projectId }, { filters: { type: ["need"], status: ["open", "partially_met"], country: countries.map((c) => c.country_iso3.trim()) }, limit: SIMILAR_LIMIT });
  const projectText = `${project.title} ${project.summary} ${project.description}`;
  return rows
    .map((n) => {
      const reasons: SuggestionReasons = {
        sameCountry: true,
        regional: countries.length > 1,
        samePillar: true,
        sameCapacityArea: Boolean(n.same_area),
        periodFits: Boolean(n.period_fits),
        textRank: ranks.get(n.id) ?? null,
        sharedTerms: sharedTerms(projectText, `${n.title} ${n.description}`),
      };
      return { id: n.id, title: n.title, organizationId: n.organization_id, organizationName: n.organization_name, status: n.status, reasons, score: score(reasons) };
    })
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit);
}
