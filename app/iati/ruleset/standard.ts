import standard from "./standard.json";
import type { Ruleset } from "./types";

// The IATI Standard ruleset for 2.03 activity and organisation files, copied unchanged from IATI's
// IATI-Rulesets (standard.json, MIT licence: ./LICENSE). Tests and scripts only, never a route.

export const STANDARD_RULESET = standard as unknown as Ruleset;
