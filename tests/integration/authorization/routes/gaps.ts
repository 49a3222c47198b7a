import { makeOrganization, makeProject } from "../../../support/factories";
import { scanProject } from "~/duplicates/detect.server";
import { members, staff, type MatrixWorld, type RouteExpectation } from "../expectations";

async function candidatePair(world: MatrixWorld) {
  const org = (await makeOrganization(world.db, "donor_agency", "NOR")).id;
  const text = {
    title: "Border management training in Kyrgyzstan",
    summary: "Training for border guards.",
    countries: ["KGZ"],
    pillars: ["I"],
    start: "2030-01-01",
  };
  const a = await makeProject(world.db, { organizationId: org, ...text });
  await makeProject(world.db, { organizationId: org, ...text });
  await scanProject(world.db, a);
  const pair = await world.db
    .selectFrom("duplicate_pairs")
    .select("id")
    .where("project_a_id", "=", a)
    .executeTakeFirstOrThrow();
  return { path: `/duplicates/${pair.id}`, params: { id: String(pair.id) } };
}

export default [
  // The gap view is every member's (donors decide where to fund from it); duplicates stay with the unit.
  { file: "gaps.tsx", path: "/gaps?route=balkan&pillar=II&cell=PAK-II", get: members("ok") },
  { file: "gaps[.]csv.ts", path: "/gaps.csv?priority=critical", get: members("ok") },
  { file: "duplicates._index.tsx", path: "/duplicates?status=candidate", get: staff("ok") },
  // Both staff post from the same page (version 1): the coordinator decides, the admin's decision is then stale (409).
  {
    file: "duplicates.$id.tsx",
    path: candidatePair,
    get: staff("ok"),
    post: { ...staff("redirect"), admin: "bad" },
    postFields: { decision: "dismissed", note: "Checked", version: "1" },
  },
] satisfies RouteExpectation[];
