import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { createProject } from "~/projects/projects.server";
import { exportActivities, type ExportSummary } from "~/iati/export.server";
import { importFile } from "~/iati/import.server";
import { schemaPath } from "~/iati/schema-check.server";
import { loadProjectLinks } from "~/projects/queries.server";
import { loader } from "~/routes/iati.activities[.]xml";
import { asActor, makeActor, makeOrganization } from "../support/factories";
import { getRequest, requestContext } from "../support/requests";
import { createTestDatabase, describeEachDatabase } from "../support/database";
import { writeTempFile } from "../support/iati-fixtures";

// The IATI export: valid against the official 2.03 schema, and the same projects come back from it.

async function collect(pieces: AsyncGenerator<string>): Promise<string> {
  let xml = "";
  for await (const piece of pieces) xml += piece;
  return xml;
}

/** xmllint's verdict on the file against the official 2.03 activity schema. */
function schemaErrors(xml: string): string {
  try {
    execFileSync("xmllint", ["--noout", "--nonet", "--schema", schemaPath(), writeTempFile(xml)], { stdio: "pipe" });
    return "";
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

const PROJECTS = [
  {
    title: "Border liaison offices in Tajikistan",
    summary: "Border liaison offices along the Afghan border.",
    pillars: ["I"],
    capacityAreas: ["I.4"],
    dacCode: "16063",
    countries: ["TJK"],
    status: "active",
    startDate: "2023-03-01",
    endDate: "2026-02-28",
    budget: "1250000.00",
    currency: "EUR",
  },
  {
    title: "Подготовка кинологов таможни",
    summary: "Обучение кинологов таможенной службы.",
    pillars: ["III"],
    capacityAreas: [],
    dacCode: "16063",
    countries: ["KAZ", "KGZ", "UZB"],
    status: "pipeline",
    startDate: "2027-01-01",
    budget: "300000.00",
    currency: "USD",
  },
  {
    title: "Financial intelligence units network",
    summary: "Exchange of financial intelligence on drug money.",
    pillars: ["II"],
    capacityAreas: ["II.1"],
    dacCode: "15113",
    countries: ["PAK", "IRN", "AFG"],
    status: "completed",
    startDate: "2019-01-01",
    endDate: "2021-12-31",
    budget: "99999.99",
    currency: "GBP",
  },
  {
    title: "Drug prevention in schools",
    summary: "Prevention curricula for secondary schools.",
    pillars: ["IV"],
    capacityAreas: ["IV.1"],
    dacCode: "12330",
    countries: ["ALB"],
    status: "cancelled",
    startDate: "2022-05-01",
    endDate: "2024-04-30",
    budget: "45000.00",
    currency: "EUR",
  },
] as const;

type Fixture = (typeof PROJECTS)[number];
/** A project form's input for a fixture (optional fields as a form leaves them). */
const input = (p: Fixture, overrides: { countries?: string[]; pillars?: string[] } = {}) => ({
  ...p,
  endDate: "endDate" in p ? p.endDate : undefined,
  pillars: overrides.pillars ?? [...p.pillars],
  capacityAreas: overrides.pillars ? [] : [...p.capacityAreas],
  countries: overrides.countries ?? [...p.countries],
  routes: [],
  description: undefined,
  implementingOrganization: "UNODC",
  iatiIdentifier: undefined,
});

describeEachDatabase("IATI export", (use) => {
  it(
    "exports valid 2.03 XML, leaves out organizations without " + "an identifier, and the projects come back the same",
    async () => {
      const { db, mode } = use();
      const org = await makeOrganization(db, "donor_agency", "NOR");
      const donor = asActor(await makeActor(db, "donor", { organizationId: org.id }));
      const ids: number[] = [];
      for (const p of PROJECTS) ids.push((await createProject(db, donor, input(p))).id);
      const anonymousOrg = await makeOrganization(db, "donor_agency", null, {
        name: `No identifier ${Date.now()}`,
        iatiRef: null,
      });
      const other = asActor(await makeActor(db, "donor", { organizationId: anonymousOrg.id }));
      await createProject(db, other, input(PROJECTS[0]));

      const summary: ExportSummary = { exported: 0, leftOut: [] };
      const xml = await collect(exportActivities(db, {}, summary));
      expect(schemaErrors(xml)).toBe("");
      expect(summary.leftOut).toEqual([{ organization: anonymousOrg.name, identifier: null, projects: 1 }]);
      expect(xml).toContain(
        `Left out: projects of organizations without a valid IATI organisation identifier: ${anonymousOrg.name} (1)`,
      );
      const mine = await collect(exportActivities(db, { organization: org.id }, { exported: 0, leftOut: [] }));
      expect(schemaErrors(mine)).toBe("");
      expect(mine.match(/<iati-activity /g)).toHaveLength(PROJECTS.length);

      // Into a fresh database, as the coordination unit.
      const fresh = await createTestDatabase(mode);
      try {
        const unit = await fresh.db
          .selectFrom("organizations")
          .select("id")
          .where("kind", "=", "coordination_unit")
          .executeTakeFirstOrThrow();
        const report = await importFile(
          fresh.db,
          { id: null, role: "coordinator", organizationId: unit.id, countryIso3: null },
          writeTempFile(mine),
        );
        expect(report).toMatchObject({
          refused: false,
          activities: PROJECTS.length,
          created: PROJECTS.length,
          rejected: 0,
          skipped: 0,
          warnings: 0,
        });
        const pick = (r: Record<string, unknown>) => ({
          iati: r.iati_identifier,
          title: r.title,
          implementer: r.implementing_organization,
          dac: r.dac_code,
          start: r.start_date,
          end: r.end_date,
          status: r.status,
          budget: Number(r.budget),
          currency: r.currency,
        });
        const originals = await db.selectFrom("projects").selectAll().where("id", "in", ids).orderBy("id").execute();
        const copies = await fresh.db
          .selectFrom("projects")
          .selectAll()
          .where(
            "iati_identifier",
            "in",
            originals.map((o) => o.iati_identifier),
          )
          .execute();
        const byIdentifier = new Map(copies.map((c) => [c.iati_identifier, c]));
        const [originalLinks, copyLinks] = [
          await loadProjectLinks(db, ids),
          await loadProjectLinks(
            fresh.db,
            copies.map((c) => c.id),
          ),
        ];
        for (const original of originals) {
          const copy = byIdentifier.get(original.iati_identifier)!;
          expect(copy, original.iati_identifier).toBeDefined();
          expect(pick(copy)).toEqual(pick(original));
          expect(copyLinks.get(copy.id)!.countries).toEqual(originalLinks.get(original.id)!.countries);
          expect(copyLinks.get(copy.id)!.pillars).toEqual(originalLinks.get(original.id)!.pillars);
        }
      } finally {
        await fresh.close();
      }
    },
    120_000,
  );

  it("serves /iati/activities.xml to signed-in members with the /projects filters, streamed", async () => {
    const { db, mode } = use();
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const donor = await makeActor(db, "donor", { organizationId: org.id });
    await createProject(db, asActor(donor), input(PROJECTS[0], { pillars: ["I"], countries: ["TJK"] }));
    const response = (await loader({
      request: getRequest(`/iati/activities.xml?organization=${org.id}&pillar=I&status=active`, donor.cookie),
      params: {},
      context: requestContext(db, mode),
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    const xml = await response.text();
    expect(xml.match(/<iati-activity /g)).toHaveLength(1);
    expect(schemaErrors(xml)).toBe("");
    const none = (await loader({
      request: getRequest(`/iati/activities.xml?organization=${org.id}&pillar=IV`, donor.cookie),
      params: {},
      context: requestContext(db, mode),
    })) as Response;
    expect((await none.text()).match(/<iati-activity /g)).toBeNull();
  });
});
