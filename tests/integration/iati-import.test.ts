import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importFile, previewImport, type Importer, type ImportReport } from "~/iati/import.server";
import { renderReason } from "~/iati/reasons";
import { updateProject } from "~/projects/projects.server";
import { RecordError } from "~/marketplace/errors";
import { asActor, makeActor, makeOrganization } from "../support/factories";
import { createTestDatabase, databaseModes, describeEachDatabase, type TestDatabase } from "../support/database";
import { decidePair } from "~/duplicates/review.server";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { iatiFileXml, writeTempFile, type ActivityOptions } from "../support/iati-fixtures";

// Importing IATI activity files: every activity accounted for, the mapping, re-imports, ownership.

const FIXTURES = path.resolve("tests/fixtures/iati");
const texts = (report: ImportReport, id: string) =>
  report.items.find((i) => i.iatiIdentifier === id)!.reasons.map((r) => renderReason(r));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) =>
    statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : [path.join(dir, f)],
  );
}

describeEachDatabase("IATI import", (use) => {
  let counter = 0;
  const unique = (prefix = "XM-DAC-7") => `${prefix}-T${++counter}-${Date.now().toString(36)}`;

  async function coordinator(): Promise<Importer> {
    const unit = await use()
      .db.selectFrom("organizations")
      .select("id")
      .where("kind", "=", "coordination_unit")
      .executeTakeFirstOrThrow();
    const actor = await makeActor(use().db, "coordinator", { organizationId: unit.id });
    return asActor(actor);
  }

  const run = async (activities: ActivityOptions[], importer?: Importer, version?: string) =>
    importFile(use().db, importer ?? (await coordinator()), writeTempFile(iatiFileXml(activities, version)));

  it("creates a project with its mapping, its source and an organization for a new publisher", async () => {
    const ref = `XM-DAC-${900 + counter++}`;
    const id = `${ref}-P1`;
    const report = await run([
      {
        id,
        reportingRef: ref,
        reportingName: `Publisher ${ref}`,
        title: "Border control training in Tajikistan",
        extraTitles: [{ lang: "ru", text: "Обучение пограничному контролю" }],
        countries: ["TJ", "UZ"],
        status: "3",
        start: "2023-02-01",
        end: "2025-06-30",
        currency: "USD",
        budgets: [
          { type: "1", start: "2023-02-01", end: "2023-12-31", value: "100000" },
          { type: "2", start: "2023-02-01", end: "2023-12-31", value: "120000.50" },
          { type: "1", start: "2024-01-01", end: "2024-12-31", value: "80000" },
        ],
      },
    ]);
    expect(report).toMatchObject({ refused: false, version: "2.03", activities: 1, created: 1, rejected: 0 });
    const item = report.items[0];
    expect(item).toMatchObject({ iatiIdentifier: id, disposition: "created", line: 3, countries: ["TJK", "UZB"] });
    const project = await use()
      .db.selectFrom("projects")
      .selectAll()
      .where("id", "=", item.projectId!)
      .executeTakeFirstOrThrow();
    expect(project).toMatchObject({
      iati_identifier: id,
      title: "Border control training in Tajikistan",
      status: "completed",
      start_date: "2023-02-01",
      end_date: "2025-06-30",
      currency: "USD",
      dac_code: "16063",
      implementing_organization: "UNODC",
      source_publisher: `Publisher ${ref}`,
      source_last_updated: "2024-05-01T10:00:00",
      classification_review: false,
    });
    expect(Number(project.budget)).toBe(200000.5); // revised 2023 replaces the original, plus 2024
    const org = await use()
      .db.selectFrom("organizations")
      .selectAll()
      .where("id", "=", project.organization_id)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ iati_ref: ref, name: `Publisher ${ref}`, kind: "donor_agency", iati_type: "10" });
    const pillars = await use()
      .db.selectFrom("project_pillars")
      .select("pillar_code")
      .where("project_id", "=", project.id)
      .execute();
    expect(pillars.map((p) => p.pillar_code)).toEqual(["I"]); // 16063 allows I and III; "border" narrows to I
    const outbox = await use().db.selectFrom("search_outbox").selectAll().where("entity_id", "=", project.id).execute();
    expect(outbox.length).toBeGreaterThan(0);
    const audit = await use()
      .db.selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "project")
      .where("entity_id", "=", String(project.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["project.import.create"]);
  });

  it("imports the same file twice without changing anything, then updates a changed activity", async () => {
    const importer = await coordinator();
    const id = unique();
    const first = await run([{ id }], importer);
    expect(first.created).toBe(1);
    const again = await run([{ id }], importer);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const before = await use()
      .db.selectFrom("projects")
      .select(["id", "version"])
      .where("iati_identifier", "=", id)
      .executeTakeFirstOrThrow();
    const changed = await run([{ id, title: "Border control training, second phase" }], importer);
    expect(changed).toMatchObject({ updated: 1, unchanged: 0 });
    const after = await use()
      .db.selectFrom("projects")
      .select(["title", "version"])
      .where("id", "=", before.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ title: "Border control training, second phase", version: before.version + 1 });
    const audit = await use()
      .db.selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", String(before.id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["project.import.create", "project.import.update"]);
  });

  it("refuses edits of publisher-owned fields and keeps ADAM's own pillars on re-import", async () => {
    const importer = await coordinator();
    const id = unique();
    const report = await run([{ id }], importer);
    const projectId = report.items[0].projectId!;
    const row = await use().db.selectFrom("projects").selectAll().where("id", "=", projectId).executeTakeFirstOrThrow();
    const links = { countries: ["TJK"], routes: [], capacityAreas: [] as string[] };
    const input = {
      title: row.title,
      summary: row.summary,
      description: row.description || undefined,
      dacCode: row.dac_code,
      implementingOrganization: row.implementing_organization ?? undefined,
      status: row.status,
      startDate: row.start_date,
      endDate: row.end_date ?? undefined,
      budget: row.budget,
      currency: row.currency,
      iatiIdentifier: row.iati_identifier,
      ...links,
    };
    const staff = { id: importer.id!, role: importer.role, organizationId: importer.organizationId, countryIso3: null };
    const refused = await updateProject(use().db, staff, projectId, row.version, {
      ...input,
      pillars: ["I"],
      title: "Renamed in ADAM",
    }).catch((e) => e);
    expect(refused).toBeInstanceOf(RecordError);
    expect(refused).toMatchObject({ code: "invalid", field: "title", messageKey: "iati.ownedByPublisher" });
    // ADAM's own classification may change, and survives a re-import of a changed activity.
    await updateProject(use().db, staff, projectId, row.version, {
      ...input,
      pillars: ["III"],
      capacityAreas: ["III.4"],
    });
    await run([{ id, end: "2026-12-31" }], importer);
    const pillars = await use()
      .db.selectFrom("project_pillars")
      .select("pillar_code")
      .where("project_id", "=", projectId)
      .execute();
    expect(pillars.map((p) => p.pillar_code)).toEqual(["III"]);
    const end = await use()
      .db.selectFrom("projects")
      .select("end_date")
      .where("id", "=", projectId)
      .executeTakeFirstOrThrow();
    expect(end.end_date).toBe("2026-12-31");
  });

  it("reports a repeated identifier with both lines and every activity exactly once", async () => {
    const id = unique();
    const report = await run([{ id }, { id: unique() }, { id }]);
    expect(report.activities).toBe(3);
    expect(report.items.map((i) => i.position)).toEqual([1, 2, 3]);
    const repeated = report.items[2];
    expect(repeated.disposition).toBe("rejected");
    expect(renderReason(repeated.reasons[0])).toBe(
      `The identifier appears again at line ${repeated.line} (first ` +
        `at line ${report.items[0].line}): only the first is imported.`,
    );
  });

  it("skips what is out of scope or not drug-related, with the reason", async () => {
    const colombia = unique();
    const livelihoods = unique();
    const report = await run([
      {
        id: colombia,
        countries: ["CO"],
        sectors: [{ code: "31165" }],
        title: "Alternative development for coca growers",
        description: "Alternatives to coca cultivation",
      },
      {
        id: livelihoods,
        sectors: [{ code: "31165" }],
        title: "Irrigation for farmers",
        description: "Rural livelihoods",
      },
    ]);
    expect(report.skipped).toBe(2);
    expect(texts(report, colombia)[0]).toMatch(/Outside the Paris Pact: its countries \(COL\)/);
    expect(texts(report, livelihoods)[0]).toMatch(/Sector 31165 \(alternative development\) alone/);
  });

  it(
    "places regional activities in the route countries of their " +
      "region, and marks text-only classification for review",
    async () => {
      const id = unique();
      const report = await run([
        {
          id,
          countries: [],
          regions: ["619"],
          sectors: [{ code: "15110" }],
          title: "Anti-money laundering and drug trafficking",
          description: "Financial intelligence units",
        },
      ]);
      expect(report.items[0]).toMatchObject({
        disposition: "created",
        countries: ["KAZ", "KGZ", "TJK", "TKM", "UZB"],
        pillar: "II",
      });
      expect(texts(report, id)).toContain("Classified automatically, please review: pillar II chosen from the text.");
      const row = await use()
        .db.selectFrom("projects")
        .select("classification_review")
        .where("iati_identifier", "=", id)
        .executeTakeFirstOrThrow();
      expect(row.classification_review).toBe(true);
      const nowhere = await run([{ id: unique(), countries: [], regions: ["998"] }]);
      expect(nowhere.items[0].disposition).toBe("rejected");
      expect(renderReason(nowhere.items[0].reasons[0])).toMatch(/No recipient country/);
    },
  );

  it("lets a donor import its own organization's file and refuses another publisher's", async () => {
    const org = await makeOrganization(use().db, "donor_agency", "NOR");
    const own = (
      await use().db.selectFrom("organizations").select("iati_ref").where("id", "=", org.id).executeTakeFirstOrThrow()
    ).iati_ref!;
    const donor = asActor(await makeActor(use().db, "donor", { organizationId: org.id }));
    const mine = await run([{ id: `${own}-1`, reportingRef: own }], donor);
    expect(mine).toMatchObject({ refused: false, created: 1 });
    const foreign = await run(
      [
        { id: `${own}-2`, reportingRef: own },
        { id: "GB-GOV-1-XYZ", reportingRef: "GB-GOV-1" },
      ],
      donor,
    );
    expect(foreign).toMatchObject({ refused: true, items: [], created: 0 });
    expect(renderReason(foreign.reasons[0])).toBe(
      `Your organization may import only its own activities: line ` +
        `${foreign.reasons[0].params!.line} is reported by GB-GOV-1, not ${own}.`,
    );
    expect(
      await use().db.selectFrom("projects").select("id").where("iati_identifier", "=", `${own}-2`).executeTakeFirst(),
    ).toBeUndefined();
  });

  it("reads the real 2.01 file with its schema fault as a warning with its line", async () => {
    const report = await previewImport(
      use().db,
      await coordinator(),
      path.join(FIXTURES, "samples/dfid-albania-2016.v201.xml"),
    );
    expect(report).toMatchObject({ refused: false, version: "2.01", activities: 8 });
    expect(report.warnings).toBeGreaterThan(0);
    const warnings = report.items
      .flatMap((i) => i.reasons.map((r) => renderReason(r)))
      .filter((t) => t.startsWith("Schema"));
    expect(warnings).toHaveLength(report.warnings);
    expect(warnings).toContain(
      "Schema (line 251): Element 'capital-spend': The attribute 'percentage' is required but missing.",
    );
    // Each warning sits on the activity whose lines hold it.
    for (const item of report.items)
      for (const r of item.reasons.filter((x) => x.key === "iati.reason.schema"))
        expect(Number(r.params!.line)).toBeGreaterThanOrEqual(item.line);
    expect(report.items.every((i) => ["skipped", "rejected", "created"].includes(i.disposition))).toBe(true);
  });

  it("reads the d-portal file of mixed versions: each activity once, the 1.x ones rejected on their own", async () => {
    const report = await previewImport(
      use().db,
      await coordinator(),
      path.join(FIXTURES, "samples/dportal-dflat-activities.v202.xml"),
    );
    expect(report).toMatchObject({ refused: false, version: "mixed", activities: 100 });
    expect(report.created + report.updated + report.unchanged + report.skipped + report.rejected).toBe(100);
    const legacy = report.items.filter((i) => i.reasons.some((r) => r.key === "iati.reason.legacyActivity"));
    expect(legacy.map((i) => i.disposition)).toEqual(["rejected", "rejected", "rejected"]);
  });

  it("refuses 1.x files and files that are not activity files as a whole", async () => {
    const importer = await coordinator();
    for (const [file, text] of [
      ["us-gov-2012-drug-subset.v1.xml", "This is an IATI 1.0 file"],
      ["ocha-test-data.first-3.xml", "This is an IATI 1.x file"],
      ["worked-example.xml", "This is not an IATI activity file"],
    ]) {
      const report = await importFile(use().db, importer, path.join(FIXTURES, "samples", file));
      expect(report, file).toMatchObject({ refused: true, items: [], activities: 0 });
      expect(renderReason(report.reasons[0])).toContain(text);
    }
    const broken = await importFile(
      use().db,
      importer,
      writeTempFile('<iati-activities version="2.03"><iati-activity></iati-activities>'),
    );
    expect(broken.refused).toBe(true);
    expect(renderReason(broken.reasons[0])).toMatch(/not well-formed XML \(line 1\)/);
  });

  it("reads the conformance corpus: should-pass without a schema problem, should-fail with one", async () => {
    const importer = await coordinator();
    for (const file of files(path.join(FIXTURES, "conformance/should-pass"))) {
      const report = await previewImport(use().db, importer, file, { checkRelevance: false, checkScope: false });
      expect(report.refused, file).toBe(false);
      expect(report.warnings, file).toBe(0);
      // The corpus leaves ADAM's own needs empty (identifier, reporting organisation, country):
      // filled in, nothing is rejected.
      const filled = readFileSync(file, "utf8")
        .replace(/<iati-identifier>\s*<\/iati-identifier>/g, () => `<iati-identifier>${unique()}</iati-identifier>`)
        .replace(/<reporting-org([^>]*)ref="[^"]*"/g, '<reporting-org$1ref="XM-DAC-7"')
        .replace(
          /<\/iati-activity>/g,
          '<recipient-country code="TJ"/><budget><period-start iso-date="2024-01-01"/>' +
            '<period-end iso-date="2024-12-31"/><value currency="EUR" value-date="2024-01-01">1000</value>' +
            "</budget></iati-activity>",
        );
      const mapped = await previewImport(use().db, importer, writeTempFile(filled), {
        checkRelevance: false,
        checkScope: false,
      });
      expect(
        mapped.rejected,
        `${file}: ${mapped.items.flatMap((i) => i.reasons.map((r) => renderReason(r))).join("; ")}`,
      ).toBe(0);
    }
    for (const file of files(path.join(FIXTURES, "conformance/should-fail"))) {
      const report = await previewImport(use().db, importer, file, { checkRelevance: false, checkScope: false });
      const problems = [...report.reasons, ...report.items.flatMap((i) => i.reasons)].filter((r) =>
        /schema|outsideActivity|notWellFormed/.test(r.key),
      );
      expect(problems.length, file).toBeGreaterThan(0);
    }
  }, 120_000);
});

