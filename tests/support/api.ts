import type { AppLoadContext } from "@remix-run/node";
import { expect } from "vitest";
import type { z } from "zod";
import { ErrorBodySchema } from "~/api/errors";
import type { Endpoint } from "~/api/endpoint.server";
import { ENDPOINTS } from "~/api/endpoints.server";
import * as gapsAlias from "~/routes/api.gaps";
import * as countries from "~/routes/api.v1.countries";
import * as duplicates from "~/routes/api.v1.duplicates";
import * as gaps from "~/routes/api.v1.gaps";
import * as matches from "~/routes/api.v1.matches";
import * as needs from "~/routes/api.v1.needs";
import * as openapi from "~/routes/api.v1.openapi[.]json";
import * as organizations from "~/routes/api.v1.organizations";
import * as pillars from "~/routes/api.v1.pillars";
import * as pledges from "~/routes/api.v1.pledges";
import * as projects from "~/routes/api.v1.projects";
import * as routes from "~/routes/api.v1.routes";
import * as splat from "~/routes/api.v1.$";

// Calls the API's route modules as the server would, and checks every answer against the schema
// the OpenAPI document publishes: a 200 against its endpoint's response schema, anything else
// against the error shape. "Matches" means parsing gives back exactly the body (no extra field).

type RouteModule = { loader: (args: never) => unknown; action?: (args: never) => unknown };

const MODULES: Record<string, RouteModule> = {
  "/api/gaps": gapsAlias,
  "/api/v1/projects": projects,
  "/api/v1/needs": needs,
  "/api/v1/matches": matches,
  "/api/v1/gaps": gaps,
  "/api/v1/duplicates": duplicates,
  "/api/v1/pledges": pledges,
  "/api/v1/organizations": organizations,
  "/api/v1/countries": countries,
  "/api/v1/routes": routes,
  "/api/v1/pillars": pillars,
  "/api/v1/openapi.json": openapi,
};

export const API_PATHS = ENDPOINTS.map((e) => e.path);

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Credentials {
  token?: string;
  cookie?: string;
  authorization?: string;
}

function headersOf(credentials: Credentials = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.Cookie = credentials.cookie;
  if (credentials.token) headers.Authorization = `Bearer ${credentials.token}`;
  if (credentials.authorization) headers.Authorization = credentials.authorization;
  return headers;
}

function expectMatches(schema: z.ZodType, body: unknown, what: string) {
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues, `${what}: response does not match its schema`).toEqual([]);
  expect(JSON.parse(JSON.stringify(parsed.data)), `${what}: response has fields its schema lacks`).toEqual(body);
}

export async function callApi(
  context: AppLoadContext,
  pathAndQuery: string,
  credentials?: Credentials,
  method = "GET",
): Promise<ApiAnswer> {
  const url = new URL(pathAndQuery, "http://localhost");
  const module = MODULES[url.pathname] ?? splat;
  const request = new Request(url, { method, headers: headersOf(credentials) });
  const handler = method === "GET" ? module.loader : module.action!;
  const response = (await handler({ request, context, params: {} } as never)) as Response;
  expect(response).toBeInstanceOf(Response);
  const body = await response.json();
  const endpoint: Endpoint | undefined = ENDPOINTS.find(
    (e) => e.path === url.pathname || (url.pathname === "/api/gaps" && e.path === "/api/v1/gaps"),
  );
  if (response.status === 200 && endpoint) expectMatches(endpoint.response, body, pathAndQuery);
  if (response.status !== 200) {
    expectMatches(ErrorBodySchema, body, `${pathAndQuery} (${response.status})`);
    expect(response.headers.get("Content-Type")).toContain("application/json");
  }
  return { status: response.status, headers: response.headers, body };
}
