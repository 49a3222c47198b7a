import { makeNeed, makeOrganization, makeProject } from "../../../support/factories";
import { members, type Answers, type MatrixWorld, type RouteExpectation } from "../expectations";

// Projects, needs and country pages. Records are created for the world's donor and beneficiary
// organizations, or for another organization, so that ownership is what is tested.

const matrixProject = (world: MatrixWorld, organizationId: number) =>
  makeProject(world.db, {
    organizationId,
    title: "Matrix project",
    summary: "A project for the authorization matrix",
    dacCode: "16063",
    start: "2025-01-01",
    budget: "1000.00",
    currency: "EUR",
    countries: ["TJK"],
    pillars: ["I"],
  });

const matrixNeed = (world: MatrixWorld, organizationId: number, country: string) =>
  makeNeed(world.db, {
    organizationId,
    country,
    title: "Matrix need",
    description: "A need for the authorization matrix",
    pillar: "I",
    capacityArea: "I.3",
    priority: "high",
    cost: null,
  });

const otherOrganization = async (world: MatrixWorld, kind: "donor_agency" | "beneficiary_agency", country: string) =>
  (await makeOrganization(world.db, kind, country, { iatiRef: null })).id;

const ownProject = async (world: MatrixWorld) => {
  const id = await matrixProject(world, world.actors.donor.organizationId!);
  return { path: `/projects/${id}`, params: { id: String(id) } };
};
const othersProject = async (world: MatrixWorld) => {
  const id = await matrixProject(world, await otherOrganization(world, "donor_agency", "DEU"));
  return { path: `/projects/${id}`, params: { id: String(id) } };
};
const ownNeed = async (world: MatrixWorld) => {
  const id = await matrixNeed(world, world.actors.beneficiary.organizationId!, "TJK");
  return { path: `/needs/${id}`, params: { id: String(id) } };
};
const othersNeed = async (world: MatrixWorld) => {
  const id = await matrixNeed(world, await otherOrganization(world, "beneficiary_agency", "AFG"), "AFG");
  return { path: `/needs/${id}`, params: { id: String(id) } };
};
const edit =
  (make: (world: MatrixWorld) => Promise<{ path: string; params: { id: string } }>) => async (world: MatrixWorld) => {
    const target = await make(world);
    return { path: `${target.path}/edit`, params: target.params };
  };

const login = { anonymous: "login", pending: "login" } as const;
/** Donors (for projects) or beneficiaries (for needs) who own the record, and staff, get `outcome`. */
const projectSide = (outcome: Answers["donor"], donor: Answers["donor"] = outcome): Answers => ({
  ...login,
  donor,
  beneficiary: "forbidden",
  coordinator: outcome,
  admin: outcome,
});
const needSide = (outcome: Answers["donor"], beneficiary: Answers["donor"] = outcome): Answers => ({
  ...login,
  donor: "forbidden",
  beneficiary,
  coordinator: outcome,
  admin: outcome,
});

const validNeed = (country: string) => ({
  country,
  title: "Detection dogs for the border crossing",
  description: "Training and kennels for a canine unit.",
  pillar: "I",
  capacityArea: "I.3",
  priority: "high",
});

export default [
  { file: "projects._index.tsx", path: "/projects", get: members("ok") },
  { file: "projects._index.tsx", path: "/projects?mine=1&page=abc&pillar=V&year=x", get: members("ok") },
  { file: "projects.new.tsx", path: "/projects/new", get: projectSide("ok"), post: projectSide("bad") },
  { file: "projects.$id.tsx", path: ownProject, get: members("ok"), post: projectSide("bad") },
  {
    file: "projects.$id.tsx",
    path: othersProject,
    get: members("ok"),
    post: projectSide("bad", "forbidden"),
    postFields: { intent: "close", status: "completed", version: "99" },
  },
  {
    file: "projects.$id.tsx",
    path: "/projects/999999",
    params: { id: "999999" },
    get: members("notfound"),
    post: { ...members("notfound") },
  },
  {
    file: "projects.$id.tsx",
    path: "/projects/abc",
    params: { id: "abc" },
    get: members("notfound"),
    post: members("notfound"),
  },
  { file: "projects.$id_.edit.tsx", path: edit(ownProject), get: projectSide("ok"), post: projectSide("bad") },
  {
    file: "projects.$id_.edit.tsx",
    path: edit(othersProject),
    get: projectSide("ok", "forbidden"),
    post: projectSide("bad", "forbidden"),
  },
  { file: "needs._index.tsx", path: "/needs", get: members("ok") },
  { file: "needs.new.tsx", path: "/needs/new", get: needSide("ok"), post: needSide("bad") },
  // A beneficiary cannot add a need for another country; staff can.
  {
    file: "needs.new.tsx",
    path: "/needs/new",
    get: needSide("ok"),
    post: needSide("redirect", "forbidden"),
    postFields: validNeed("AFG"),
  },
  {
    file: "needs.new.tsx",
    path: "/needs/new",
    get: needSide("ok"),
    post: needSide("redirect"),
    postFields: validNeed("TJK"),
  },
  { file: "needs.$id.tsx", path: ownNeed, get: members("ok"), post: needSide("bad") },
  { file: "needs.$id.tsx", path: othersNeed, get: members("ok"), post: needSide("bad", "forbidden") },
  { file: "needs.$id_.edit.tsx", path: edit(ownNeed), get: needSide("ok"), post: needSide("bad") },
  {
    file: "needs.$id_.edit.tsx",
    path: edit(othersNeed),
    get: needSide("ok", "forbidden"),
    post: needSide("bad", "forbidden"),
    postFields: validNeed("AFG"),
  },
  { file: "countries.$iso3.tsx", path: "/countries/TJK", params: { iso3: "TJK" }, get: members("ok") },
  { file: "countries.$iso3.tsx", path: "/countries/ZZZ", params: { iso3: "ZZZ" }, get: members("notfound") },
] satisfies RouteExpectation[];
