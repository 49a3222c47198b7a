import type { Generated } from "kysely";
import type { Timestamp } from "./columns";

// Personal API tokens (0018_api_tokens): only the SHA-256 of a token is stored.
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  hint: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
