import type { Role } from "../../db/schema";
import type { MessageKey } from "~/i18n";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Roles that see the link; absent means every signed-in member. */
  roles?: readonly Role[];
}

export interface NavGroup {
  id: "pact" | "work" | "marketplace" | "coordination" | "funding" | "admin";
  label: MessageKey;
  /** Shown to visitors who are not signed in as well. */
  public?: boolean;
  items: NavItem[];
}

const STAFF: readonly Role[] = ["coordinator", "admin"];
const FUNDERS: readonly Role[] = ["donor", "coordinator", "admin"];

/** The navigation, grouped, in order. One line per link keeps merges easy. */
export const NAV_GROUPS: NavGroup[] = [
  {
    id: "pact",
    label: "nav.group.pact",
    public: true,
    items: [
      { to: "/", label: "nav.home" },
      { to: "/pillars", label: "nav.pillars" },
      { to: "/partners", label: "nav.partners" },
      { to: "/routes", label: "nav.routes" },
      { to: "/meetings", label: "nav.meetings" },
    ],
  },
  {
    id: "work",
    label: "nav.group.work",
    items: [
      { to: "/dashboard", label: "nav.dashboard" },
      { to: "/profile", label: "nav.profile" },
    ],
  },
  {
    id: "marketplace",
    label: "nav.group.marketplace",
    items: [
      { to: "/projects", label: "nav.projects" },
      { to: "/needs", label: "nav.needs" },
      { to: "/search", label: "nav.search" },
      { to: "/matches", label: "nav.matches" },
    ],
  },
  {
    id: "coordination",
    label: "nav.group.coordination",
    items: [
      { to: "/gaps", label: "nav.gaps" },
      { to: "/recommendations", label: "nav.recommendations" },
      { to: "/duplicates", label: "nav.duplicates", roles: STAFF },
      { to: "/imports", label: "nav.imports", roles: FUNDERS },
    ],
  },
  {
    id: "funding",
    label: "nav.group.funding",
    items: [
      { to: "/pledges", label: "nav.pledges" },
      { to: "/invoices", label: "nav.invoices", roles: FUNDERS },
      { to: "/funding", label: "nav.funding", roles: FUNDERS },
    ],
  },
  {
    id: "admin",
    label: "nav.group.admin",
    items: [
      { to: "/admin/requests", label: "nav.requests", roles: STAFF },
      { to: "/admin/users", label: "nav.users", roles: STAFF },
      { to: "/admin/audit", label: "nav.audit", roles: STAFF },
      { to: "/admin/invoicing", label: "nav.invoicing", roles: ["admin"] },
    ],
  },
];

/** The groups and links a visitor sees (signed out: the public group only); empty groups dropped. */
export function navFor(role: Role | null): NavGroup[] {
  return NAV_GROUPS.map((group) => ({
    ...group,
    items:
      role === null
        ? group.public
          ? group.items
          : []
        : group.items.filter((item) => !item.roles || item.roles.includes(role)),
  })).filter((group) => group.items.length > 0);
}
