import type { Endpoint } from "./endpoint.server";
import { duplicatesEndpoint } from "./resources/duplicates.server";
import { gapsEndpoint } from "./resources/gaps.server";
import { matchesEndpoint } from "./resources/matches.server";
import { needsEndpoint } from "./resources/needs.server";
import { pledgesEndpoint } from "./resources/pledges.server";
import { projectsEndpoint } from "./resources/projects.server";
import {
  countriesEndpoint,
  organizationsEndpoint,
  pillarsEndpoint,
  routesEndpoint,
} from "./resources/reference.server";

// Every endpoint of API v1, in the order the OpenAPI document lists them.
export const ENDPOINTS: readonly Endpoint[] = [
  projectsEndpoint,
  needsEndpoint,
  matchesEndpoint,
  gapsEndpoint,
  duplicatesEndpoint,
  pledgesEndpoint,
  organizationsEndpoint,
  countriesEndpoint,
  routesEndpoint,
  pillarsEndpoint,
] as unknown as readonly Endpoint[];
