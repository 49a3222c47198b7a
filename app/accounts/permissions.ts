import type { Role } from "../../db/schema";

// What each role may do, and who may edit which record: the one place that says so. Guards, domain
// writes and screens all ask here (the rules index in app/README.md lists every rule's home).
export const ROLES = ["donor", "beneficiary", "coordinator", "admin"] as const satisfies readonly Role[];

export type Permission =
  | "access:review" // approve or reject access requests; list, suspend and reactivate users
  | "users:change-role"
  | "audit:read"
  | "project:create"
  | "need:create"
  | "record:edit-any" // edit any organization's projects and needs
  | "match:propose"
  | "match:decide-any"
  | "pledge:create"
  | "invoice:manage"
  | "gaps:read"
  | "gaps:watch" // the unit's queue of gap cells newly flagged since the last visit (dashboard)
  | "duplicates:review"
  | "settings:manage";

const grants: Record<Role, readonly Permission[]> = {
  // Every member reads the gap view: donors decide where to fund, agencies see their country's gaps.
  donor: ["project:create", "match:propose", "pledge:create", "gaps:read"],
  beneficiary: ["need:create", "match:propose", "gaps:read"],
  coordinator: [
    "access:review",
    "audit:read",
    "project:create",
    "need:create",
    "record:edit-any",
    "match:propose",
    "match:decide-any",
    "invoice:manage",
    "gaps:read",
    "gaps:watch",
    "duplicates:review",
  ],
  admin: [
    "access:review",
    "users:change-role",
    "audit:read",
    "project:create",
    "need:create",
    "record:edit-any",
    "match:propose",
    "match:decide-any",
    "pledge:create",
    "invoice:manage",
    "gaps:read",
    "gaps:watch",
    "duplicates:review",
    "settings:manage",
  ],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export interface Actor {
  id: number;
  role: Role;
  organizationId: number | null;
  countryIso3: string | null;
}

/** Donors act for their organization; coordinators and admins for all. */
export function actsForOrganization(actor: Actor, organizationId: number): boolean {
  return (
    can(actor.role, "record:edit-any") || (actor.organizationId !== null && actor.organizationId === organizationId)
  );
}

/** Beneficiaries act for their organization's country; coordinators and admins for all. */
export function actsForCountry(actor: Actor, countryIso3: string): boolean {
  return can(actor.role, "record:edit-any") || (actor.role === "beneficiary" && actor.countryIso3 === countryIso3);
}

/**
 * Who may edit a project (and close it): its donor organization's members with "project:create",
 * or anyone with "record:edit-any" (coordinators, admins). Screens ask it to show the edit link;
 * the writes (updateProject, closeProject) ask it again.
 */
export function canEditProject(actor: Actor, project: { organization_id: number }): boolean {
  return (
    actsForOrganization(actor, project.organization_id) &&
    (can(actor.role, "project:create") || can(actor.role, "record:edit-any"))
  );
}

/**
 * Who may edit a need (and withdraw it): a beneficiary of the need's country with "need:create",
 * or anyone with "record:edit-any" (coordinators, admins).
 */
export function canEditNeed(actor: Actor, need: { country_iso3: string }): boolean {
  return (
    (can(actor.role, "need:create") || can(actor.role, "record:edit-any")) && actsForCountry(actor, need.country_iso3)
  );
}