// The chunked import (one transaction and one duplicate check per chunk) against the one-by-one path
// (each project in its own transaction with scanProject): the same file sequence on two fresh
// databases leaves the same reports, projects, audit, search outbox and duplicate pairs, decisions
// included (one reopened by a material change, one kept), with pairs inside and across chunks.
for (const mode of databaseModes) {
  describe(`IATI import in chunks equals the one-by-one path [${mode}]`, () => {
    const drugText = (n: number) =>
      `Counter-narcotics border control training for customs officers, number ${n % 3}, with equipment and mentoring`;
    const first: ActivityOptions[] = Array.from({ length: 23 }, (_, i) => ({
      id: `XM-DAC-7-EQ-${i}`,
      title: `Border control training ${i % 3 === 0 ? "at the Tajik border" : "for customs"}`,
      description: drugText(i),
      countries: [["TJ"], ["UZ"], ["TJ", "UZ"]][i % 3],
      sectors: [{ code: i % 4 === 0 ? "15130" : "16063" }],
      start: `202${i % 3}-01-01`,
      end: `202${(i % 3) + 3}-12-31`,
    }));
    // The second file changes some activities (one so much that its pairs no longer qualify), keeps
    // the rest, and adds new ones similar to the old.
    const second: ActivityOptions[] = [
      ...first.map((a, i) =>
        i === 4
          ? {
              ...a,
              title: "Precursor chemical control laboratory",
              description: "Forensic laboratory equipment and chemists' training on precursors.",
            }
          : i % 5 === 0
            ? { ...a, title: `${a.title}, second phase`, end: "2027-06-30" }
            : a,
      ),
      ...Array.from({ length: 6 }, (_, i) => ({ ...first[i], id: `XM-DAC-7-EQ-NEW-${i}` })),
    ];

    async function runScenario(database: TestDatabase, oneByOne: boolean) {
      const db = database.db;
      const unit = await db
        .selectFrom("organizations")
        .select("id")
        .where("kind", "=", "coordination_unit")
        .executeTakeFirstOrThrow();
      const user = await makeActor(db, "coordinator", { organizationId: unit.id });
      const importer = asActor(user);
      const options = { oneByOne, chunkSize: 4 };
      const reports = [await importFile(db, importer, writeTempFile(iatiFileXml(first), "eq-1.xml"), options)];
      // Two decisions: the pair of activity 4 (changed materially later) and one of activity 7 (not).
      for (const identifier of ["XM-DAC-7-EQ-4", "XM-DAC-7-EQ-7"]) {
        const project = await db
          .selectFrom("projects")
          .select("id")
          .where("iati_identifier", "=", identifier)
          .executeTakeFirstOrThrow();
        const pair = await db
          .selectFrom("duplicate_pairs")
          .select(["id", "version"])
          .where((eb) => eb.or([eb("project_a_id", "=", project.id), eb("project_b_id", "=", project.id)]))
          .orderBy("project_a_id")
          .orderBy("project_b_id")
          .executeTakeFirstOrThrow();
        await decidePair(
          db,
          importer,
          { pairId: pair.id, version: pair.version, decision: "complementary" },
          "127.0.0.1",
        );
      }
      reports.push(await importFile(db, importer, writeTempFile(iatiFileXml(second), "eq-2.xml"), options));
      return { reports, state: await stateOf(db) };
    }

    async function stateOf(db: Kysely<Database>) {
      const projects = await db
        .selectFrom("projects")
        .select(["id", "iati_identifier", "title", "summary", "version", "end_date", "source_fingerprint"])
        .orderBy("iati_identifier")
        .execute();
      const identifierOf = new Map(projects.map((p) => [p.id, p.iati_identifier]));
      const links = await db
        .selectFrom("project_countries")
        .select(["project_id", "country_iso3"])
        .orderBy("project_id")
        .orderBy("country_iso3")
        .execute();
      const pairs = await db
        .selectFrom("duplicate_pairs")
        .select(["project_a_id", "project_b_id", "status", "score", "reasons", "version"])
        .execute();
      const audit = await db
        .selectFrom("audit_log")
        .select(["action", "entity_id"])
        .where("entity_type", "=", "project")
        .orderBy("id")
        .execute();
      const outbox = await db.selectFrom("search_outbox").select(["entity_type", "entity_id"]).execute();
      const named = (id: number | string) => identifierOf.get(Number(id));
      return {
        projects: projects.map(({ id: _id, ...rest }) => rest),
        countries: links.map((l) => `${named(l.project_id)}:${l.country_iso3}`).sort(),
        pairs: pairs
          .map((p) => ({ ...p, project_a_id: named(p.project_a_id), project_b_id: named(p.project_b_id) }))
          .sort((x, y) => `${x.project_a_id}|${x.project_b_id}`.localeCompare(`${y.project_a_id}|${y.project_b_id}`)),
        audit: audit.map((a) => `${a.action}:${named(a.entity_id)}`),
        outbox: outbox.map((o) => `${o.entity_type}:${named(o.entity_id)}`).sort(),
      };
    }

    it("leaves the same state and reports", async () => {
      const [one, chunked] = [await createTestDatabase(mode), await createTestDatabase(mode)];
      try {
        const a = await runScenario(one, true);
        const b = await runScenario(chunked, false);
        const strip = (r: ImportReport) =>
          r.items.map((i) => [
            i.iatiIdentifier,
            i.line,
            i.disposition,
            i.reasons.map((x) => renderReason(x)),
            i.countries,
            i.pillar,
          ]);
        expect(b.reports.map(strip)).toEqual(a.reports.map(strip));
        expect(b.state).toEqual(a.state);
        // The scenario exercises what it claims: pairs found, one decision reopened, one kept, one pair gone.
        expect(a.state.pairs.length).toBeGreaterThan(20);
        expect(a.state.pairs.filter((p) => p.status === "complementary")).toHaveLength(1);
        expect(a.state.pairs.some((p) => p.status === "candidate" && p.version > 1)).toBe(true);
        expect(a.reports[1]).toMatchObject({ created: 6, updated: 6, unchanged: 17 });
      } finally {
        await one.close();
        await chunked.close();
      }
    }, 180_000);
  });
}
