import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { apiRateLimitPerMinute } from "./auth.server";
import type { Endpoint } from "./endpoint.server";
import { ENDPOINTS } from "./endpoints.server";
import { ErrorBodySchema } from "./errors";

// The OpenAPI 3.1 document of API v1, generated from the zod schemas that the endpoints parse
// their parameters with and that their responses are checked against: it cannot drift from the code.

const errorResponse = (
  description: string,
  headers?: Record<string, { description: string; schema: { type: "integer" } }>,
) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: ErrorBodySchema } },
});

function operation(endpoint: Endpoint): ZodOpenApiOperationObject {
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: endpoint.description,
    requestParams: { query: endpoint.query },
    responses: {
      "200": { description: "OK", content: { "application/json": { schema: endpoint.response } } },
      "400": errorResponse("A parameter is not valid (details.issues names each)."),
      "401": errorResponse("No token or session, or a token that is unknown, revoked or of an inactive account."),
      ...(endpoint.permission ? { "403": errorResponse("Your role may not read this.") } : {}),
      "429": errorResponse("Too many requests.", {
        "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } },
      }),
    },
  };
}

export function openApiDocument() {
  const paths: ZodOpenApiPathsObject = Object.fromEntries(ENDPOINTS.map((e) => [e.path, { get: operation(e) }]));
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "ADAM API",
      version: "1.0.0",
      description:
        "Read-only JSON API of ADAM. Authenticate with a personal API token (create one on /profile) sent as " +
        "`Authorization: Bearer <token>`, or with a signed-in browser session. Collections are paged with an opaque " +
        `cursor (?cursor=, ?limit= up to 200). Each token may make ${apiRateLimitPerMinute()} requests a minute. ` +
        "Every error is `{ error: { code, message, details } }`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A personal API token (adam_…)" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "adam_session" },
      },
    },
    paths,
  });
}
