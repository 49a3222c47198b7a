import { describe, expect, it } from "vitest";
import { canEditNeed, canEditProject, type Actor } from "~/accounts/permissions";

// Who may edit a project or a need: the rules' home is app/accounts/permissions.ts.
describe("who may edit a record", () => {
  const actor = (role: Actor["role"], organizationId: number | null, countryIso3: string | null): Actor => ({
    id: 1,
    role,
    organizationId,
    countryIso3,
  });
  const project = { organization_id: 7 };
  const need = { country_iso3: "TJK" };

  it("a project: its donor organization's members, coordinators and admins", () => {
    expect(canEditProject(actor("donor", 7, null), project)).toBe(true);
    expect(canEditProject(actor("donor", 8, null), project)).toBe(false);
    expect(canEditProject(actor("beneficiary", 7, "TJK"), project)).toBe(false);
    expect(canEditProject(actor("coordinator", null, null), project)).toBe(true);
    expect(canEditProject(actor("admin", null, null), project)).toBe(true);
  });

  it("a need: the beneficiaries of its country, coordinators and admins", () => {
    expect(canEditNeed(actor("beneficiary", 3, "TJK"), need)).toBe(true);
    expect(canEditNeed(actor("beneficiary", 3, "UZB"), need)).toBe(false);
    expect(canEditNeed(actor("donor", 7, "TJK"), need)).toBe(false);
    expect(canEditNeed(actor("coordinator", null, null), need)).toBe(true);
    expect(canEditNeed(actor("admin", null, null), need)).toBe(true);
  });
});
