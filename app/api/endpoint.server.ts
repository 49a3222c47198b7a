import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Database } from "../../db/schema";
import type { Permission } from "~/accounts/permissions";
import { firstValues } from "~/forms/query";
import { resolveLocale } from "~/i18n/locale.server";
import { authenticateApi, requireApiPermission, type ApiCaller } from "./auth.server";
import { isDomainError } from "~/errors/domain-error";
import { ApiError, apiErrorOf, errorResponse, parameterIssues } from "./errors";

// One API endpoint: what it reads (query schema), what it answers (response schema), who may call
// it, and how. The same definition serves the route, the OpenAPI document and the tests.

export interface Endpoint<Q extends z.ZodObject = z.ZodObject, R extends z.ZodType = z.ZodType> {
  path: string;
  operationId: string;
  summary: string;
  description: string;
  /** The permission needed beyond an active account (undefined: every member). */
  permission?: Permission;
  query: Q;
  /** Parameters that may repeat (?priority=high&priority=critical); the others take their first value. */
  repeatable?: readonly string[];
  response: R;
  run(args: { caller: ApiCaller; query: z.output<Q>; url: URL; db: Kysely<Database> }): Promise<z.input<R>>;
}

export const defineEndpoint = <Q extends z.ZodObject, R extends z.ZodType>(endpoint: Endpoint<Q, R>) => endpoint;

function readParams(url: URL, repeatable: readonly string[] = []): Record<string, unknown> {
  const values: Record<string, unknown> = firstValues(url.searchParams);
  for (const name of repeatable) {
    const all = url.searchParams.getAll(name).filter(Boolean);
    if (all.length) values[name] = all;
  }
  return values;
}

/** Runs an endpoint for a request: authenticate, authorize, parse, run; every refusal as JSON. */
export async function serveEndpoint(endpoint: Endpoint, request: Request, context: AppLoadContext): Promise<Response> {
  let locale = resolveLocale(request);
  try {
    const caller = await authenticateApi(request, context);
    locale = resolveLocale(request, caller.user.locale);
    if (endpoint.permission) requireApiPermission(caller, endpoint.permission);
    const url = new URL(request.url);
    const parsed = endpoint.query.safeParse(readParams(url, endpoint.repeatable));
    if (!parsed.success) throw new ApiError("invalid_parameters", { issues: parameterIssues(parsed.error, locale) });
    const body = await endpoint.run({ caller, query: parsed.data, url, db: context.db });
    return Response.json(body, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error, locale);
    // A refusal of the domain (a record the caller may not see): its status, in the API's envelope.
    if (isDomainError(error)) return errorResponse(apiErrorOf(error, locale), locale);
    // Bad input never gets here (it is refused above): this is a fault of ours, logged, and said as JSON.
    console.error(error);
    return errorResponse(new ApiError("internal"), locale);
  }
}

export const endpointLoader =
  (endpoint: Endpoint) =>
  ({ request, context }: LoaderFunctionArgs) =>
    serveEndpoint(endpoint, request, context);

/** The action of every API route: the API is read-only. */
export async function methodNotAllowed({ request }: { request: Request }): Promise<Response> {
  return errorResponse(new ApiError("method_not_allowed", {}, { Allow: "GET, HEAD" }), resolveLocale(request));
}

/** Any other path under /api/v1/. */
export function notFoundAnswer(request: Request): Response {
  return errorResponse(new ApiError("not_found"), resolveLocale(request));
}
