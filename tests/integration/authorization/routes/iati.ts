import { members, type RouteExpectation } from "../expectations";

// IATI: every signed-in member downloads the export.
export default [{ file: "iati.activities[.]xml.ts", path: "/iati/activities.xml?pillar=I", get: members("ok") }] satisfies RouteExpectation[];
