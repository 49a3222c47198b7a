// The value lists of the marketplace, in one place: the database's CHECK constraints allow exactly these
// (migrations 0003; tests/integration/db-types.test.ts compares them), the column types of db/tables/
// are derived from them, and the forms, filters and pages take their options from them. Pillars and
// routes are reference data (db/reference/), fixed by the Paris Pact: the same test compares them with
// the loaded tables.

export const PROJECT_STATUSES = ["pipeline", "active", "completed", "cancelled"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const NEED_STATUSES = ["open", "partially_met", "met", "withdrawn"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** A need's priority, most urgent first (lists sort in this order). */
export const PRIORITIES = ["critical", "high", "medium", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const MATCH_STATUSES = ["proposed", "confirmed", "rejected", "withdrawn"] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** The Vienna Declaration's four pillars (db/reference/pillars.json). */
export const PILLAR_CODES = ["I", "II", "III", "IV"] as const;
export type PillarCode = (typeof PILLAR_CODES)[number];

/** The trafficking routes (db/reference/trafficking-routes.csv), in their display order. */
export const ROUTE_CODES = ["northern", "balkan", "southern"] as const;
export type RouteCode = (typeof ROUTE_CODES)[number];
