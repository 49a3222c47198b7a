import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { countriesEndpoint } from "~/api/resources/reference.server";

// GET /api/v1/countries (app/api/resources/reference.server.ts); any other method: 405.
export const loader = endpointLoader(countriesEndpoint);
export const action = methodNotAllowed;
