import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { duplicatesEndpoint } from "~/api/resources/duplicates.server";

// GET /api/v1/duplicates (app/api/resources/duplicates.server.ts); any other method: 405.
export const loader = endpointLoader(duplicatesEndpoint);
export const action = methodNotAllowed;
