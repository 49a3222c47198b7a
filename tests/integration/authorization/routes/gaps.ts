import { staff, type RouteExpectation } from "../expectations";

export default [
  { file: "gaps.tsx", path: "/gaps?route=balkan&pillar=II&cell=PAK-II", get: staff("ok") },
  { file: "gaps[.]csv.ts", path: "/gaps.csv?priority=critical", get: staff("ok") },
  { file: "api.gaps.ts", path: "/api/gaps?route=northern", get: staff("ok") },
] satisfies RouteExpectation[];
