import { beforeAll, expect, it } from "vitest";
import { importRecommendations } from "~/consultative/import.server";
import { linkedRecommendations, setRecommendationLinks } from "~/consultative/links.server";
import { createMeeting, updateMeeting } from "~/consultative/meetings.server";
import { createRecommendation, updateRecommendation } from "~/consultative/recommendations.server";
import type { MeetingInput, RecommendationInput } from "~/consultative/schema";
import { trackRecommendations, type TrackerRow } from "~/consultative/tracker.server";
import { RecordError } from "~/marketplace/errors";
import { getCountryOverview } from "~/marketplace/country.server";
import { gapMatrix } from "~/gaps/gaps.server";
import { renderFactSheetPdf } from "~/consultative/fact-sheet-pdf.server";
import { normalize, pdfText } from "../support/pdf-text";
import { formatNumber } from "~/i18n/format";
import { createNeed } from "~/needs/needs.server";
import {
  makeActor,
  makeOrganization,
  beneficiaryOf,
  donorOf,
  needInput,
  staff,
  type MarketActor,
  makeMatch,
  makeNeed,
  makeProject,
  setRate,
} from "../support/factories";
import { describeEachDatabase } from "../support/database";
import { recommendationInput } from "../support/consultative";

const AS_OF = "2030-01-15";
const meeting = (m: Pick<MeetingInput, "kind" | "topic" | "startDate"> & Partial<MeetingInput>): MeetingInput => ({
  number: undefined,
  host: undefined,
  city: undefined,
  ...m,
});

