import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { writeAudit } from "~/accounts/audit.server";
import { scanProject } from "~/duplicates/detect.server";
import { exportResponse } from "~/exports/columns.server";
import { keysetPages } from "~/exports/keyset.server";
import { projectsExport } from "~/exports/projects.server";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice } from "~/funding/invoice-lifecycle.server";
import { recordPayment } from "~/funding/payments.server";
import { ProjectFiltersSchema } from "~/marketplace/filters";
import { today as todayUtc } from "~/forms/dates";
import { listProjectsAfter } from "~/projects/queries.server";
import { loader as auditCsv } from "~/routes/admin.audit[.]csv";
import { loader as requestsCsv } from "~/routes/admin.requests[.]csv";
import { loader as usersCsv } from "~/routes/admin.users[.]csv";
import { loader as countryCsv } from "~/routes/countries.$iso3[.]csv";
import { loader as duplicatesCsv } from "~/routes/duplicates[.]csv";
import { loader as gapsCsv } from "~/routes/gaps[.]csv";
import { loader as invoicesCsv } from "~/routes/invoices[.]csv";
import { loader as matchesCsv } from "~/routes/matches[.]csv";
import { loader as needsCsv } from "~/routes/needs[.]csv";
import { loader as pledgesCsv } from "~/routes/pledges[.]csv";
import { loader as projectsCsv } from "~/routes/projects[.]csv";
import {
  coordinationUnitId,
  makeActor,
  makeOrganization,
  type TestActor,
  makeFundingWorld,
  makePledge,
  type FundingWorld,
  makeMatch,
  makeNeed,
  makeProject,
  setRate,
} from "../support/factories";
import { getRequest, requestContext } from "../support/requests";
import { describeEachDatabase } from "../support/database";

// Every list's CSV export, through its route's loader: who gets what, the page's filters, labels
// beside codes in both languages, money with its USD value, formula injection, keyset streaming.

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: ReturnType<typeof requestContext>;
}) => Promise<unknown>;
interface Csv {
  header: string[];
  rows: Record<string, string>[];
  raw: string;
}

const BOM = "\uFEFF";

async function parseCsv(response: Response): Promise<Csv> {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="adam-[\w-]+\.csv"$/);
  const raw = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(raw.startsWith(BOM)).toBe(true);
  const [header, ...rest] = parse(raw, { bom: true }) as string[][];
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), raw };
}

