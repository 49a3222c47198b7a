import { redirect, type AppLoadContext } from "@remix-run/node";
import { authenticateApiToken } from "./api-tokens.server";
import { can, type Actor, type Permission } from "./permissions";
import { getSessionUser, type SessionUser } from "./session.server";

// Throwing guards for loaders and actions (the Epic Stack's pattern): each returns the user or
// throws the Response that ends the request.

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  return redirect(`/login?${new URLSearchParams({ redirectTo })}`);
}

export async function getOptionalUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  return getSessionUser(request, context.db);
}

/** An active, signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getSessionUser(request, context.db);
  if (!user || user.status !== "active") throw loginRedirect(request);
  return user;
}

export async function requirePermission(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (!can(user.role, permission)) throw forbidden();
  return user;
}

export function forbidden(message = "Forbidden"): Response {
  return Response.json({ message }, { status: 403 });
}

export function toActor(user: SessionUser): Actor {
  return { id: user.id, role: user.role, organizationId: user.organizationId, countryIso3: user.countryIso3 };
}

/**
 * Who calls the JSON API: the owner of a bearer token, or the signed-in browser (session cookie).
 * A request that sends an Authorization header is judged by it alone: a bad token is refused even
 * when a session cookie comes along, so a script never acts as whoever happens to be signed in.
 * Pages never accept tokens: a token reads the API and does nothing else.
 */
export type ApiCredentials =
  | { kind: "token"; user: SessionUser; tokenId: number }
  | { kind: "session"; user: SessionUser }
  | { kind: "none" }
  | { kind: "invalid" };

export async function getApiCredentials(request: Request, context: AppLoadContext): Promise<ApiCredentials> {
  const header = request.headers.get("Authorization");
  if (header !== null) {
    const match = /^Bearer +(\S+) *$/i.exec(header);
    const found = match ? await authenticateApiToken(context.db, match[1]) : null;
    return found ? { kind: "token", ...found } : { kind: "invalid" };
  }
  const user = await getSessionUser(request, context.db);
  return user ? { kind: "session", user } : { kind: "none" };
}
