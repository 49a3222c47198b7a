import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database, EmailTokenPurpose } from "../../db/schema";

// Single-use tokens sent by e-mail (a password reset, an address to confirm). Only their SHA-256
// is stored: a copy of the database gives nobody a working link.

type Db = Kysely<Database> | Transaction<Database>;

export const hashEmailToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A token's shape: anything else is refused before the database is asked. */
export const EMAIL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function issueEmailToken(
  db: Db,
  userId: number,
  purpose: EmailTokenPurpose,
  ttlSeconds: number,
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("email_tokens")
    .values({
      token_hash: hashEmailToken(token),
      user_id: userId,
      purpose,
      created_at: now,
      expires_at: new Date(now.getTime() + ttlSeconds * 1000),
    })
    .execute();
  return token;
}

/** The user a live token is for, without using it (to show the page it opens). */
export async function peekEmailToken(
  db: Db,
  token: string,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<number | null> {
  if (!EMAIL_TOKEN_PATTERN.test(token)) return null;
  const row = await db
    .selectFrom("email_tokens")
    .select("user_id")
    .where("token_hash", "=", hashEmailToken(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Uses a live token, once: of two requests with the same token, one only gets the user. */
export async function consumeEmailToken(
  db: Db,
  token: string,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<number | null> {
  if (!EMAIL_TOKEN_PATTERN.test(token)) return null;
  const row = await db
    .updateTable("email_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", hashEmailToken(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("user_id")
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Ends every other live token of the user for this purpose (after a reset, older links die). */
export async function revokeEmailTokens(
  db: Db,
  userId: number,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable("email_tokens")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
}

/** Tokens sent to a user for a purpose since a moment (to cap the mail one address can trigger). */
export async function countRecentTokens(
  db: Db,
  userId: number,
  purpose: EmailTokenPurpose,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom("email_tokens")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes tokens that can no longer be used (periodic). */
export async function deleteDeadEmailTokens(db: Db, now = new Date()): Promise<void> {
  await db
    .deleteFrom("email_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 86_400_000))
    .execute();
}
