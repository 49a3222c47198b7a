import { endpointLoader, methodNotAllowed } from "~/api/endpoint.server";
import { projectsEndpoint } from "~/api/resources/projects.server";

// GET /api/v1/projects (app/api/resources/projects.server.ts); any other method: 405.
export const loader = endpointLoader(projectsEndpoint);
export const action = methodNotAllowed;
