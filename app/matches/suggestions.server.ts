import { sql, type Kysely, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, NeedsTable, ProjectsTable } from "../../db/schema";
import type { SearchEngine } from "../../search/engine";
import { STOP_WORDS, tokenize } from "../../search/text";
import { projectReachesCountry, projectServesPillar } from "./fit.server";

// The matching rule: for a need, the projects that could serve it (same country, or a
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
  /**
   * What the rank means, in words: "closest" when the text is among the CLOSEST_TEXTS most alike
   * of all records the engine compared, "similar" when it is further down the engine's list.
   */
  textCloseness: "closest" | "similar" | null;
  /** Words both texts use that carry meaning: no stop words, not the product's name, not words most records use. */
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
/** A text among this many most alike of the engine's list is "closest". */
const CLOSEST_TEXTS = 5;
/** Word frequencies are read from this many newest projects and needs each. */
const FREQUENCY_SAMPLE = 1_000;
/** Below this many records every word is "common"; frequency is not a reason to drop a word then. */
const FREQUENCY_MIN_RECORDS = 20;
/** A word in more than this share of the records says nothing about two of them. */
const COMMON_SHARE = 0.5;
const MAX_TERMS = 6;

/** A word and how many of the sampled records use it, of how many (`::int`: numbers). */
const WordRow = z.object({ word: column.text, n: column.int, total: column.int });

/** A candidate project for a need: its countries counted (int8), and two of the rules as booleans. */
const ProjectCandidate = z.object({
  id: column.int,
  title: column.text,
  summary: column.text,
  status: column.projectStatus,
  organization_id: column.int,
  organization_name: column.text,
  countries: column.bigint,
  same_area: column.bool,
  period_fits: column.bool,
}) satisfies z.ZodType<Pick<Selectable<ProjectsTable>, "id" | "title" | "summary" | "status" | "organization_id">>;

/** A candidate need for a project. */
const NeedCandidate = z.object({
  id: column.int,
  title: column.text,
  description: column.text,
  status: column.needStatus,
  organization_id: column.int,
  organization_name: column.text,
  same_area: column.bool,
  period_fits: column.bool,
}) satisfies z.ZodType<Pick<Selectable<NeedsTable>, "id" | "title" | "description" | "status" | "organization_id">>;

function terms(text: string): Set<string> {
  return new Set(tokenize(text, 400).filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !STOP_WORDS.has(w)));
}

/** Words in both texts, without stop words (the caller drops the common ones). */
function sharedCandidates(a: string, b: string): string[] {
  const left = terms(a);
  return [...terms(b)].filter((w) => left.has(w));
}

/** Of the given words, those that occur in most records (of the newest FREQUENCY_SAMPLE projects and needs). */
async function commonWords(db: Kysely<Database>, words: string[]): Promise<Set<string>> {
  if (words.length === 0) return new Set();
  const rows = await rawRows(
    db,
    "suggestions.commonWords",
    WordRow,
    sql`
    WITH sample AS (
      (SELECT lower(title || ' ' || summary || ' ' || coalesce(description, '')) AS t
       FROM projects ORDER BY id DESC LIMIT ${FREQUENCY_SAMPLE})
      UNION ALL
      (SELECT lower(title || ' ' || description) FROM needs ORDER BY id DESC LIMIT ${FREQUENCY_SAMPLE})
    )
    SELECT w AS word, count(*) FILTER (WHERE strpos(s.t, w) > 0)::int AS n, (SELECT count(*) FROM sample)::int AS total
    FROM sample s, unnest(${words}::text[]) AS w GROUP BY w
  `,
  );
  const total = rows[0]?.total ?? 0;
  if (total < FREQUENCY_MIN_RECORDS) return new Set();
  return new Set(rows.filter((r) => r.n > total * COMMON_SHARE).map((r) => r.word));
}

/** Shared words that carry meaning, for every candidate at once (one query for the word frequencies). */
async function meaningfulShared(db: Kysely<Database>, pairs: Array<[string, string]>): Promise<string[][]> {
  const candidates = pairs.map(([a, b]) => sharedCandidates(a, b));
  const common = await commonWords(db, [...new Set(candidates.flat())]);
  return candidates.map((words) => words.filter((w) => !common.has(w)).slice(0, MAX_TERMS));
}

function closeness(rank: number | null): SuggestionReasons["textCloseness"] {
  return rank === null ? null : rank <= CLOSEST_TEXTS ? "closest" : "similar";
}

/** Criteria that hold count most; text relevance orders within the same count. */
function score(r: SuggestionReasons): number {
  const criteria = [r.sameCountry, r.samePillar, r.sameCapacityArea, r.periodFits].filter(Boolean).length;
  const text = r.textRank === null ? 0 : 1 - (r.textRank - 1) / SIMILAR_LIMIT;
  return Math.round((criteria + text + Math.min(r.sharedTerms.length, 5) * 0.05) * 1000) / 1000;
}

async function textRanks(
  engine: SearchEngine,
  ref: { type: "project" | "need"; recordId: number },
  filters: Parameters<SearchEngine["similar"]>[1],
) {
  try {
    const hits = await engine.similar(ref, filters);
    return new Map(hits.map((h, i) => [h.recordId, i + 1]));
  } catch {
    // The engine may be down: structural rules still give suggestions.
    return new Map<number, number>();
  }
}

