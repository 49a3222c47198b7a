import { createHash, randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database, Locale, Role, UserStatus } from "../../db/schema";
import { readCookie, serializeCookie } from "~/utils/cookies.server";

export const SESSION_COOKIE = "adam_session";
/** Sessions expire after this long, whatever the activity: a sign-in a working day. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface SessionUser {
  id: number;
  email: string;
  fullName: string;
  role: Role;
  status: UserStatus;
  organizationId: number | null;
  organizationName: string | null;
  countryIso3: string | null;
  locale: Locale;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a server-side session and returns the Set-Cookie header holding only its opaque id. */
export async function createSession(
  context: Pick<AppLoadContext, "db" | "secureCookies" | "clientIp">,
  userId: number,
  userAgent: string | null,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await context.db
    .insertInto("sessions")
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + SESSION_TTL_SECONDS * 1000),
      ip: context.clientIp,
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return serializeCookie(SESSION_COOKIE, token, { maxAgeSeconds: SESSION_TTL_SECONDS, secure: context.secureCookies });
}

/** The signed-in user of an unexpired session on an active account, or null. */
export async function getSessionUser(request: Request, db: Kysely<Database>): Promise<SessionUser | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token || token.length > 200) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .leftJoin("organizations", "organizations.id", "users.organization_id")
    .select([
      "users.id",
      "users.email",
      "users.full_name",
      "users.role",
      "users.status",
      "users.organization_id",
      "organizations.name as organization_name",
      "users.country_iso3",
      "users.locale",
    ])
    .where("sessions.token_hash", "=", hashToken(token))
    .where("sessions.expires_at", ">", new Date())
    // Only active accounts have a usable session, whatever rows remain.
    .where("users.status", "=", "active")
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    status: row.status,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    countryIso3: row.country_iso3,
    locale: row.locale,
  };
}

/**
 * Opens a new session at sign-in and ends the one this browser held before, whoever it was for:
 * a token planted or seen before the sign-in never becomes a signed-in session (session fixation).
 */
export async function rotateSession(
  request: Request,
  context: Pick<AppLoadContext, "db" | "secureCookies" | "clientIp">,
  userId: number,
): Promise<string> {
  const previous = readCookie(request, SESSION_COOKIE);
  if (previous) await context.db.deleteFrom("sessions").where("token_hash", "=", hashToken(previous)).execute();
  return createSession(context, userId, request.headers.get("User-Agent"));
}

/** Revokes this browser's session and returns the header that clears its cookie. */
export async function destroySession(
  request: Request,
  context: Pick<AppLoadContext, "db" | "secureCookies">,
): Promise<string> {
  const token = readCookie(request, SESSION_COOKIE);
  if (token) await context.db.deleteFrom("sessions").where("token_hash", "=", hashToken(token)).execute();
  return serializeCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: context.secureCookies });
}

/** Revokes every session of a user (suspension, password change elsewhere). */
export async function revokeUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/**
 * Deletes the sessions that can no longer sign anyone in: expired ones, and those of accounts that
 * are not active (getSessionUser ignores them; they would only wait there for a reactivation).
 * Run periodically.
 */
export async function deleteExpiredSessions(db: Kysely<Database>): Promise<void> {
  await db
    .deleteFrom("sessions")
    .where((eb) =>
      eb.or([
        eb("expires_at", "<=", new Date()),
        eb("user_id", "in", eb.selectFrom("users").select("id").where("status", "!=", "active")),
      ]),
    )
    .execute();
}