/** What a loader answers: a Response (thrown or returned), as its status. */
async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const value = await run();
    return value instanceof Response ? value.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describeEachDatabase("CSV exports", (use) => {
  let world: FundingWorld;
  const today = todayUtc();
  const who = {} as Record<
    "donor" | "donorRu" | "otherDonor" | "beneficiary" | "beneficiaryRu" | "coordinator" | "admin",
    TestActor
  >;
  const ids = {} as Record<
    "regional" | "afghan" | "tjkNeed" | "afgNeed" | "match" | "draft" | "issued" | "others",
    number
  >;

  const get = (loader: Loader, path: string, actor: TestActor, params: Record<string, string> = {}) => {
    const { db, mode } = use();
    return loader({ request: getRequest(path, actor.cookie), params, context: requestContext(db, mode) });
  };
  const csv = async (loader: Loader, path: string, actor: TestActor, params: Record<string, string> = {}) =>
    parseCsv((await get(loader, path, actor, params)) as Response);
  const byId = (file: Csv, id: number) => file.rows.find((r) => r.ID === String(id));

  beforeAll(async () => {
    const { db } = use();
    world = await makeFundingWorld(db);
    const beneficiaryOrg = await makeOrganization(db, "beneficiary_agency", "TJK", {
      name: "Drug Control Agency (test)",
      iatiRef: null,
    });
    const unit = { id: await coordinationUnitId(db) };
    who.donor = await makeActor(db, "donor", { organizationId: world.donorOrgId, countryIso3: "NOR" });
    who.donorRu = await makeActor(db, "donor", { organizationId: world.donorOrgId, countryIso3: "NOR" });
    who.otherDonor = await makeActor(db, "donor", { organizationId: world.otherDonorOrgId, countryIso3: "RUS" });
    who.beneficiary = await makeActor(db, "beneficiary", { organizationId: beneficiaryOrg.id, countryIso3: "TJK" });
    who.beneficiaryRu = await makeActor(db, "beneficiary", { organizationId: beneficiaryOrg.id, countryIso3: "TJK" });
    who.coordinator = await makeActor(db, "coordinator", { organizationId: unit.id });
    who.admin = await makeActor(db, "admin", { organizationId: unit.id });
    for (const actor of [who.donorRu, who.beneficiaryRu, who.admin])
      await db.updateTable("users").set({ locale: "ru" }).where("id", "=", actor.userId).execute();
    await setRate(db, "EUR", today, "1.2500000000");

    ids.regional = await makeProject(db, {
      organizationId: world.donorOrgId,
      title: "=1+1 regional border training",
      countries: ["TJK", "KGZ"],
      pillars: ["II"],
      capacityAreas: ["II.1"],
      start: "2026-01-01",
      end: "2027-12-31",
      budget: "1000.00",
      currency: "EUR",
    });
    ids.afghan = await makeProject(db, {
      organizationId: world.otherDonorOrgId,
      title: "-1+1",
      countries: ["AFG"],
      pillars: ["I"],
      start: "2026-01-01",
      budget: "500.00",
    });
    ids.tjkNeed = await makeNeed(db, {
      organizationId: beneficiaryOrg.id,
      country: "TJK",
      pillar: "II",
      priority: "critical",
      title: "@x scanners",
      cost: "2000.00",
      currency: "EUR",
    });
    ids.afgNeed = await makeNeed(db, {
      organizationId: beneficiaryOrg.id,
      country: "AFG",
      pillar: "I",
      priority: "low",
      title: "\tlead need",
    });
    ids.match = await makeMatch(db, {
      needId: ids.tjkNeed,
      projectId: ids.regional,
      proposedBy: who.coordinator.userId,
      status: "confirmed",
      amount: "800.00",
      currency: "EUR",
    });
    await makeMatch(db, {
      needId: ids.afgNeed,
      projectId: ids.afghan,
      proposedBy: who.coordinator.userId,
      status: "proposed",
    });

    const pledge = await makePledge(db, world, { note: "+1 for the programme" });
    const otherPledge = await makePledge(db, world, { organizationId: world.otherDonorOrgId });
    ids.draft = (await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "100.00" })).id;
    const issued = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "300.00" });
    ids.issued = (
      await issueInvoice(db, world.coordinator, issued.id, { issueDate: "2026-01-10", dueDate: "2026-02-10" })
    ).id;
    await recordPayment(db, world.coordinator, ids.issued, {
      amount: "100.00",
      paidOn: "2026-01-20",
      bankReference: "=HYPERLINK(1)",
    });
    const others = await createInvoiceDraft(db, world.coordinator, { pledgeId: otherPledge.id, amount: "50.00" });
    ids.others = (await issueInvoice(db, world.coordinator, others.id, { issueDate: "2026-01-10" })).id;
  });

  describe("projects", () => {
    it("has labels beside codes, a regional project's countries joined, USD at today's rate, no formulas", async () => {
      const file = await csv(projectsCsv, "/projects.csv", who.donor);
      expect(file.raw.split("\r\n")[0]).toBe(`${BOM}${file.header.join(",")}`);
      const row = byId(file, ids.regional)!;
      expect(row).toMatchObject({
        Title: "'=1+1 regional border training",
        "Status (code)": "active",
        Status: "active",
        "Country codes (ISO 3166-1 alpha-3)": "TJK; KGZ".split("; ").sort().join("; "),
        Countries: expect.stringMatching(/^(Kyrgyzstan; Tajikistan|Tajikistan; Kyrgyzstan)$/),
        "Pillar (code)": "II",
        "Pillar (number)": "2",
        "Capacity area (code)": "II.1",
        "DAC purpose code": "15130",
        Start: "2026-01-01",
        End: "2027-12-31",
        Budget: "1000.00",
        Currency: "EUR",
        "USD at today's rate": "1250.00",
        "Rate date": today,
      });
      expect(row.Pillar).not.toBe("");
      expect(row["Capacity area"]).not.toBe("");
      expect(row["DAC purpose"]).not.toBe("");
      expect(row["Last changed (UTC)"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(byId(file, ids.afghan)!.Title).toBe("'-1+1");
    });

    it("speaks Russian to a Russian reader: headers, statuses, countries, pillars", async () => {
      const { db } = use();
      const file = await csv(projectsCsv, "/projects.csv", who.donorRu);
      expect(file.header).toContain("Название");
      expect(file.header).toContain("Страны");
      const row = file.rows.find((r) => r.ID === String(ids.regional))!;
      const names = await db
        .selectFrom("countries")
        .select(["iso3", "name_ru"])
        .where("iso3", "in", ["TJK", "KGZ"])
        .execute();
      const pillar = await db
        .selectFrom("pillars")
        .select("name_ru")
        .where("code", "=", "II")
        .executeTakeFirstOrThrow();
      expect(row["Статус"]).toBe("действует");
      expect(row["Страны"].split("; ").sort()).toEqual(names.map((n) => n.name_ru).sort());
      expect(row["Направление"]).toBe(pillar.name_ru);
      expect(row["В долларах США по сегодняшнему курсу"]).toBe("1250.00");
    });

    it("takes the page's filters, 'my organization' being the reader's own", async () => {
      expect((await csv(projectsCsv, "/projects.csv?pillar=I", who.donor)).rows.map((r) => r.ID)).toEqual([
        String(ids.afghan),
      ]);
      expect((await csv(projectsCsv, "/projects.csv?country=TJK", who.beneficiary)).rows.map((r) => r.ID)).toEqual([
        String(ids.regional),
      ]);
      expect(
        (await csv(projectsCsv, `/projects.csv?mine=1&organization=${world.otherDonorOrgId}`, who.donor)).rows.map(
          (r) => r.ID,
        ),
      ).toEqual([String(ids.regional)]);
      expect((await csv(projectsCsv, "/projects.csv?mine=1", who.otherDonor)).rows.map((r) => r.ID)).toEqual([
        String(ids.afghan),
      ]);
      // A filter the page cannot read is dropped, as on the page.
      expect((await csv(projectsCsv, "/projects.csv?pillar=%3D1%2B1", who.donor)).rows.length).toBe(2);
    });

    it("streams over many keyset pages with nothing lost or repeated", async () => {
      const { db } = use();
      const made: number[] = [];
      for (let i = 0; i < 23; i++)
        made.push(
          await makeProject(db, {
            organizationId: world.donorOrgId,
            title: `Keyset ${i}`,
            countries: ["UZB"],
            pillars: ["III"],
            start: "2026-01-01",
          }),
        );
      const filters = ProjectFiltersSchema.parse({ country: "UZB" });
      const file = await parseCsv(await exportResponse(db, "en", projectsExport(db, filters, 5)));
      expect(file.rows.map((r) => Number(r.ID))).toEqual(made);
    });

    it("keeps every record once while records are added during the export", async () => {
      const { db } = use();
      const filters = ProjectFiltersSchema.parse({ country: "TKM" });
      const before: number[] = [];
      for (let i = 0; i < 12; i++)
        before.push(
          await makeProject(db, {
            organizationId: world.donorOrgId,
            countries: ["TKM"],
            pillars: ["I"],
            start: "2026-01-01",
          }),
        );
      const seen: number[] = [];
      let added: number | null = null;
      for await (const page of keysetPages((after, limit) => listProjectsAfter(db, filters, Number(after), limit), 4)) {
        seen.push(...page.map((p) => p.id));
        if (added === null)
          added = await makeProject(db, {
            organizationId: world.donorOrgId,
            countries: ["TKM"],
            pillars: ["I"],
            start: "2026-01-01",
          });
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...before, added]);
    });
  });

  describe("needs", () => {
    it("has priority and status codes with labels, the country, pillar and capacity area, cost with USD", async () => {
      const file = await csv(needsCsv, "/needs.csv?priority=critical", who.donor);
      expect(file.rows.map((r) => r.ID)).toEqual([String(ids.tjkNeed)]);
      expect(file.rows[0]).toMatchObject({
        Title: "'@x scanners",
        "Priority (code)": "critical",
        Priority: "critical",
        "Status (code)": "open",
        "Country code (ISO 3166-1 alpha-3)": "TJK",
        Country: "Tajikistan",
        "Pillar (code)": "II",
        "Estimated cost": "2000.00",
        Currency: "EUR",
        "USD at today's rate": "2500.00",
        "Rate date": today,
      });
    });

    it("in Russian, and a leading tab neutralised", async () => {
      const file = await csv(needsCsv, "/needs.csv?country=AFG", who.beneficiaryRu);
      expect(file.rows).toHaveLength(1);
      expect(file.rows[0]).toMatchObject({ Название: "'\tlead need", Приоритет: "низкий", Статус: "открыта" });
    });
  });

  it("matches: the status filter, labels, the need's country, the amount in USD", async () => {
    const file = await csv(matchesCsv, "/matches.csv?status=confirmed", who.beneficiary);
    expect(file.rows.map((r) => r.ID)).toEqual([String(ids.match)]);
    expect(file.rows[0]).toMatchObject({
      "Status (code)": "confirmed",
      "Need ID": String(ids.tjkNeed),
      "Project ID": String(ids.regional),
      Amount: "800.00",
      "USD at today's rate": "1000.00",
      Country: "Tajikistan",
    });
    expect((await csv(matchesCsv, "/matches.csv", who.donor)).rows).toHaveLength(2);
    const ru = await csv(matchesCsv, "/matches.csv?status=proposed", who.donorRu);
    expect(ru.rows[0]["Статус"]).not.toBe("proposed");
  });

  it("pledges: every member sees every announcement; the donor filter; the note neutralised", async () => {
    const all = await csv(pledgesCsv, "/pledges.csv", who.beneficiary);
    expect(all.rows).toHaveLength(2);
    const own = await csv(pledgesCsv, `/pledges.csv?donor=${world.donorOrgId}`, who.otherDonor);
    expect(own.rows).toHaveLength(1);
    expect(own.rows[0]).toMatchObject({
      Amount: "100000.00",
      Currency: "EUR",
      "USD at today's rate": "125000.00",
      "For (code)": "programme",
      Note: "'+1 for the programme",
      Invoiced: "400.00",
    });
  });

  describe("invoices (one row per invoice, payments summarised)", () => {
    it("gives a donor only its organization's issued invoices", async () => {
      const file = await csv(invoicesCsv, "/invoices.csv", who.donor);
      expect(file.rows.map((r) => r.ID)).toEqual([String(ids.issued)]);
      expect(file.rows[0]).toMatchObject({
        "Status (code)": "partly_paid",
        Status: "partly paid",
        Total: "300.00",
        Paid: "100.00",
        Outstanding: "200.00",
        Payments: "1",
        "Last payment": "2026-01-20",
        "Payments (date amount bank reference)": "2026-01-20 100.00 =HYPERLINK(1)",
        "Issue date": "2026-01-10",
      });
      expect((await csv(invoicesCsv, "/invoices.csv", who.otherDonor)).rows.map((r) => r.ID)).toEqual([
        String(ids.others),
      ]);
    });

    it("gives the coordination unit every invoice, filtered by status; refuses a beneficiary", async () => {
      expect((await csv(invoicesCsv, "/invoices.csv", who.coordinator)).rows.map((r) => Number(r.ID))).toEqual(
        [ids.draft, ids.issued, ids.others].sort((a, b) => a - b),
      );
      expect((await csv(invoicesCsv, "/invoices.csv?status=draft", who.coordinator)).rows.map((r) => r.ID)).toEqual([
        String(ids.draft),
      ]);
      expect(await statusOf(() => get(invoicesCsv, "/invoices.csv", who.beneficiary))).toBe(403);
    });

    it("neutralises a payment reference that starts with =", async () => {
      const file = await csv(invoicesCsv, `/invoices.csv?status=partly_paid`, who.coordinator);
      expect(file.raw).not.toContain(",=HYPERLINK");
    });
  });

  it("duplicates: the coordination unit's queue with both projects, refused to members", async () => {
    const { db } = use();
    const text = {
      title: "Canine unit for the Panj crossing",
      summary: "Dogs and handlers for the border.",
      countries: ["TJK"],
      pillars: ["II"],
      start: "2026-01-01",
    };
    const a = await makeProject(db, { organizationId: world.donorOrgId, ...text });
    const b = await makeProject(db, { organizationId: world.otherDonorOrgId, ...text });
    await scanProject(db, a);
    const file = await csv(duplicatesCsv, "/duplicates.csv", who.coordinator);
    const pair = file.rows.find(
      (r) => [r["Project A ID"], r["Project B ID"]].sort().join() === [String(a), String(b)].sort().join(),
    )!;
    expect(pair).toMatchObject({ "Status (code)": "candidate", "Shared country codes": "TJK", "Pillar (code)": "II" });
    expect(Number(pair["Text similarity"])).toBeGreaterThan(0.3);
    expect((await csv(duplicatesCsv, "/duplicates.csv?status=dismissed", who.admin)).rows).toHaveLength(0);
    for (const actor of [who.donor, who.beneficiary])
      expect(await statusOf(() => get(duplicatesCsv, "/duplicates.csv", actor))).toBe(403);
  });

  it("access requests: the pending queue for the coordination unit only", async () => {
    const { db } = use();
    const pending = await makeActor(db, "beneficiary", { status: "pending" });
    const request = await db
      .insertInto("access_requests")
      .values({
        user_id: pending.userId,
        requested_role: "beneficiary",
        country_iso3: "TJK",
        justification: "-1+1 I run the lab",
        new_organization_name: "Forensic lab",
        new_organization_kind: "beneficiary_agency",
        new_organization_country_iso3: "TJK",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const file = await csv(requestsCsv, "/admin/requests.csv", who.coordinator);
    expect(byId(file, request.id)).toMatchObject({
      "Role (code)": "beneficiary",
      Country: "Tajikistan",
      Justification: "'-1+1 I run the lab",
      "New organization": "Forensic lab",
    });
    const ru = await csv(requestsCsv, "/admin/requests.csv", who.admin);
    expect(ru.header).toContain("Обоснование");
    for (const actor of [who.donor, who.beneficiary])
      expect(await statusOf(() => get(requestsCsv, "/admin/requests.csv", actor))).toBe(403);
  });

  it("users: the list's filters, no secrets, pending accounts left to the queue", async () => {
    const file = await csv(usersCsv, "/admin/users.csv?role=beneficiary", who.coordinator);
    expect(file.rows.length).toBeGreaterThanOrEqual(2);
    expect(file.rows.every((r) => r["Role (code)"] === "beneficiary" && r["Status (code)"] === "active")).toBe(true);
    expect(file.raw).not.toContain("not-a-hash");
    expect(file.header).not.toContain("password_hash");
    const all = await csv(usersCsv, "/admin/users.csv", who.admin);
    expect(all.rows.some((r) => r["Статус (код)"] === "pending")).toBe(false);
    expect(all.rows.find((r) => r.ID === String(who.donor.userId))!["Роль"]).not.toBe("donor");
    expect(await statusOf(() => get(usersCsv, "/admin/users.csv", who.donor))).toBe(403);
  });

  it("audit log: the page's filters, action and record type labels, staff only", async () => {
    const { db } = use();
    await writeAudit(db, {
      actorUserId: who.coordinator.userId,
      action: "project.update",
      entityType: "project",
      entityId: ids.regional,
      before: { title: "old" },
      after: { title: "=cmd" },
    });
    const file = await csv(auditCsv, "/admin/audit.csv?entity=project", who.coordinator);
    expect(file.rows.length).toBeGreaterThanOrEqual(1);
    expect(file.rows.every((r) => r["Record type (code)"] === "project")).toBe(true);
    const row = file.rows.find((r) => r["Record ID"] === String(ids.regional))!;
    expect(row["Action (code)"]).toBe("project.update");
    expect(row["After (JSON)"]).toBe('{"title":"=cmd"}');
    expect(
      (await csv(auditCsv, "/admin/audit.csv?entity=pledge", who.admin)).rows.every(
        (r) => r["Тип записи (код)"] === "pledge",
      ),
    ).toBe(true);
    for (const actor of [who.donor, who.beneficiary])
      expect(await statusOf(() => get(auditCsv, "/admin/audit.csv", actor))).toBe(403);
  });

  it("a country's page: its needs and its projects, nothing of other countries; 404 for no country", async () => {
    const file = await csv(countryCsv, "/countries/TJK.csv", who.beneficiary, { iso3: "TJK" });
    const needs = file.rows.filter((r) => r["Record (code)"] === "need").map((r) => Number(r.ID));
    const projects = file.rows.filter((r) => r["Record (code)"] === "project").map((r) => Number(r.ID));
    expect(needs).toEqual([ids.tjkNeed]);
    expect(projects).toContain(ids.regional);
    expect(projects).not.toContain(ids.afghan);
    expect(file.rows.every((r) => r["Country codes (ISO 3166-1 alpha-3)"].split("; ").includes("TJK"))).toBe(true);
    const ru = await csv(countryCsv, "/countries/tjk.csv", who.donorRu, { iso3: "tjk" });
    expect(ru.rows.find((r) => r.ID === String(ids.tjkNeed))!["Запись"]).toBe("потребность");
    expect(await statusOf(() => get(countryCsv, "/countries/ZZZ.csv", who.donor, { iso3: "ZZZ" }))).toBe(404);
  });

  it("/gaps.csv speaks the reader's language", async () => {
    const en = await csv(gapsCsv, "/gaps.csv?route=northern", who.coordinator);
    expect(en.header).toContain("Route");
    const ru = await csv(gapsCsv, "/gaps.csv?route=northern", who.admin);
    expect(ru.header).toContain("Маршрут");
    expect(ru.rows.length).toBeGreaterThan(0);
    const tjk = ru.rows.find((r) => r["Код страны (ISO 3166-1 alpha-3)"] === "TJK" && r["Направление (код)"] === "II")!;
    expect(tjk["Маршрут"]).not.toBe("northern");
    expect(tjk["Страна"]).toMatch(/[А-Яа-я]/);
    expect(tjk["Отмечена"]).toMatch(/^(да|нет)$/);
  });
});
