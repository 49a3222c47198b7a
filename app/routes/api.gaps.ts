import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { gapsEndpoint } from "~/api/resources/gaps.server";

// The first JSON endpoint, kept as an alias of /api/v1/gaps (same filters, answer and errors).
export const loader = endpointLoader(gapsEndpoint);
export const action = methodNotAllowed;
