import type { OrganizationKind, Role } from "../../db/schema";

/**
 * Which roles may act for which kind of organization (the roles of app/README.md, "Rules index"): donors are staff
 * of donor agencies and international organizations, beneficiaries of national (beneficiary)
 * agencies, coordinators and administrators of the coordination unit. A user acts in the name of
 * their organization, so a role that does not fit would let them post for the wrong side.
 */
export const ROLES_BY_ORGANIZATION_KIND: Record<OrganizationKind, readonly Role[]> = {
  donor_agency: ["donor"],
  international_organization: ["donor"],
  beneficiary_agency: ["beneficiary"],
  coordination_unit: ["coordinator", "admin"],
};

export function roleFitsOrganization(role: Role, kind: OrganizationKind): boolean {
  return ROLES_BY_ORGANIZATION_KIND[kind].includes(role);
}
