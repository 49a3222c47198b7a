import { parse } from "csv-parse/sync";
import type { KyselyPlugin } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { citationsOf, citingNeedsPage, citingProjectsPage } from "~/consultative/citing.server";
import { setRecommendationLinks } from "~/consultative/links.server";
import { createRecommendation } from "~/consultative/recommendations.server";
import type { RecommendationInput } from "~/consultative/schema";
import { trackerCsv } from "~/consultative/tracker-csv.server";
import { loader as csvLoader } from "~/routes/recommendations[.]csv";
import { loader as trackerLoader } from "~/routes/recommendations._index";
import { loader as recommendationLoader } from "~/routes/recommendations.$id";
import { loader as needLoader } from "~/routes/needs.$id";
import { loader as projectLoader } from "~/routes/projects.$id";
import {
  makeActor,
  makeOrganization,
  type TestActor,
  staff,
  makeMatch,
  makeNeed,
  makeProject,
  setRate,
} from "../support/factories";
import { getRequest, requestContext } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { recommendationInput } from "../support/consultative";

// The tracker's CSV, the needs and projects listed on a recommendation's page, and the cited
// recommendations on need and project pages, on a hand-made world (expected numbers worked out
// in the comments).

const AS_OF = "2030-01-15";
type Csv = Record<string, string>[];
const readCsv = (text: string): { header: string[]; rows: Csv } => {
  const [header, ...rest] = parse(text, { bom: true }) as string[][];
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
};

const EN_HEADER = [
  "Recommendation ID",
  "Meeting ID",
  "Meeting",
  "Number",
  "Pillar code",
  "Pillar number",
  "Pillar",
  "Status code",
  "Status",
  "Endorsing PCG meeting ID",
  "Endorsed by",
  "Endorsed on",
  "Text",
  "Needs",
  "Needs with a cost",
  "Cost (USD)",
  "Coverage (USD)",
  "Unmet (USD)",
  "Country codes",
  "Countries",
  "Projects",
  "Projects by status",
  "Donors",
  "Flagged",
  "Flags",
  "Valuation date",
  "Rate dates",
];

/** Counts the statements a query function executes (to hold "no query per row"): one result each. */
function counting() {
  const counter = { queries: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      counter.queries += 1;
      return args.result;
    },
  };
  return { counter, plugin };
}

