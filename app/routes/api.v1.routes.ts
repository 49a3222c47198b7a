import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { routesEndpoint } from "~/api/resources/reference.server";

// GET /api/v1/routes (app/api/resources/reference.server.ts); any other method: 405.
export const loader = endpointLoader(routesEndpoint);
export const action = methodNotAllowed;
