import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { matchesEndpoint } from "~/api/resources/matches.server";

// GET /api/v1/matches (app/api/resources/matches.server.ts); any other method: 405.
export const loader = endpointLoader(matchesEndpoint);
export const action = methodNotAllowed;