// A hand-made world for the tracker; each expected number is worked out in the comments.
describeEachDatabase("consultative mechanism", (use) => {
  const ids: Record<string, number> = {};
  let coordinator: MarketActor;

  const rec = (overrides: Partial<RecommendationInput>) => recommendationInput(ids, overrides);

  beforeAll(async () => {
    const { db } = use();
    coordinator = await staff(db);
    await setRate(db, "EUR", "2030-01-01", "1.5");
    await setRate(db, "EUR", "2030-06-01", "3"); // after the valuation day: ignored
    // The reference data has the Ankara EWG (2023-09) and the 17th PCG (2023-12-11) that endorsed it.
    ids.ewg = (await db.selectFrom("meetings").select("id").where("city", "=", "Ankara").executeTakeFirstOrThrow()).id;
    ids.pcg = (
      await db
        .selectFrom("meetings")
        .select("id")
        .where("kind", "=", "PCG")
        .where("number", "=", 17)
        .executeTakeFirstOrThrow()
    ).id;
    ids.later = (
      await createMeeting(
        db,
        coordinator,
        meeting({
          kind: "EWG",
          topic: "Illicit financial flows, follow-up",
          pillar: "II",
          city: "Vienna",
          country: "AUT",
          startDate: "2025-10",
        }),
      )
    ).id;

    // r1: cited by needs in TJK and UZB, no project
    ids.r1 = (await createRecommendation(db, coordinator, rec({ number: 1 }))).id;
    ids.r2 = (
      await createRecommendation(db, coordinator, rec({ number: 2, status: "superseded", supersededBy: ids.later }))
    ).id;
    ids.r3 = (await createRecommendation(db, coordinator, rec({ number: 3 }))).id; // nothing cites it
    ids.r4 = (
      await createRecommendation(db, coordinator, rec({ number: 4, status: "proposed", endorsedBy: undefined }))
    ).id;
    ids.r5 = (await createRecommendation(db, coordinator, rec({ number: 5, pillar: "I" }))).id; // a project only

    const agency = (await makeOrganization(db, "beneficiary_agency", "TJK")).id;
    const donorA = (await makeOrganization(db, "donor_agency", "NOR", { name: "Donor A" })).id;
    const donorB = (await makeOrganization(db, "donor_agency", "DEU", { name: "Donor B" })).id;
    const matcher = await makeActor(db, "coordinator");
    ids.pTjk = await makeProject(db, {
      organizationId: donorA,
      countries: ["TJK"],
      pillars: ["II"],
      start: "2029-01-01",
    });
    // nTjk: 1000 USD, 400 USD confirmed (a rejected 900 never counts) -> coverage 400, unmet 600.
    ids.nTjk = await makeNeed(db, {
      organizationId: agency,
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
    await makeMatch(db, {
      needId: ids.nTjk,
      projectId: ids.pTjk,
      proposedBy: matcher.userId,
      status: "rejected",
      amount: "900.00",
      currency: "USD",
    });
    // nUzb: 1000 EUR at 1.5 = 1500 USD, nothing confirmed.
    ids.nUzb = await makeNeed(db, {
      organizationId: agency,
      country: "UZB",
      pillar: "II",
      cost: "1000.00",
      currency: "EUR",
    });
    // A withdrawn need citing r1 never counts.
    ids.nGone = await makeNeed(db, {
      organizationId: agency,
      country: "UZB",
      pillar: "II",
      cost: "5000.00",
      withdrawn: true,
    });
    for (const need of [ids.nTjk, ids.nUzb, ids.nGone])
      await setRecommendationLinks(db, "need", coordinator.id, need, [ids.r1], null);
    // The superseded r2 is cited too: it stays out of the tracker all the same.
    await setRecommendationLinks(db, "need", coordinator.id, ids.nUzb, [ids.r1, ids.r2], null);
    ids.p5a = await makeProject(db, {
      organizationId: donorA,
      status: "active",
      countries: ["KAZ"],
      pillars: ["I"],
      start: "2024-01-01",
    });
    ids.p5b = await makeProject(db, {
      organizationId: donorB,
      status: "pipeline",
      countries: ["KAZ"],
      pillars: ["I"],
      start: "2031-01-01",
    });
    for (const p of [ids.p5a, ids.p5b]) await setRecommendationLinks(db, "project", coordinator.id, p, [ids.r5], null);
  });

  const row = (rows: TrackerRow[], id: number) => rows.find((r) => r.recommendation.id === id);

  it("tracks endorsed recommendations only, with the needs' cost, coverage and unmet by country", async () => {
    const { db } = use();
    const { rows, rateDates } = await trackRecommendations(db, {}, AS_OF, "en");
    expect(rows.map((r) => r.recommendation.id).sort()).toEqual([ids.r1, ids.r3, ids.r5].sort());
    expect(rateDates.EUR).toBe("2030-01-01");
    const r1 = row(rows, ids.r1)!;
    expect(r1.needs).toEqual({
      needs: 2,
      costedNeeds: 2,
      costUsd: "2500.00",
      coverageUsd: "400.00",
      unmetUsd: "2100.00",
    });
    expect(r1.countries.map((c) => [c.iso3, c.costUsd, c.coverageUsd, c.unmetUsd])).toEqual([
      ["TJK", "1000.00", "400.00", "600.00"],
      ["UZB", "1500.00", "0.00", "1500.00"],
    ]);
    expect(r1.projects.count).toBe(0);
    expect(r1.flags).toEqual({ needsWithoutProject: true, unansweredAfterYear: false });
    expect(r1.endorsedOn).toBe("2023-12-11");
  });

  it("flags a recommendation nothing answers a year after endorsement, not before", async () => {
    const { db } = use();
    const late = row((await trackRecommendations(db, {}, AS_OF, "en")).rows, ids.r3)!;
    expect(late.needs.needs).toBe(0);
    expect(late.flags).toEqual({ needsWithoutProject: false, unansweredAfterYear: true });
    expect(row((await trackRecommendations(db, {}, "2024-12-10", "en")).rows, ids.r3)!.flagged).toBe(false);
    expect(row((await trackRecommendations(db, {}, "2024-12-11", "en")).rows, ids.r3)!.flagged).toBe(true);
  });

  it("counts the projects citing a recommendation with their donors and statuses", async () => {
    const { db } = use();
    const r5 = row((await trackRecommendations(db, {}, AS_OF, "en")).rows, ids.r5)!;
    expect(r5.projects).toEqual({ count: 2, byStatus: { active: 1, pipeline: 1 }, donors: ["Donor A", "Donor B"] });
    expect(r5.flagged).toBe(false);
  });

  it("filters by country, route, pillar and meeting", async () => {
    const { db } = use();
    const tjk = await trackRecommendations(db, { country: "TJK" }, AS_OF, "en");
    expect(tjk.rows.map((r) => r.recommendation.id)).toEqual([ids.r1]);
    expect(tjk.rows[0].needs).toMatchObject({
      needs: 1,
      costUsd: "1000.00",
      coverageUsd: "400.00",
      unmetUsd: "600.00",
    });
    const pillarI = await trackRecommendations(db, { pillar: "I" }, AS_OF, "en");
    expect(pillarI.rows.map((r) => r.recommendation.id)).toEqual([ids.r5]);
    const other = await trackRecommendations(db, { meeting: ids.later }, AS_OF, "en");
    expect(other.rows).toEqual([]);
    const northern = await trackRecommendations(db, { route: "northern" }, AS_OF, "en");
    expect(northern.rows.map((r) => r.recommendation.id).sort()).toEqual([ids.r1, ids.r5].sort());
  });

  it("refuses what breaks the mechanism's rules, and audits every change", async () => {
    const { db } = use();
    await expect(createRecommendation(db, coordinator, rec({ number: 1 }))).rejects.toMatchObject({
      code: "invalid",
      field: "number",
    });
    await expect(
      createRecommendation(db, coordinator, rec({ number: 9, endorsedBy: ids.later })),
    ).rejects.toMatchObject({ field: "endorsedBy" });
    // Superseded by a meeting before its own (the 2012 EWG) is refused.
    const first = (
      await db.selectFrom("meetings").select("id").where("start_date", "=", "2012-10").executeTakeFirstOrThrow()
    ).id;
    await expect(
      createRecommendation(db, coordinator, rec({ number: 9, status: "superseded", supersededBy: first })),
    ).rejects.toMatchObject({ field: "supersededBy" });
    const donor = await donorOf(db);
    await expect(createRecommendation(db, donor, rec({ number: 9 }))).rejects.toBeInstanceOf(RecordError);
    await expect(
      createMeeting(db, donor, meeting({ kind: "PCG", topic: "x", startDate: "2031-01" })),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateRecommendation(db, coordinator, ids.r4, 99, rec({ number: 4 }))).rejects.toMatchObject({
      code: "stale",
    });
    const { version } = await updateMeeting(
      db,
      coordinator,
      ids.later,
      1,
      meeting({
        kind: "EWG",
        topic: "Illicit financial flows, follow-up",
        pillar: "II",
        city: "Vienna",
        country: "AUT",
        startDate: "2025-11",
      }),
    );
    expect(version).toBe(2);
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "entity_id"])
      .where("entity_type", "in", ["meeting", "recommendation"])
      .execute();
    expect(audit.filter((a) => a.action === "recommendation.create")).toHaveLength(5);
    expect(audit.some((a) => a.action === "meeting.update" && a.entity_id === String(ids.later))).toBe(true);
    const links = await db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "need.recommendations")
      .where("entity_id", "=", String(ids.nUzb))
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(links.after).toEqual({ recommendations: [ids.r1, ids.r2].sort((a, b) => a - b) });
  });

  it("links a need to recommendations through its form, keeping the free text", async () => {
    const { db } = use();
    const beneficiary = await beneficiaryOf(db);
    const { id } = await createNeed(
      db,
      beneficiary,
      needInput({
        recommendation: "EWG Ankara, recommendation 1",
        recommendations: [ids.r1, ids.r5],
        recommendationPicker: "1",
      }),
    );
    expect(await linkedRecommendations(db, "need", id)).toEqual([ids.r1, ids.r5].sort((a, b) => a - b));
    const saved = await db.selectFrom("needs").select("recommendation").where("id", "=", id).executeTakeFirstOrThrow();
    expect(saved.recommendation).toBe("EWG Ankara, recommendation 1");
    // Without the picker's marker the links stay as they are.
    const { id: other } = await createNeed(db, beneficiary, needInput({ recommendations: [ids.r1] }));
    expect(await linkedRecommendations(db, "need", other)).toEqual([]);
    await expect(
      createNeed(db, beneficiary, needInput({ recommendations: [987654], recommendationPicker: "1" })),
    ).rejects.toMatchObject({ field: "recommendations" });
  });

  it("imports a meeting's whole list from CSV, or nothing with every row's error", async () => {
    const { db } = use();
    const sofia = (await db.selectFrom("meetings").select("id").where("city", "=", "Sofia").executeTakeFirstOrThrow())
      .id;
    const bad = [
      "number,pillar,text_en,text_ru,status,endorsed_by",
      `1,III,Control precursors.,Контролировать прекурсоры.,endorsed,${ids.pcg}`,
      "x,III,Text.,Текст.,proposed,",
      "3,V,Text.,Текст.,proposed,",
      "1,III,Again.,Снова.,proposed,",
      "4,III,,Текст.,endorsed,",
    ].join("\n");
    const failed = await importRecommendations(db, coordinator, sofia, bad);
    expect(failed).toEqual({
      ok: false,
      errors: [
        { line: 3, field: "number", message: "form.invalid" },
        { line: 4, field: "pillar", message: "form.choose" },
        { line: 5, field: "number", message: "consult.import.repeatedNumber" },
        { line: 6, field: "text_en", message: "form.required" },
        { line: 6, field: "endorsed_by", message: "consult.endorsedNeedsPcg" },
      ],
    });
    expect(await db.selectFrom("recommendations").select("id").where("meeting_id", "=", sofia).execute()).toEqual([]);
    const good =
      `number,pillar,text_en,text_ru,status,endorsed_by\n1,III,"Control ` +
      `precursors, jointly.",Контролировать прекурсоры.,endorsed,${ids.pcg}\n2,III,Share ` +
      `data.,Обмениваться данными.,proposed,\n`;
    expect(await importRecommendations(db, coordinator, sofia, good)).toEqual({ ok: true, created: 2 });
    const again = await importRecommendations(db, coordinator, sofia, good);
    expect(again).toMatchObject({
      ok: false,
      errors: [
        { line: 2, field: "number", message: "consult.numberTaken" },
        { line: 3, field: "number", message: "consult.numberTaken" },
      ],
    });
    expect(await importRecommendations(db, coordinator, sofia, 'number,pillar\n"1,III')).toMatchObject({
      ok: false,
      errors: [{ field: "file", message: "consult.import.unreadable" }],
    });
  });

  it("gives a country's fact sheet the numbers of its gap-matrix row for the same day", async () => {
    const { db } = use();
    const sheet = (await getCountryOverview(db, "TJK", "en", AS_OF))!;
    const matrix = await gapMatrix(db, {}, AS_OF);
    const row = matrix.cells.filter(
      (c) =>
        c.countryIso3.trim() === "TJK" &&
        c.routeCode === matrix.cells.find((x) => x.countryIso3.trim() === "TJK")!.routeCode,
    );
    expect(sheet.gaps.cells).toEqual(row);
    expect(sheet.gaps.cells.map((c) => c.pillarCode)).toEqual(["I", "II", "III", "IV"]);
    const pillarII = sheet.gaps.cells.find((c) => c.pillarCode === "II")!;
    expect([
      pillarII.needs,
      pillarII.costUsd,
      pillarII.coverageUsd,
      pillarII.unmetUsd,
      pillarII.activeProjects,
    ]).toEqual([1, "1000.00", "400.00", "600.00", 1]);
    // r1 from nTjk; r1 and r5 from the need the form test created in TJK.
    expect(sheet.recommendations.map((r) => [r.id, r.needs])).toEqual([
      [ids.r1, 2],
      [ids.r5, 1],
    ]);
    expect(sheet.donors).toEqual(["Donor A"]);
    expect(sheet.gaps.rateDates.EUR).toBe("2030-01-01");
  });

  it(
    "prints the fact sheet as a PDF in English and in " + "Russian, with DejaVu embedded and the valuation dates",
    async () => {
      const { db } = use();
      for (const [locale, words] of [
        ["en", ["Fact sheet: Tajikistan", "Valued in USD on 2030-01-15", "EUR 2030-01-01", "Donor A"]],
        [
          "ru",
          [
            "Справка по стране: Таджикистан",
            "Оценка в долларах США на 2030-01-15",
            "EUR 2030-01-01",
            "Рекомендации, на которые отвечают её потребности",
          ],
        ],
      ] as const) {
        const sheet = (await getCountryOverview(db, "TJK", locale, AS_OF))!;
        const pdf = await renderFactSheetPdf(sheet, locale);
        const text = await pdfText(pdf);
        for (const w of words) expect(text).toContain(w);
        // Pillar II: cost 1000, coverage 400, unmet 600, as in the matrix.
        for (const amount of ["1000.00", "400.00", "600.00"])
          expect(text).toContain(normalize(formatNumber(locale, amount, 2)));
        const raw = pdf.toString("latin1");
        expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
        expect(raw).not.toMatch(/Helvetica/);
      }
    },
  );
});
