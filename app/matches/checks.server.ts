import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { column, rawRows } from "../../db/rows";
import { MatchError } from "./errors";
import { projectReachesCountry, projectServesPillar } from "./fit.server";

// The checks a match must pass: the need and project exist, both are still open, the project fits the
// need's country and pillar. A proposal (proposals.server.ts) runs them all; a confirmation
// (decisions.server.ts) checks again that both sides are still open. Apart because both use them.

type Db = Kysely<Database> | Transaction<Database>;

export async function loadPair(db: Db, needId: number, projectId: number) {
  const [need, project] = await Promise.all([
    db
      .selectFrom("needs")
      .select(["id", "country_iso3", "pillar_code", "status", "organization_id"])
      .where("id", "=", needId)
      .executeTakeFirst(),
    db
      .selectFrom("projects")
      .select(["id", "organization_id", "status"])
      .where("id", "=", projectId)
      .executeTakeFirst(),
  ]);
  if (!need || !project) throw new MatchError("not_found", "The need or the project does not exist.");
  return { need, project };
}

const FitRow = z.object({ country: column.bool, pillar: column.bool });

/**
 * Refuses a project that does not reach the need's country or pillar (the suggestions' own rule), naming
 * what does not fit.
 */
export async function assertProjectFits(
  db: Db,
  need: { country_iso3: string; pillar_code: string },
  projectId: number,
) {
  const [fit] = await rawRows(
    db,
    "matches.assertProjectFits",
    FitRow,
    sql`
    SELECT ${projectReachesCountry(projectId, need.country_iso3)} AS country,
      ${projectServesPillar(projectId, need.pillar_code)} AS pillar`,
  );
  if (fit.country && fit.pillar) return;
  const code = !fit.country && !fit.pillar ? "wrong_country_pillar" : !fit.country ? "wrong_country" : "wrong_pillar";
  throw new MatchError(code, "This project does not work in the need's country or pillar.", {
    country: need.country_iso3.trim(),
    pillar: need.pillar_code,
  });
}

/**
 * A need that is withdrawn or already met takes no new coverage; neither does a completed or cancelled
 * project give it.
 */
export function assertStillOpen(need: { status: string }, project: { status: string }) {
  if (need.status === "withdrawn" || need.status === "met")
    throw new MatchError("need_closed", "This need is no longer open.");
  if (project.status !== "active" && project.status !== "pipeline")
    throw new MatchError("project_closed", "Only active or planned projects can serve a need.");
}
