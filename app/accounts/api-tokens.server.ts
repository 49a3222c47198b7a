import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "~/utils/transaction.server";
import { DomainError } from "~/errors/domain-error";
import { writeAudit } from "./audit.server";
import type { SessionUser } from "./session.server";

export { TOKEN_NAME_MAX } from "./api-token-limits";

// Personal API tokens: a member creates, names and revokes them on the profile page and sends one
// as `Authorization: Bearer …` to the read-only JSON API. A token acts as its owner (role,
// organization, country) and nothing more; it stops working when revoked or when its owner's
// account is no longer active.

/** Tokens start with this, so that a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = "adam_";
/** A member's live tokens at most: enough for a few systems, not a token per request. */
export const MAX_TOKENS_PER_USER = 20;
/** last_used_at is written at most this often per token: a read-only request costs no write. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** A refused token change (a DomainError): too many live tokens (409), or no such token (404). */
export class ApiTokenError extends DomainError<"too_many" | "not_found"> {
  constructor(code: "too_many" | "not_found") {
    super(code, { messageKey: code === "too_many" ? "apiTokens.tooMany" : "apiTokens.notFound" });
  }
}

export interface ApiTokenSummary {
  id: number;
  name: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/**
 * SHA-256, not argon2 as for passwords: the token is 32 random bytes (256 bits), so nobody can
 * guess it from its hash by trying candidates, and a fast hash lets every API request find its
 * token by an indexed equality lookup. A slow, salted hash only protects low-entropy secrets.
 */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a token and returns it in clear: the only time anyone sees it. */
export async function createApiToken(db: Kysely<Database>, userId: number, name: string, ip: string) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return inTransaction(db, async (trx) => {
    // The owner's row is locked so that two parallel creations cannot both pass the count.
    await trx.selectFrom("users").select("id").where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
    const live = await trx
      .selectFrom("api_tokens")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    if (Number(live.n) >= MAX_TOKENS_PER_USER) throw new ApiTokenError("too_many");
    const row = await trx
      .insertInto("api_tokens")
      .values({ user_id: userId, name, token_hash: hashApiToken(token), hint: token.slice(0, TOKEN_PREFIX.length + 4) })
      .returning(["id", "name", "hint", "created_at"])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: userId,
      action: "api_token.create",
      entityType: "api_token",
      entityId: row.id,
      after: { name: row.name, hint: row.hint },
      ip,
    });
    return { id: row.id, name: row.name, token };
  });
}

/** The owner's tokens that still work, newest first. */
export async function listApiTokens(db: Kysely<Database>, userId: number): Promise<ApiTokenSummary[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "hint", "created_at", "last_used_at"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    hint: r.hint,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at ? r.last_used_at.toISOString() : null,
  }));
}

/** Revokes one of the owner's own tokens; another user's token is "not found", like a missing one. */
export async function revokeApiToken(db: Kysely<Database>, userId: number, tokenId: number, ip: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable("api_tokens")
      .set({ revoked_at: sql<Date>`now()` })
      .where("id", "=", tokenId)
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .returning(["id", "name", "hint"])
      .executeTakeFirst();
    if (!row) throw new ApiTokenError("not_found");
    await writeAudit(trx, {
      actorUserId: userId,
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: row.id,
      before: { name: row.name, hint: row.hint },
      ip,
    });
  });
}

/**
 * The owner of a live token on an active account, or null. Tokens of any other shape are refused
 * before the database is asked.
 */
export async function authenticateApiToken(
  db: Kysely<Database>,
  token: string,
): Promise<{ user: SessionUser; tokenId: number } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const row = await db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .leftJoin("organizations as o", "o.id", "u.organization_id")
    .select([
      "t.id as token_id",
      "t.last_used_at",
      "u.id",
      "u.email",
      "u.full_name",
      "u.role",
      "u.status",
      "u.organization_id",
      "o.name as organization_name",
      "u.country_iso3",
      "u.locale",
    ])
    .where("t.token_hash", "=", hashApiToken(token))
    .where("t.revoked_at", "is", null)
    // A suspended (or otherwise inactive) owner's tokens do nothing, as their sessions do nothing.
    .where("u.status", "=", "active")
    .executeTakeFirst();
  if (!row) return null;
  await touchLastUsed(db, row.token_id, row.last_used_at);
  return {
    tokenId: row.token_id,
    user: {
      id: row.id,
      email: row.email,
      fullName: row.full_name,
      role: row.role,
      status: row.status,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      countryIso3: row.country_iso3,
      locale: row.locale,
    },
  };
}

/** Records use to the minute: a burst of requests writes once, not once per request. */
async function touchLastUsed(db: Kysely<Database>, tokenId: number, lastUsedAt: Date | null): Promise<void> {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  await db
    .updateTable("api_tokens")
    .set({ last_used_at: sql<Date>`now()` })
    .where("id", "=", tokenId)
    .execute();
}
