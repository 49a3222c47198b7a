import { z } from "zod";
import {
  listCountriesAfter,
  listOrganizationsAfter,
  listPillarsBilingual,
  listRoutesBilingual,
} from "~/reference/reference.server";
import { defineEndpoint } from "../endpoint.server";
import { country, flag, route } from "../filters";
import { codePageParams, idPageParams, pageOf, pageRequest, toPage } from "../pagination";
import { BilingualSchema } from "../schemas";

// Reference data: organizations, countries with their places on the routes, the routes, the pillars
// with their capacity areas and DAC codes. Names in both languages. Routes and pillars are a handful
// of records and come whole; organizations and countries are collections with pages.

const ORGANIZATION_KINDS = [
  "donor_agency",
  "beneficiary_agency",
  "international_organization",
  "coordination_unit",
] as const;
const ROUTE_ROLES = ["origin", "transit", "destination", "spillover"] as const;

export const OrganizationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(ORGANIZATION_KINDS),
    name: z.string(),
    acronym: z.string().nullable(),
    countryIso3: z.string().nullable(),
    isPartner: z.boolean(),
    iatiRef: z.string().nullable(),
  })
  .meta({ id: "Organization" });

export const organizationsEndpoint = defineEndpoint({
  path: "/api/v1/organizations",
  operationId: "listOrganizations",
  summary: "Organizations",
  description: "Donor and beneficiary agencies, international organizations and the coordination unit.",
  query: z.strictObject({
    ...idPageParams,
    kind: z.enum(ORGANIZATION_KINDS, { error: "form.choose" }).optional(),
    country: country().optional(),
    partner: flag("true: only Paris Pact partners").optional(),
  }),
  response: pageOf(OrganizationSchema, "Organization"),
  async run({ query, url, db }) {
    const request = pageRequest(query);
    const rows = await listOrganizationsAfter(
      db,
      { kind: query.kind, country: query.country, partner: query.partner },
      request.after,
      request.limit + 1,
    );
    return toPage(
      rows,
      request,
      url,
      (r) => r.id,
      (r) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        acronym: r.acronym,
        countryIso3: r.country_iso3?.trim() ?? null,
        isPartner: r.is_partner,
        iatiRef: r.iati_ref,
      }),
    );
  },
});

export const CountrySchema = z
  .object({
    iso3: z.string(),
    iso2: z.string(),
    name: BilingualSchema,
    isPartner: z.boolean(),
    routes: z.array(z.object({ route: z.string(), role: z.enum(ROUTE_ROLES), position: z.number().int() })),
  })
  .meta({ id: "Country" });

export const countriesEndpoint = defineEndpoint({
  path: "/api/v1/countries",
  operationId: "listCountries",
  summary: "Countries",
  description: "ISO 3166 countries, the Paris Pact partners marked, each with its places on the trafficking routes.",
  query: z.strictObject({
    ...codePageParams,
    route: route().optional(),
    partner: flag("true: only Paris Pact partners").optional(),
  }),
  response: pageOf(CountrySchema, "Country"),
  async run({ query, url, db }) {
    const request = pageRequest(query);
    const rows = await listCountriesAfter(
      db,
      { route: query.route, partner: query.partner },
      request.after,
      request.limit + 1,
    );
    return toPage(
      rows,
      request,
      url,
      (r) => r.iso3,
      (r) => ({
        iso3: r.iso3.trim(),
        iso2: r.iso2.trim(),
        name: { en: r.name_en, ru: r.name_ru },
        isPartner: r.is_partner,
        routes: r.routes.map((p) => ({ route: p.route_code, role: p.role, position: p.position })),
      }),
    );
  },
});

export const RouteSchema = z
  .object({
    code: z.string(),
    name: BilingualSchema,
    countries: z.array(
      z.object({
        iso3: z.string(),
        name: BilingualSchema,
        role: z.enum(ROUTE_ROLES),
        position: z.number().int(),
        isPartner: z.boolean(),
      }),
    ),
  })
  .meta({ id: "Route" });

export const routesEndpoint = defineEndpoint({
  path: "/api/v1/routes",
  operationId: "listRoutes",
  summary: "Trafficking routes",
  description: "The routes, each with its countries in order and their roles. Comes whole (no pages).",
  query: z.strictObject({}),
  response: z.object({ data: z.array(RouteSchema) }).meta({ id: "RouteList" }),
  async run({ db }) {
    const routes = await listRoutesBilingual(db);
    return {
      data: routes.map((r) => ({
        code: r.code,
        name: { en: r.name_en, ru: r.name_ru },
        countries: r.countries.map((c) => ({
          iso3: c.iso3.trim(),
          name: { en: c.name_en, ru: c.name_ru },
          role: c.role,
          position: c.position,
          isPartner: c.is_partner,
        })),
      })),
    };
  },
});

export const PillarSchema = z
  .object({
    code: z.string(),
    number: z.number().int(),
    name: BilingualSchema,
    fullName: BilingualSchema,
    capacityAreas: z.array(z.object({ code: z.string(), name: BilingualSchema })),
    dacCodes: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .meta({ id: "Pillar" });

export const pillarsEndpoint = defineEndpoint({
  path: "/api/v1/pillars",
  operationId: "listPillars",
  summary: "Pillars",
  description:
    "The four pillars of the Vienna Declaration with their capacity areas and DAC codes. Comes whole (no pages).",
  query: z.strictObject({}),
  response: z.object({ data: z.array(PillarSchema) }).meta({ id: "PillarList" }),
  async run({ db }) {
    const pillars = await listPillarsBilingual(db);
    return {
      data: pillars.map((p) => ({
        code: p.code,
        number: p.number,
        name: { en: p.name_en, ru: p.name_ru },
        fullName: { en: p.full_name_en, ru: p.full_name_ru },
        capacityAreas: p.capacityAreas.map((a) => ({ code: a.code, name: { en: a.name_en, ru: a.name_ru } })),
        dacCodes: p.dacCodes.map((d) => ({ code: d.code, name: d.name })),
      })),
    };
  },
});
