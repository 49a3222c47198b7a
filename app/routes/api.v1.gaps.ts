import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { gapsEndpoint } from "~/api/resources/gaps.server";

// GET /api/v1/gaps (app/api/resources/gaps.server.ts); any other method: 405.
export const loader = endpointLoader(gapsEndpoint);
export const action = methodNotAllowed;
