import type { Role } from "../../db/schema";
import type { MessageKey } from "~/i18n";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Roles that see the link; absent means every signed-in member. */
  roles?: readonly Role[];
}

const STAFF: readonly Role[] = ["coordinator", "admin"];
const FUNDERS: readonly Role[] = ["donor", "coordinator", "admin"];

/** The member area's links, in order. One line per feature keeps merges easy. */
export const MEMBER_NAV: NavItem[] = [
  { to: "/dashboard", label: "nav.dashboard" },
  { to: "/projects", label: "nav.projects" },
  { to: "/needs", label: "nav.needs" },
  { to: "/search", label: "nav.search" },
  { to: "/matches", label: "nav.matches" },
  { to: "/pledges", label: "nav.pledges" },
  { to: "/invoices", label: "nav.invoices", roles: FUNDERS },
  { to: "/funding", label: "nav.funding", roles: FUNDERS },
  { to: "/gaps", label: "nav.gaps" },
  { to: "/imports", label: "nav.imports", roles: ["donor", "coordinator", "admin"] },
  { to: "/duplicates", label: "nav.duplicates", roles: STAFF },
  { to: "/admin/requests", label: "nav.requests", roles: STAFF },
  { to: "/admin/users", label: "nav.users", roles: STAFF },
  { to: "/admin/audit", label: "nav.audit", roles: STAFF },
  { to: "/admin/invoicing", label: "nav.invoicing", roles: ["admin"] },
  { to: "/profile", label: "nav.profile" },
];
