import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { pillarsEndpoint } from "~/api/resources/reference.server";

// GET /api/v1/pillars (app/api/resources/reference.server.ts); any other method: 405.
export const loader = endpointLoader(pillarsEndpoint);
export const action = methodNotAllowed;
