import type { Role } from "../../db/schema";
import type { MessageKey } from "~/i18n";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Roles that see the link; absent means every signed-in member. */
  roles?: readonly Role[];
}

const STAFF: readonly Role[] = ["coordinator", "admin"];

/** The member area's links, in order. One line per feature keeps merges easy. */
export const MEMBER_NAV: NavItem[] = [
  { to: "/dashboard", label: "nav.dashboard" },
  { to: "/projects", label: "nav.projects" },
  { to: "/needs", label: "nav.needs" },
  { to: "/admin/requests", label: "nav.requests", roles: STAFF },
  { to: "/admin/users", label: "nav.users", roles: STAFF },
  { to: "/admin/audit", label: "nav.audit", roles: STAFF },
];
