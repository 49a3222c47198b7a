import { type ExpressionBuilder, type Expression, type SqlBool } from "kysely";
import type { Database, MatchSide } from "../../db/schema";
import { actsForCountry, actsForOrganization, can, type Actor } from "~/accounts/permissions";

// Who may decide a match: the one home of the rule. The decision itself (decisions.server.ts), the
// Decide form on /matches/:id and the "awaiting my decision" list (queries.server.ts) all ask here.

/** Which side the actor speaks for in a match between this need and this project, if any. */
export function sideOf(
  actor: Actor,
  need: { country_iso3: string },
  project: { organization_id: number },
): MatchSide | null {
  if (can(actor.role, "match:decide-any")) return "coordinator";
  if (actor.role === "donor" && actsForOrganization(actor, project.organization_id)) return "donor";
  if (actor.role === "beneficiary" && actsForCountry(actor, need.country_iso3.trim())) return "beneficiary";
  return null;
}

/** Why the actor may not decide, or null when they may: the other side or a coordinator decides a proposal. */
export function decisionRefusal(
  actor: Actor,
  match: { status: string; proposed_side: MatchSide; country_iso3: string; project_organization_id: number },
): "forbidden" | "own_proposal" | "not_proposed" | null {
  const side = sideOf(actor, { country_iso3: match.country_iso3 }, { organization_id: match.project_organization_id });
  if (!side) return "forbidden";
  if (side !== "coordinator" && side === match.proposed_side) return "own_proposal";
  if (match.status !== "proposed") return "not_proposed";
  return null;
}

export function canDecide(actor: Actor, match: Parameters<typeof decisionRefusal>[1]): boolean {
  return decisionRefusal(actor, match) === null;
}

type MatchScope = ExpressionBuilder<
  Database & { m: Database["matches"]; n: Database["needs"]; p: Database["projects"] },
  "m" | "n" | "p"
>;

/** The same rule in SQL (aliases m, n, p): the proposed matches this actor may decide. */
export function decidableBy(actor: Actor) {
  return (eb: MatchScope): Expression<SqlBool> => {
    const proposed = eb("m.status", "=", "proposed");
    if (can(actor.role, "match:decide-any")) return proposed;
    if (actor.role === "donor" && actor.organizationId !== null) {
      return eb.and([
        proposed,
        eb("p.organization_id", "=", actor.organizationId),
        eb("m.proposed_side", "<>", "donor"),
      ]);
    }
    if (actor.role === "beneficiary" && actor.countryIso3) {
      return eb.and([
        proposed,
        eb("n.country_iso3", "=", actor.countryIso3),
        eb("m.proposed_side", "<>", "beneficiary"),
      ]);
    }
    return eb.lit(false);
  };
}

/** "My organization's" matches (aliases n, p): a donor's projects, a beneficiary's country's needs; all for staff. */
export function ownMatches(actor: Actor) {
  return (eb: MatchScope): Expression<SqlBool> => {
    if (can(actor.role, "match:decide-any")) return eb.lit(true);
    if (actor.role === "donor" && actor.organizationId !== null)
      return eb("p.organization_id", "=", actor.organizationId);
    if (actor.role === "beneficiary" && actor.countryIso3) return eb("n.country_iso3", "=", actor.countryIso3);
    return eb.lit(false);
  };
}

/** The actor's organization's proposals that someone else decides. */
export function awaitingOthers(actor: Actor) {
  return (eb: MatchScope): Expression<SqlBool> =>
    eb.and([eb("m.status", "=", "proposed"), ownMatches(actor)(eb), eb.not(decidableBy(actor)(eb))]);
}