export async function suggestProjectsForNeed(
  db: Kysely<Database>,
  engine: SearchEngine,
  needId: number,
  limit = 10,
): Promise<Suggestion[]> {
  const need = await db.selectFrom("needs").selectAll().where("id", "=", needId).executeTakeFirst();
  if (!need) return [];
  const rows = await rawRows(
    db,
    "suggestions.suggestProjectsForNeed",
    ProjectCandidate,
    sql`
    SELECT p.id, p.title, p.summary, p.status, p.organization_id, o.name AS organization_name,
           (SELECT count(*) FROM project_countries x WHERE x.project_id = p.id) AS countries,
           EXISTS (
             SELECT 1 FROM project_capacity_areas a
             WHERE a.project_id = p.id AND a.capacity_area_code = ${need.capacity_area_code}
           ) AS same_area,
           (${need.wanted_end}::date IS NULL OR p.start_date <= ${need.wanted_end}::date)
             AND (${need.wanted_start}::date IS NULL OR p.end_date IS NULL
                  OR p.end_date >= ${need.wanted_start}::date) AS period_fits
    FROM projects p
    JOIN organizations o ON o.id = p.organization_id
    WHERE p.status IN ('active', 'pipeline')
      AND ${projectReachesCountry(sql.ref("p.id"), need.country_iso3)}
      AND ${projectServesPillar(sql.ref("p.id"), need.pillar_code)}
      AND NOT EXISTS (
        SELECT 1 FROM matches m
        WHERE m.need_id = ${needId} AND m.project_id = p.id AND m.status IN ('proposed', 'confirmed')
      )
    LIMIT 500`,
  );
  const ranks = await textRanks(
    engine,
    { type: "need", recordId: needId },
    {
      filters: { type: ["project"], status: ["active", "pipeline"], country: [need.country_iso3] },
      limit: SIMILAR_LIMIT,
    },
  );
  const needText = `${need.title} ${need.description}`;
  const shared = await meaningfulShared(
    db,
    rows.map((p) => [needText, `${p.title} ${p.summary}`]),
  );
  return rows
    .map((p, i) => {
      const reasons: SuggestionReasons = {
        sameCountry: true,
        regional: Number(p.countries) > 1,
        samePillar: true,
        sameCapacityArea: Boolean(p.same_area),
        periodFits: Boolean(p.period_fits),
        textRank: ranks.get(p.id) ?? null,
        textCloseness: closeness(ranks.get(p.id) ?? null),
        sharedTerms: shared[i],
      };
      return {
        id: p.id,
        title: p.title,
        organizationId: p.organization_id,
        organizationName: p.organization_name,
        status: p.status,
        reasons,
        score: score(reasons),
      };
    })
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit);
}

export async function suggestNeedsForProject(
  db: Kysely<Database>,
  engine: SearchEngine,
  projectId: number,
  limit = 10,
): Promise<Suggestion[]> {
  const project = await db.selectFrom("projects").selectAll().where("id", "=", projectId).executeTakeFirst();
  if (!project) return [];
  const [countries, pillars] = await Promise.all([
    db.selectFrom("project_countries").select("country_iso3").where("project_id", "=", projectId).execute(),
    db.selectFrom("project_pillars").select("pillar_code").where("project_id", "=", projectId).execute(),
  ]);
  if (!countries.length || !pillars.length) return [];
  const rows = await rawRows(
    db,
    "suggestions.suggestNeedsForProject",
    NeedCandidate,
    sql`
    SELECT n.id, n.title, n.description, n.status, n.organization_id, o.name AS organization_name,
           EXISTS (SELECT 1 FROM project_capacity_areas a
                   WHERE a.project_id = ${projectId} AND a.capacity_area_code = n.capacity_area_code) AS same_area,
           (n.wanted_end IS NULL OR ${project.start_date}::date <= n.wanted_end)
             AND (n.wanted_start IS NULL OR ${project.end_date}::date IS NULL
                  OR ${project.end_date}::date >= n.wanted_start) AS period_fits
    FROM needs n
    JOIN organizations o ON o.id = n.organization_id
    WHERE n.status IN ('open', 'partially_met')
      AND ${projectReachesCountry(projectId, sql.ref("n.country_iso3"))}
      AND ${projectServesPillar(projectId, sql.ref("n.pillar_code"))}
      AND NOT EXISTS (SELECT 1 FROM matches m
                      WHERE m.project_id = ${projectId} AND m.need_id = n.id AND m.status IN ('proposed', 'confirmed'))
    LIMIT 500`,
  );
  const ranks = await textRanks(
    engine,
    { type: "project", recordId: projectId },
    {
      filters: {
        type: ["need"],
        status: ["open", "partially_met"],
        country: countries.map((c) => c.country_iso3.trim()),
      },
      limit: SIMILAR_LIMIT,
    },
  );
  const projectText = `${project.title} ${project.summary} ${project.description}`;
  const shared = await meaningfulShared(
    db,
    rows.map((n) => [projectText, `${n.title} ${n.description}`]),
  );
  return rows
    .map((n, i) => {
      const reasons: SuggestionReasons = {
        sameCountry: true,
        regional: countries.length > 1,
        samePillar: true,
        sameCapacityArea: Boolean(n.same_area),
        periodFits: Boolean(n.period_fits),
        textRank: ranks.get(n.id) ?? null,
        textCloseness: closeness(ranks.get(n.id) ?? null),
        sharedTerms: shared[i],
      };
      return {
        id: n.id,
        title: n.title,
        organizationId: n.organization_id,
        organizationName: n.organization_name,
        status: n.status,
        reasons,
        score: score(reasons),
      };
    })
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit);
}
