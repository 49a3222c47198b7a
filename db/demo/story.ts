import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Actor } from "../../app/accounts/permissions";
import { proposeMatch } from "../../app/matches/proposals.server";
import { projectReachesCountry, projectServesPillar } from "../../app/matches/fit.server";
import { createProject } from "../../app/projects/projects.server";
import { ProjectSchema } from "../../app/projects/schema";
import { column, rawRows } from "../rows";
import type { Database } from "../schema";
import { addDays } from "./marketplace";

// What waits for each demo user on the morning after: proposals between the demo donor's projects
// and the Tajik needs in both directions (so the donor, the beneficiary and the coordinator each have
// one to decide), and two near-identical projects of two donors, found by the real duplicate check.

const NOTE = "Demo: this project works in the need's country and pillar.";

const Proposal = z.object({ need_id: column.int, project_id: column.int });

/** Proposals made through the matching domain, two by the donor and two by the beneficiary. */
export async function proposeWaitingMatches(db: Kysely<Database>, donor: Actor, beneficiary: Actor): Promise<number> {
  if (donor.organizationId === null || !beneficiary.countryIso3) return 0;
  const rows = await rawRows(
    db,
    "demoStory.proposeWaitingMatches",
    Proposal,
    sql`
    SELECT DISTINCT ON (n.id) n.id AS need_id, p.id AS project_id
    FROM needs n
    JOIN projects p ON p.organization_id = ${donor.organizationId} AND p.status IN ('active', 'pipeline')
      AND ${projectReachesCountry(sql.ref("p.id"), sql.ref("n.country_iso3"))}
      AND ${projectServesPillar(sql.ref("p.id"), sql.ref("n.pillar_code"))}
    WHERE n.country_iso3 = ${beneficiary.countryIso3} AND n.status = 'open'
      AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.need_id = n.id AND m.project_id = p.id)
    ORDER BY n.id, p.id
    LIMIT 4`,
  );
  for (const [i, row] of rows.entries()) {
    await proposeMatch(
      db,
      i < 2 ? donor : beneficiary,
      { needId: row.need_id, projectId: row.project_id, note: NOTE },
      "127.0.0.1",
    );
  }
  return rows.length;
}

/** Two donors plan the same border project in Tajikistan and Afghanistan: the duplicate check pairs them. */
export async function createDuplicatePair(
  db: Kysely<Database>,
  donor: Actor,
  coordinator: Actor,
  otherDonorId: number,
  today: string,
) {
  const dac = await db
    .selectFrom("pillar_dac_codes")
    .select("dac_code")
    .where("pillar_code", "=", "I")
    .orderBy("dac_code")
    .executeTakeFirstOrThrow();
  const common = {
    pillars: ["I"],
    capacityAreas: ["I.2"],
    dacCode: dac.dac_code,
    countries: ["AFG", "TJK"],
    routes: [],
    status: "pipeline" as const,
    budget: "850000.00",
    currency: "USD",
  };
  const first = await createProject(
    db,
    donor,
    ProjectSchema.parse({
      ...common,
      title: "Mobile interdiction teams for the border service of Tajikistan and Afghanistan",
      summary: "Equipment, training and mentoring for mobile interdiction teams on the Tajik-Afghan border.",
      startDate: addDays(today, 60),
      endDate: addDays(today, 790),
    }),
  );
  const second = await createProject(
    db,
    coordinator,
    ProjectSchema.parse({
      ...common,
      organizationId: String(otherDonorId),
      title: "Mobile interdiction teams for the border services of Tajikistan and Afghanistan",
      summary: "Training, equipment and mentoring for mobile interdiction teams along the Tajik-Afghan border.",
      startDate: addDays(today, 90),
      endDate: addDays(today, 820),
    }),
  );
  return { first: first.id, second: second.id };
}
