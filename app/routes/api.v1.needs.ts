import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { needsEndpoint } from "~/api/resources/needs.server";

// GET /api/v1/needs (app/api/resources/needs.server.ts); any other method: 405.
export const loader = endpointLoader(needsEndpoint);
export const action = methodNotAllowed;
