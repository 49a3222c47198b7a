import type { ColumnType, Generated } from "kysely";
import type { JsonValue, Timestamp } from "./columns";

// Notifications in the app, e-mail preferences, follows, the mail outbox and e-mailed tokens.

export type Delivery = "immediate" | "digest" | "never";
export type FollowKind = "pillar" | "country" | "route";
export type EmailTokenPurpose = "reset_password" | "verify_email";

export interface NotificationsTable {
  id: Generated<string>;
  user_id: number;
  event: string;
  params: ColumnType<JsonValue, string | undefined, string>;
  link: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
  digest_pending: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface NotificationPreferencesTable {
  user_id: number;
  event: string;
  delivery: Delivery;
}

export interface FollowsTable {
  id: Generated<number>;
  user_id: number;
  kind: FollowKind;
  code: string;
  created_at: Timestamp;
}

export interface MailOutboxTable {
  id: Generated<string>;
  user_id: number | null;
  to_address: string;
  locale: string;
  kind: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: Timestamp;
  send_after: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  last_attempt_at: Timestamp | null;
  claimed_until: Timestamp | null;
  sent_at: Timestamp | null;
}

export interface EmailTokensTable {
  token_hash: string;
  user_id: number;
  purpose: EmailTokenPurpose;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
