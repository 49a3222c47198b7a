import { z } from "zod";
import { PROJECT_STATUSES } from "~/projects/schema";
import { listProjectsAfter } from "~/projects/queries.server";
import { bilingualNames } from "~/reference/reference.server";
import { defineEndpoint } from "../endpoint.server";
import { marketplacePage } from "./marketplace-page.server";
import { area, country, mine, pillar, recordId, route, year } from "../filters";
import { idPageParams, pageOf, toPage } from "../pagination";
import {
  BilingualSchema,
  CodeRefSchema,
  CountryRefSchema,
  DateSchema,
  LanguageSchema,
  MoneySchema,
  OrganizationRefSchema,
  TimestampSchema,
  iso,
} from "../schemas";

// Projects, as every member sees them on /projects, with the list's filters.

const NarrativeSchema = z.object({ language: z.string().nullable(), text: z.string() });

export const ProjectSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    summary: z.string(),
    description: z.string(),
    language: LanguageSchema,
    narratives: z
      .object({ title: z.array(NarrativeSchema), description: z.array(NarrativeSchema) })
      .nullable()
      .meta({
        description:
          "For a project imported from IATI: its title and description in every language the publisher gave.",
      }),
    status: z.enum(PROJECT_STATUSES),
    startDate: DateSchema,
    endDate: DateSchema.nullable(),
    budget: MoneySchema,
    dac: z.object({ code: z.string(), name: z.string() }),
    organization: OrganizationRefSchema,
    implementingOrganization: z.string().nullable(),
    iatiIdentifier: z.string(),
    recommendation: z.string().nullable(),
    pillars: z.array(CodeRefSchema),
    capacityAreas: z.array(CodeRefSchema),
    countries: z.array(CountryRefSchema),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: "Project" });

const Query = z.strictObject({
  ...idPageParams,
  pillar: pillar().optional(),
  area: area().optional(),
  country: country().optional(),
  route: route().optional(),
  status: z.enum(PROJECT_STATUSES, { error: "form.choose" }).optional(),
  organization: recordId("The donor organization's id").optional(),
  year: year().optional(),
  mine: mine().optional(),
});

type Stored = {
  title?: Array<{ lang: string | null; text: string }>;
  description?: Array<{ lang: string | null; text: string }>;
} | null;
const narrativesOf = (stored: unknown) => {
  const n = stored as Stored;
  if (!n) return null;
  const list = (items: Array<{ lang: string | null; text: string }> = []) =>
    items.map((i) => ({ language: i.lang, text: i.text }));
  return { title: list(n.title), description: list(n.description) };
};

export const projectsEndpoint = defineEndpoint({
  path: "/api/v1/projects",
  operationId: "listProjects",
  summary: "Projects",
  description: "Every member reads every project. Filters as on the projects page; mine=1 keeps your organization's.",
  query: Query,
  response: pageOf(ProjectSchema, "Project"),
  async run({ caller, query, url, db }) {
    const { request, rows } = await marketplacePage(caller, query, (filters, after, limit) =>
      listProjectsAfter(db, filters, after, limit),
    );
    const names = await bilingualNames(
      db,
      rows.flatMap((r) => r.links.countries),
    );
    const named = (map: Map<string, z.infer<typeof BilingualSchema>>, code: string) => ({
      code,
      name: map.get(code) ?? { en: code, ru: code },
    });
    return toPage(
      rows,
      request,
      url,
      (r) => r.id,
      (r) => ({
        id: r.id,
        title: r.title,
        summary: r.summary,
        description: r.description,
        language: r.language,
        narratives: narrativesOf(r.source_narratives),
        status: r.status,
        startDate: r.start_date,
        endDate: r.end_date,
        budget: { amount: r.budget, currency: r.currency.trim() },
        dac: { code: r.dac_code, name: r.dac_name },
        organization: { id: r.organization_id, name: r.organization_name },
        implementingOrganization: r.implementing_organization,
        iatiIdentifier: r.iati_identifier,
        recommendation: r.recommendation,
        pillars: r.links.pillars.map((c) => named(names.pillars, c)),
        capacityAreas: r.links.capacityAreas.map((c) => named(names.areas, c)),
        countries: r.links.countries.map((c) => ({ iso3: c, name: names.countries.get(c) ?? { en: c, ru: c } })),
        createdAt: iso(r.created_at),
        updatedAt: iso(r.updated_at),
      }),
    );
  },
});
