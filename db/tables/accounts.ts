import type { ColumnType, Generated } from "kysely";
import type { Timestamp, JsonValue } from "./columns";
import type { Locale, OrganizationKind } from "./reference";

// Accounts: users, sessions, access requests, rate limits and the audit log.

export type Role = "donor" | "beneficiary" | "coordinator" | "admin";

export type UserStatus = "pending" | "active" | "rejected" | "suspended";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  full_name: string;
  password_hash: string;
  role: Role;
  status: UserStatus;
  organization_id: number | null;
  country_iso3: string | null;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export type AccessRequestStatus = "pending" | "approved" | "rejected";

export interface AccessRequestsTable {
  id: Generated<number>;
  user_id: number;
  requested_role: "donor" | "beneficiary";
  organization_id: number | null;
  new_organization_name: string | null;
  new_organization_kind: Exclude<OrganizationKind, "coordination_unit"> | null;
  new_organization_country_iso3: string | null;
  country_iso3: string;
  justification: string;
  status: ColumnType<AccessRequestStatus, AccessRequestStatus | undefined, AccessRequestStatus>;
  decided_by: number | null;
  decided_at: Timestamp | null;
  rejection_reason: string | null;
  /** When the applicant clicked the link e-mailed to them; coordinators see only confirmed requests. */
  email_verified_at: Timestamp | null;
  created_at: Timestamp;
}

export interface RateLimitsTable {
  bucket: string;
  hits: number;
  window_started_at: Timestamp;
}

/** Sign-in failure counters (app/accounts/throttle.server.ts). */
export interface ThrottlesTable {
  bucket: string;
  failures: number;
  last_failure_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  after: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  ip: string | null;
}
