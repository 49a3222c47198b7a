import type { Kysely } from "kysely";
import { beforeAll } from "vitest";
import type { Database } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { makeActor, makeOrganization, makeProject, type ProjectFixture } from "./factories";
import type { TestDatabase } from "./database";

// Texts and look-ups shared by the duplicate-check tests.

export const BORDER = {
  title: "Strengthening border management in Tajikistan",
  summary: "Training and equipment for border guards on the Afghan border.",
};
export const BORDER_TOO = {
  title: "Strengthening border management capacity in Tajikistan",
  summary: "Training and equipment for the border guards along the Afghan border.",
};
export const HEALTH = {
  title: "Community drug treatment services",
  summary: "Opioid substitution therapy in primary health care.",
};

/** The recorded pair of two projects, whichever order they are given in. */
export async function findPair(db: Kysely<Database>, a: number, b: number) {
  const [x, y] = a < b ? [a, b] : [b, a];
  return db
    .selectFrom("duplicate_pairs")
    .selectAll()
    .where("project_a_id", "=", x)
    .where("project_b_id", "=", y)
    .executeTakeFirst();
}

/**
 * The duplicate tests' world: two donors and a coordinator, made before the tests; `project` adds a
 * project of the first donor (pillar I, 2030-2031 unless given), `pairOf` finds a pair.
 */
export function duplicateWorld(use: () => TestDatabase) {
  const world = { orgA: 0, orgB: 0, coordinator: null as unknown as Actor };
  beforeAll(async () => {
    const { db } = use();
    world.orgA = (await makeOrganization(db, "donor_agency", "NOR")).id;
    world.orgB = (await makeOrganization(db, "donor_agency", "JPN")).id;
    const c = await makeActor(db, "coordinator");
    world.coordinator = { id: c.userId, role: "coordinator", organizationId: null, countryIso3: null };
  });
  const project = (p: Partial<ProjectFixture> & { title: string; summary: string; countries: string[] }) =>
    makeProject(use().db, {
      organizationId: world.orgA,
      pillars: ["I"],
      start: "2030-01-01",
      end: "2031-12-31",
      ...p,
    });
  const pairOf = (a: number, b: number) => findPair(use().db, a, b);
  return { world, project, pairOf };
}
