import type { AppLoadContext } from "@remix-run/node";
import { getApiCredentials } from "~/accounts/guards.server";
import { can, type Actor, type Permission } from "~/accounts/permissions";
import { hitRateLimit } from "~/accounts/rate-limit.server";
import type { SessionUser } from "~/accounts/session.server";
import { ApiError } from "./errors";

// Who may call the API, and how often. Every endpoint needs an active account, by bearer token or
// by session cookie (a browser that is signed in). Past the per-minute allowance the answer is 429
// with Retry-After; the counter lives in the database so that it holds across processes.

export interface ApiCaller {
  user: SessionUser;
  actor: Actor;
  /** The token used, or null for a browser session. */
  tokenId: number | null;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

/** Requests a token (or a browser session) may make in a minute: API_RATE_LIMIT_PER_MINUTE, else 120. */
export function apiRateLimitPerMinute(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.API_RATE_LIMIT_PER_MINUTE;
  const parsed = value && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  return parsed >= 1 ? parsed : DEFAULT_RATE_LIMIT_PER_MINUTE;
}

const challenge = (error?: string) => ({
  "WWW-Authenticate": `Bearer realm="ADAM"${error ? `, error="${error}"` : ""}`,
});

export async function authenticateApi(request: Request, context: AppLoadContext): Promise<ApiCaller> {
  const credentials = await getApiCredentials(request, context);
  if (credentials.kind === "invalid") throw new ApiError("invalid_token", {}, challenge("invalid_token"));
  if (credentials.kind === "none") throw new ApiError("unauthorized", {}, challenge());
  const { user } = credentials;
  const tokenId = credentials.kind === "token" ? credentials.tokenId : null;
  const bucket = tokenId !== null ? `api:token:${tokenId}` : `api:user:${user.id}`;
  const limit = await hitRateLimit(context.db, bucket, apiRateLimitPerMinute(), 60);
  if (!limit.allowed) {
    throw new ApiError(
      "rate_limited",
      { retryAfterSeconds: limit.retryAfterSeconds },
      { "Retry-After": String(limit.retryAfterSeconds) },
    );
  }
  return {
    user,
    tokenId,
    actor: { id: user.id, role: user.role, organizationId: user.organizationId, countryIso3: user.countryIso3 },
  };
}

export function requireApiPermission(caller: ApiCaller, permission: Permission): void {
  if (!can(caller.user.role, permission)) throw new ApiError("forbidden");
}
