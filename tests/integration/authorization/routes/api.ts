import { everyone, members, type Answers, type RouteExpectation } from "../expectations";

// The JSON API (app/routes/api.*): a request without a session (or token) gets a JSON 401 with a
// Bearer challenge, never the sign-in page; staff-only endpoints refuse other members with 403;
// every endpoint is read-only (405 to a POST). Tokens are tested in tests/integration/api-v1.test.ts.

const apiMembers: Answers = { ...members("ok"), anonymous: "unauthorized", pending: "unauthorized" };
const apiStaff: Answers = { ...apiMembers, donor: "forbidden", beneficiary: "forbidden" };
const readOnly = everyone("method");

const member = (name: string, query = ""): RouteExpectation => ({
  file: `api.v1.${name}.ts`,
  path: `/api/v1/${name}${query}`,
  get: apiMembers,
  post: readOnly,
});

export default [
  member("projects", "?pillar=II&country=TJK&limit=5"),
  member("needs", "?priority=critical&status=open"),
  member("matches", "?status=confirmed"),
  member("pledges", "?year=2026"),
  member("organizations", "?kind=donor_agency"),
  member("countries", "?route=balkan"),
  member("routes"),
  member("pillars"),
  // The gap view is every member's; duplicates stay with the coordination unit.
  { file: "api.v1.gaps.ts", path: "/api/v1/gaps?route=northern&priority=critical", get: apiMembers, post: readOnly },
  { file: "api.v1.duplicates.ts", path: "/api/v1/duplicates?status=candidate", get: apiStaff, post: readOnly },
  { file: "api.gaps.ts", path: "/api/gaps?route=northern", get: apiMembers, post: readOnly },
  { file: "api.v1.openapi[.]json.ts", path: "/api/v1/openapi.json", get: everyone("ok"), post: readOnly },
  {
    file: "api.v1.$.ts",
    path: "/api/v1/nothing-here",
    params: { "*": "nothing-here" },
    get: everyone("notfound"),
    post: everyone("notfound"),
  },
  { file: "api._index.tsx", path: "/api", get: everyone("ok") },
  // The profile page's token forms: members only; an empty name is refused, another's token is not found.
  {
    file: "profile.tsx",
    path: "/profile",
    get: members("ok"),
    post: members("bad"),
    postFields: { intent: "token-create", name: "" },
  },
  {
    file: "profile.tsx",
    path: "/profile",
    get: members("ok"),
    post: members("notfound"),
    postFields: { intent: "token-revoke", tokenId: "2147483647" },
  },
] satisfies RouteExpectation[];
