import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { organizationsEndpoint } from "~/api/resources/reference.server";

// GET /api/v1/organizations (app/api/resources/reference.server.ts); any other method: 405.
export const loader = endpointLoader(organizationsEndpoint);
export const action = methodNotAllowed;
