import { proposeMatch } from "~/matches/proposals.server";
import { makeNeed, makeProject } from "../../../support/factories";
import { members, type MatrixWorld, type RouteExpectation } from "../expectations";

async function pair(world: MatrixWorld) {
  const projectId = await makeProject(world.db, {
    organizationId: world.actors.donor.organizationId!,
    countries: ["TJK"],
    pillars: ["II"],
    start: "2030-01-01",
  });
  const needId = await makeNeed(world.db, {
    organizationId: world.actors.beneficiary.organizationId!,
    country: "TJK",
    pillar: "II",
  });
  return { projectId, needId };
}

export default [
  {
    file: "matches._index.tsx",
    // Visitors post in turn: the donor's proposal is made, so the later ones find it exists (409).
    path: async (world) => {
      const { projectId, needId } = await pair(world);
      return {
        path: "/matches?status=proposed",
        postFields: { needId: String(needId), projectId: String(projectId), redirectTo: "/matches" },
      };
    },
    get: members("ok"),
    post: {
      anonymous: "login",
      pending: "login",
      donor: "redirect",
      beneficiary: "bad",
      coordinator: "bad",
      admin: "bad",
    },
  },
  {
    file: "matches.$id.tsx",
    // Proposed by the donor: the donor may not decide its own proposal (409); the beneficiary rejects
    // it; after that, a decision is refused as already made (409).
    path: async (world) => {
      const { projectId, needId } = await pair(world);
      const donor = world.actors.donor;
      const { id } = await proposeMatch(
        world.db,
        { id: donor.userId, role: "donor", organizationId: donor.organizationId, countryIso3: donor.countryIso3 },
        { needId, projectId },
        "127.0.0.1",
      );
      return { path: `/matches/${id}`, params: { id: String(id) } };
    },
    get: members("ok"),
    post: {
      anonymous: "login",
      pending: "login",
      donor: "bad",
      beneficiary: "redirect",
      coordinator: "bad",
      admin: "bad",
    },
    postFields: { decision: "reject", version: "1", note: "Not this one" },
  },
] satisfies RouteExpectation[];