describeEachDatabase("consultative lists and exports", (use) => {
  const ids: Record<string, number> = {};
  let reader: TestActor;
  let russian: TestActor;

  const rec = (overrides: Partial<RecommendationInput>) => recommendationInput(ids, overrides);

  beforeAll(async () => {
    const { db } = use();
    const coordinator = await staff(db);
    await setRate(db, "EUR", "2030-01-01", "1.5");
    ids.ewg = (await db.selectFrom("meetings").select("id").where("city", "=", "Ankara").executeTakeFirstOrThrow()).id;
    ids.pcg = (
      await db
        .selectFrom("meetings")
        .select("id")
        .where("kind", "=", "PCG")
        .where("number", "=", 17)
        .executeTakeFirstOrThrow()
    ).id;
    ids.sofia = (await db.selectFrom("meetings").select("id").where("city", "=", "Sofia").executeTakeFirstOrThrow()).id;

    ids.r1 = (await createRecommendation(db, coordinator, rec({ number: 1 }))).id; // needs in TJK and UZB, no project
    ids.r2 = (
      await createRecommendation(db, coordinator, rec({ number: 2, status: "superseded", supersededBy: ids.pcg }))
    ).id;
    ids.r3 = (await createRecommendation(db, coordinator, rec({ number: 3 }))).id; // nothing cites it
    ids.r5 = (await createRecommendation(db, coordinator, rec({ number: 5, pillar: "I" }))).id; // projects only
    ids.r6 = (await createRecommendation(db, coordinator, rec({ number: 6, pillar: "IV" }))).id; // 27 needs: two pages

    const agency = (await makeOrganization(db, "beneficiary_agency", "TJK")).id;
    const donorA = (await makeOrganization(db, "donor_agency", "NOR", { name: "Donor A" })).id;
    const donorB = (await makeOrganization(db, "donor_agency", "DEU", { name: "Donor B" })).id;
    const matcher = await makeActor(db, "coordinator");
    ids.pTjk = await makeProject(db, {
      organizationId: donorA,
      title: "FIU mentoring",
      countries: ["TJK"],
      pillars: ["II"],
      start: "2029-01-01",
    });
    // nTjk: 1000 USD, 400 USD confirmed -> coverage 400, unmet 600.
    ids.nTjk = await makeNeed(db, {
      organizationId: agency,
      title: "Analysts for the FIU",
      country: "TJK",
      pillar: "II",
      cost: "1000.00",
      currency: "USD",
    });
    await makeMatch(db, {
      needId: ids.nTjk,
      projectId: ids.pTjk,
      proposedBy: matcher.userId,
      status: "confirmed",
      amount: "400.00",
      currency: "USD",
    });
    // nUzb: 1000 EUR at 1.5 = 1500 USD, nothing confirmed. It also cites the superseded r2.
    ids.nUzb = await makeNeed(db, {
      organizationId: agency,
      title: "Case software",
      country: "UZB",
      pillar: "II",
      cost: "1000.00",
      currency: "EUR",
    });
    // Withdrawn: listed on the recommendation's page (last), never counted.
    ids.nGone = await makeNeed(db, {
      organizationId: agency,
      title: "Withdrawn need",
      country: "AFG",
      pillar: "II",
      cost: "5000.00",
      withdrawn: true,
    });
    for (const need of [ids.nTjk, ids.nGone])
      await setRecommendationLinks(db, "need", coordinator.id, need, [ids.r1], null);
    await setRecommendationLinks(db, "need", coordinator.id, ids.nUzb, [ids.r2, ids.r1], null);
    // A need written before linking: its free text is kept, nothing linked.
    ids.nLegacy = await makeNeed(db, { organizationId: agency, country: "TJK", pillar: "II" });
    await db
      .updateTable("needs")
      .set({ recommendation: "EWG Ankara, recommendation 1" })
      .where("id", "=", ids.nLegacy)
      .execute();

    ids.p5a = await makeProject(db, {
      organizationId: donorA,
      title: "B: border posts",
      status: "active",
      countries: ["KAZ", "KGZ"],
      pillars: ["I"],
      start: "2024-01-01",
    });
    ids.p5b = await makeProject(db, {
      organizationId: donorB,
      title: "A: port control",
      status: "pipeline",
      countries: ["KAZ"],
      pillars: ["I"],
      start: "2031-01-01",
    });
    ids.p5c = await makeProject(db, {
      organizationId: donorB,
      title: "0: cancelled",
      status: "cancelled",
      countries: ["KAZ"],
      pillars: ["I"],
      start: "2024-01-01",
    });
    for (const p of [ids.p5a, ids.p5b, ids.p5c])
      await setRecommendationLinks(db, "project", coordinator.id, p, [ids.r5], null);
    await db
      .updateTable("projects")
      .set({ recommendation: "EWG Sofia, recommendation 5" })
      .where("id", "=", ids.p5a)
      .execute();

    const many = [];
    for (let i = 0; i < 27; i += 1)
      many.push({
        need_id: await makeNeed(db, { organizationId: agency, country: "TJK", pillar: "IV" }),
        recommendation_id: ids.r6,
      });
    await db.insertInto("need_recommendations").values(many).execute();

    reader = await makeActor(db, "donor", { organizationId: donorA, countryIso3: "NOR" });
    russian = await makeActor(db, "beneficiary", { organizationId: agency, countryIso3: "TJK" });
    await db.updateTable("users").set({ locale: "ru" }).where("id", "=", russian.userId).execute();
  });

  const byId = (rows: Csv, id: number) =>
    rows.find((r) => r["Recommendation ID"] === String(id) || r["ID рекомендации"] === String(id));

  it("exports the tracker as CSV, one row per endorsed recommendation, labels beside codes, in English", async () => {
    const { db } = use();
    const { header, rows } = readCsv(await trackerCsv(db, {}, AS_OF, "en"));
    expect(header).toEqual(EN_HEADER);
    expect(rows.map((r) => Number(r["Recommendation ID"])).sort((a, b) => a - b)).toEqual(
      [ids.r1, ids.r3, ids.r5, ids.r6].sort((a, b) => a - b),
    );
    const pillarII = await db
      .selectFrom("pillars")
      .select(["number", "name_en"])
      .where("code", "=", "II")
      .executeTakeFirstOrThrow();
    expect(byId(rows, ids.r1)).toEqual({
      "Recommendation ID": String(ids.r1),
      "Meeting ID": String(ids.ewg),
      Meeting: "EWG Ankara 2023-09",
      Number: "1",
      "Pillar code": "II",
      "Pillar number": String(pillarII.number),
      Pillar: pillarII.name_en,
      "Status code": "endorsed",
      Status: "endorsed",
      "Endorsing PCG meeting ID": String(ids.pcg),
      "Endorsed by": expect.stringMatching(/^PCG .* 2023-12$/),
      "Endorsed on": "2023-12-11",
      Text: "Strengthen financial intelligence units.",
      Needs: "2",
      "Needs with a cost": "2",
      // 1000 + 1500 cost, 400 covered, 2100 unmet; the withdrawn need never counts.
      "Cost (USD)": "2500.00",
      "Coverage (USD)": "400.00",
      "Unmet (USD)": "2100.00",
      "Country codes": "TJK; UZB",
      Countries: "Tajikistan; Uzbekistan",
      Projects: "0",
      "Projects by status": "",
      Donors: "",
      Flagged: "yes",
      Flags: "needs but no project",
      "Valuation date": AS_OF,
      "Rate dates": expect.stringContaining("EUR 2030-01-01"),
    });
    // The cancelled project is not counted: one active, one pipeline.
    expect(byId(rows, ids.r5)).toMatchObject({
      Projects: "2",
      "Projects by status": "active 1; pipeline 1",
      Donors: "Donor A; Donor B",
      Flagged: "no",
      Flags: "",
      Needs: "0",
    });
    expect(byId(rows, ids.r3)).toMatchObject({
      Needs: "0",
      Projects: "0",
      Flagged: "yes",
      Flags: "nothing answers it a year after endorsement",
    });
  });

  it("writes the CSV's headers and labels in Russian for a Russian reader", async () => {
    const { db } = use();
    const { header, rows } = readCsv(await trackerCsv(db, {}, AS_OF, "ru"));
    expect(header.slice(0, 4)).toEqual(["ID рекомендации", "ID заседания", "Заседание", "Номер"]);
    expect(header).toHaveLength(EN_HEADER.length);
    const pillarII = await db
      .selectFrom("pillars")
      .select("name_ru")
      .where("code", "=", "II")
      .executeTakeFirstOrThrow();
    expect(byId(rows, ids.r1)).toMatchObject({
      "Код статуса": "endorsed",
      Статус: "одобрена",
      Компонент: pillarII.name_ru,
      "Коды стран": "TJK; UZB",
      Страны: "Таджикистан; Узбекистан",
      Текст: "Укрепить подразделения финансовой разведки.",
      Отмечена: "да",
      Отметки: "есть потребности, нет проекта",
      "Стоимость (USD)": "2500.00",
    });
    expect(byId(rows, ids.r5)).toMatchObject({ "Проекты по статусам": "действует 1; в подготовке 1", Отмечена: "нет" });
  });

  it("applies the tracker's filters to the CSV", async () => {
    const { db } = use();
    const tjk = readCsv(await trackerCsv(db, { country: "TJK" }, AS_OF, "en")).rows;
    // TJK: r1 through nTjk only (1000 / 400 / 600), and r6 through its 27 needs of 100,000 USD each.
    expect(tjk.map((r) => Number(r["Recommendation ID"])).sort((a, b) => a - b)).toEqual(
      [ids.r1, ids.r6].sort((a, b) => a - b),
    );
    expect(byId(tjk, ids.r1)).toMatchObject({
      Needs: "1",
      "Cost (USD)": "1000.00",
      "Coverage (USD)": "400.00",
      "Unmet (USD)": "600.00",
      "Country codes": "TJK",
    });
    expect(byId(tjk, ids.r6)).toMatchObject({ Needs: "27", "Cost (USD)": "2700000.00", "Unmet (USD)": "2700000.00" });
    expect(
      readCsv(await trackerCsv(db, { pillar: "I" }, AS_OF, "en")).rows.map((r) => Number(r["Recommendation ID"])),
    ).toEqual([ids.r5]);
    expect(readCsv(await trackerCsv(db, { meeting: ids.sofia }, AS_OF, "en"))).toEqual({ header: EN_HEADER, rows: [] });
    // KAZ and KGZ (r5's projects), TJK and UZB (r1, r6) are on the northern route; AFG's withdrawn need counts nowhere.
    const northern = readCsv(await trackerCsv(db, { route: "northern" }, AS_OF, "en")).rows;
    expect(northern.map((r) => Number(r["Recommendation ID"])).sort((a, b) => a - b)).toEqual(
      [ids.r1, ids.r5, ids.r6].sort((a, b) => a - b),
    );
  });

  it("serves the same numbers as the tracker page for the same day and filters, to signed-in members", async () => {
    const { db, mode } = use();
    const context = requestContext(db, mode);
    for (const query of ["", "?pillar=II", "?country=TJK&route=northern", "?meeting=abc&pillar=V"]) {
      const page = await trackerLoader({
        request: getRequest(`/recommendations${query}`, reader.cookie),
        params: {},
        context,
      });
      const response = (await csvLoader({
        request: getRequest(`/recommendations.csv${query}`, reader.cookie),
        params: {},
        context,
      })) as Response;
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("Content-Disposition")).toBe(
        `attachment; filename="adam-recommendations-${page.tracker.asOf}.csv"`,
      );
      const { rows } = readCsv(await response.text());
      expect(rows.map((r) => Number(r["Recommendation ID"]))).toEqual(
        page.tracker.rows.map((r) => r.recommendation.id),
      );
      for (const row of page.tracker.rows) {
        const line = byId(rows, row.recommendation.id)!;
        expect([
          line.Needs,
          line["Cost (USD)"],
          line["Coverage (USD)"],
          line["Unmet (USD)"],
          line.Projects,
          line.Donors,
          line["Valuation date"],
        ]).toEqual([
          String(row.needs.needs),
          row.needs.costUsd,
          row.needs.coverageUsd,
          row.needs.unmetUsd,
          String(row.projects.count),
          row.projects.donors.join("; "),
          page.tracker.asOf,
        ]);
      }
    }
    const ru = (await csvLoader({
      request: getRequest("/recommendations.csv", russian.cookie),
      params: {},
      context,
    })) as Response;
    expect(readCsv(await ru.text()).header[0]).toBe("ID рекомендации");
  });

  it("ignores unreadable filters in the CSV's address, as the page does, and never fails on them", async () => {
    const { db, mode } = use();
    const context = requestContext(db, mode);
    const get = async (query: string) => {
      const request = getRequest(`/recommendations.csv${query}`, reader.cookie);
      const response = (await csvLoader({ request, params: {}, context })) as Response;
      expect(response.status).toBe(200);
      return readCsv(await response.text()).rows.map((r) => r["Recommendation ID"]);
    };
    const hostile = "?country=%00%00%00&pillar=__proto__&meeting=99999999999999&route=x%27--&__proto__=1&country=TJK";
    expect(await get(hostile)).toEqual(await get(""));
  });

  it("names the routes in the tracker's filter in the reader's language", async () => {
    const { db, mode } = use();
    const context = requestContext(db, mode);
    const en = await trackerLoader({ request: getRequest("/recommendations", reader.cookie), params: {}, context });
    const ru = await trackerLoader({ request: getRequest("/recommendations", russian.cookie), params: {}, context });
    expect(en.routes).toEqual([
      { code: "northern", name: "Northern route" },
      { code: "balkan", name: "Balkan route" },
      { code: "southern", name: "Southern route" },
    ]);
    expect(ru.routes).toEqual([
      { code: "northern", name: "Северный маршрут" },
      { code: "balkan", name: "Балканский маршрут" },
      { code: "southern", name: "Южный маршрут" },
    ]);
  });

  it(
    "lists the needs citing a recommendation with their " + "valuation, withdrawn ones last, a page at a time",
    async () => {
      const { db } = use();
      const needs = await citingNeedsPage(db, ids.r1, "en", AS_OF, 1);
      expect(needs).toMatchObject({ total: 3, page: 1, pageCount: 1 });
      expect(
        needs.rows.map((n) => [n.id, n.countryName, n.pillarCode, n.status, n.costUsd, n.coverageUsd, n.unmetUsd]),
      ).toEqual([
        [ids.nTjk, "Tajikistan", "II", "open", "1000.00", "400.00", "600.00"],
        [ids.nUzb, "Uzbekistan", "II", "open", "1500.00", "0.00", "1500.00"],
        [ids.nGone, "Afghanistan", "II", "withdrawn", "5000.00", "0.00", "5000.00"],
      ]);
      expect(needs.rows[0]).toMatchObject({
        title: "Analysts for the FIU",
        countryIso3: "TJK",
        pillarName: expect.any(String),
      });
      expect((await citingNeedsPage(db, ids.r1, "ru", AS_OF, 1)).rows[0].countryName).toBe("Таджикистан");
      const first = await citingNeedsPage(db, ids.r6, "en", AS_OF, 1);
      const second = await citingNeedsPage(db, ids.r6, "en", AS_OF, 2);
      expect([first.rows.length, second.rows.length, first.total, first.pageCount]).toEqual([25, 2, 27, 2]);
      expect(new Set([...first.rows, ...second.rows].map((n) => n.id)).size).toBe(27);
      expect((await citingNeedsPage(db, ids.r6, "en", AS_OF, 99)).page).toBe(2);
      expect(await citingNeedsPage(db, ids.r3, "en", AS_OF, 1)).toEqual({ total: 0, page: 1, pageCount: 1, rows: [] });
    },
  );

  it(
    "lists the projects citing a recommendation with donor, " + "countries, pillars and status, cancelled ones last",
    async () => {
      const { db } = use();
      const { counter, plugin } = counting();
      const projects = await citingProjectsPage(db.withPlugin(plugin), ids.r5, "en", 1);
      expect(projects).toMatchObject({ total: 3, page: 1, pageCount: 1 });
      expect(projects.rows.map((p) => [p.id, p.donor, p.status, p.pillars, p.countries.map((c) => c.name)])).toEqual([
        [ids.p5b, "Donor B", "pipeline", ["I"], ["Kazakhstan"]],
        [ids.p5a, "Donor A", "active", ["I"], ["Kazakhstan", "Kyrgyzstan"]],
        [ids.p5c, "Donor B", "cancelled", ["I"], ["Kazakhstan"]],
      ]);
      // Count, page, three link tables, country names: the same whatever the number of rows.
      expect(counter.queries).toBe(6);
    },
  );

  it(
    "gives the recommendation's page both lists, each " + "paged on its own parameter, to every signed-in member",
    async () => {
      const { db, mode } = use();
      const context = requestContext(db, mode);
      const page = await recommendationLoader({
        request: getRequest(`/recommendations/${ids.r6}?needsPage=2&projectsPage=abc`, reader.cookie),
        params: { id: String(ids.r6) },
        context,
      });
      expect([page.needs.page, page.needs.rows.length, page.needs.total, page.projects.total]).toEqual([2, 2, 27, 0]);
      const r5 = await recommendationLoader({
        request: getRequest(`/recommendations/${ids.r5}`, russian.cookie),
        params: { id: String(ids.r5) },
        context,
      });
      expect(r5.projects.rows.map((p) => p.id)).toEqual([ids.p5b, ids.p5a, ids.p5c]);
      expect(r5.projects.rows[0].countries).toEqual([{ iso3: "KAZ", name: "Казахстан" }]);
    },
  );

  it("shows a need's and a project's cited recommendations from one query, or the kept free text", async () => {
    const { db, mode } = use();
    const { counter, plugin } = counting();
    const cited = await citationsOf(db.withPlugin(plugin), "need", ids.nUzb, "en");
    expect(counter.queries).toBe(1);
    const pillarII = await db
      .selectFrom("pillars")
      .select(["name_en", "name_ru"])
      .where("code", "=", "II")
      .executeTakeFirstOrThrow();
    expect(cited).toEqual([
      {
        id: ids.r1,
        number: 1,
        status: "endorsed",
        meetingId: ids.ewg,
        meetingLabel: "EWG Ankara 2023-09",
        pillarCode: "II",
        pillarName: pillarII.name_en,
      },
      {
        id: ids.r2,
        number: 2,
        status: "superseded",
        meetingId: ids.ewg,
        meetingLabel: "EWG Ankara 2023-09",
        pillarCode: "II",
        pillarName: pillarII.name_en,
      },
    ]);
    const context = requestContext(db, mode);
    const needPage = await needLoader({
      request: getRequest(`/needs/${ids.nUzb}`, russian.cookie),
      params: { id: String(ids.nUzb) },
      context,
    });
    expect(needPage.citations.map((c) => [c.id, c.pillarName])).toEqual([
      [ids.r1, pillarII.name_ru],
      [ids.r2, pillarII.name_ru],
    ]);
    const legacy = await needLoader({
      request: getRequest(`/needs/${ids.nLegacy}`, reader.cookie),
      params: { id: String(ids.nLegacy) },
      context,
    });
    expect([legacy.citations, legacy.need.recommendation]).toEqual([[], "EWG Ankara, recommendation 1"]);
    const project = await projectLoader({
      request: getRequest(`/projects/${ids.p5a}`, reader.cookie),
      params: { id: String(ids.p5a) },
      context,
    });
    expect(project.citations.map((c) => [c.id, c.number, c.pillarCode])).toEqual([[ids.r5, 5, "I"]]);
    expect(project.project.recommendation).toBe("EWG Sofia, recommendation 5");
    const none = await projectLoader({
      request: getRequest(`/projects/${ids.pTjk}`, reader.cookie),
      params: { id: String(ids.pTjk) },
      context,
    });
    expect(none.citations).toEqual([]);
  });
});
