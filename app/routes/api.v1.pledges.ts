import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { pledgesEndpoint } from "~/api/resources/pledges.server";

// GET /api/v1/pledges (app/api/resources/pledges.server.ts); any other method: 405.
export const loader = endpointLoader(pledgesEndpoint);
export const action = methodNotAllowed;
