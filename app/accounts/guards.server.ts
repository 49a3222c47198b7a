import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "../../db/schema";
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

export async function requireRole(request: Request, context: AppLoadContext, roles: readonly Role[]): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

export async function requirePermission(request: Request, context: AppLoadContext, permission: Permission): Promise<SessionUser> {
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
