import { describe, expect, it } from "vitest";
import { actsForCountry, actsForOrganization, can, ROLES, type Actor, type Permission } from "~/accounts/permissions";

const table: Array<[Permission, Record<(typeof ROLES)[number], boolean>]> = [
  ["access:review", { donor: false, beneficiary: false, coordinator: true, admin: true }],
  ["users:change-role", { donor: false, beneficiary: false, coordinator: false, admin: true }],
  ["audit:read", { donor: false, beneficiary: false, coordinator: true, admin: true }],
  ["settings:manage", { donor: false, beneficiary: false, coordinator: false, admin: true }],
  ["project:create", { donor: true, beneficiary: false, coordinator: true, admin: true }],
  ["need:create", { donor: false, beneficiary: true, coordinator: true, admin: true }],
  ["record:edit-any", { donor: false, beneficiary: false, coordinator: true, admin: true }],
  ["pledge:create", { donor: true, beneficiary: false, coordinator: false, admin: true }],
  ["match:propose", { donor: true, beneficiary: true, coordinator: true, admin: true }],
];

describe("permissions", () => {
  for (const [permission, expected] of table) {
    it(`grants ${permission} as the issue says`, () => {
      for (const role of ROLES) expect(can(role, permission), `${role} ${permission}`).toBe(expected[role]);
    });
  }

  it("an administrator can do everything a coordinator can", () => {
    const all = table.map(([p]) => p);
    for (const p of all) if (can("coordinator", p)) expect(can("admin", p), p).toBe(true);
  });

  const actor = (role: Actor["role"], organizationId: number | null, countryIso3: string | null): Actor => ({
    id: 1,
    role,
    organizationId,
    countryIso3,
  });

  it("donors act for their own organization only; staff for all", () => {
    expect(actsForOrganization(actor("donor", 7, "NOR"), 7)).toBe(true);
    expect(actsForOrganization(actor("donor", 7, "NOR"), 8)).toBe(false);
    expect(actsForOrganization(actor("donor", null, null), 8)).toBe(false);
    expect(actsForOrganization(actor("coordinator", 1, null), 8)).toBe(true);
  });

  it("beneficiaries act for their own country only; staff for all", () => {
    expect(actsForCountry(actor("beneficiary", 3, "TJK"), "TJK")).toBe(true);
    expect(actsForCountry(actor("beneficiary", 3, "TJK"), "AFG")).toBe(false);
    expect(actsForCountry(actor("donor", 3, "TJK"), "TJK")).toBe(false);
    expect(actsForCountry(actor("admin", null, null), "AFG")).toBe(true);
  });
});
