import { members, staff, type RouteExpectation } from "../expectations";

// The CSV exports: who may download what is who may see the list. Staff lists answer the
// coordination unit only; invoices answer the coordination unit and donors (their own).

export default [
  { file: "projects[.]csv.ts", path: "/projects.csv?pillar=II&mine=1", get: members("ok") },
  { file: "needs[.]csv.ts", path: "/needs.csv?country=TJK&priority=high", get: members("ok") },
  { file: "matches[.]csv.ts", path: "/matches.csv?status=confirmed", get: members("ok") },
  { file: "pledges[.]csv.ts", path: "/pledges.csv?year=2025", get: members("ok") },
  { file: "invoices[.]csv.ts", path: "/invoices.csv?status=issued", get: { ...staff("ok"), donor: "ok" } },
  { file: "duplicates[.]csv.ts", path: "/duplicates.csv?status=dismissed", get: staff("ok") },
  { file: "admin.requests[.]csv.ts", path: "/admin/requests.csv", get: staff("ok") },
  { file: "admin.users[.]csv.ts", path: "/admin/users.csv?role=donor", get: staff("ok") },
  { file: "admin.audit[.]csv.ts", path: "/admin/audit.csv?entity=user", get: staff("ok") },
  { file: "countries.$iso3[.]csv.ts", path: "/countries/TJK.csv", params: { iso3: "TJK" }, get: members("ok") },
  { file: "countries.$iso3[.]csv.ts", path: "/countries/ZZZ.csv", params: { iso3: "ZZZ" }, get: members("notfound") },
] satisfies RouteExpectation[];
