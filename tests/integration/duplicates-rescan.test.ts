import { sql, type Kysely } from "kysely";
import { expect, it } from "vitest";
import { SeededRandom } from "../../db/demo/random";
import type { Database } from "../../db/schema";
import { rescanAll, scanProject } from "~/duplicates/detect.server";
import { decidePair } from "~/duplicates/review.server";
import { reasonsAsJsonbText, type PairReasons } from "~/duplicates/score";
import { decodeTrigrams, similarityAtLeast, trigramSimilarity } from "~/duplicates/trigrams";
import { describeEachDatabase } from "../support/database";
import { BORDER, BORDER_TOO, duplicateWorld, HEALTH } from "../support/duplicate-fixtures";

const RU = {
  title: "Укрепление пограничного контроля в Таджикистане",
  summary: "Обучение и оборудование для пограничников на афганской границе.",
};
const RU_TOO = {
  title: "Укрепление пограничного контроля в Таджикистане и Узбекистане",
  summary: "Обучение и оборудование для пограничников на границе.",
};

/** The whole duplicate_pairs table, in a comparable form. */
async function state(db: Kysely<Database>) {
  return (
    await db
      .selectFrom("duplicate_pairs")
      .select(["project_a_id", "project_b_id", "score", "reasons", "status"])
      .orderBy("project_a_id")
      .orderBy("project_b_id")
      .execute()
  ).map((r) => ({ ...r, score: Number(r.score).toFixed(4) }));
}

/** What scanning every project one by one (the rescan as it used to run) leaves, rolled back afterwards. */
async function oneByOne(db: Kysely<Database>) {
  let after: Awaited<ReturnType<typeof state>> = [];
  const result = { candidates: 0, reopened: 0 };
  await db
    .transaction()
    .execute(async (trx) => {
      const ids = (
        await trx.selectFrom("projects").select("id").where("status", "<>", "cancelled").orderBy("id").execute()
      ).map((r) => r.id);
      for (const id of ids) {
        const r = await scanProject(trx, id);
        result.candidates += r.candidates;
        result.reopened += r.reopened;
      }
      after = await state(trx);
      throw new Error("rollback");
    })
    .catch((error: Error) => {
      if (error.message !== "rollback") throw error;
    });
  // Each pair is seen from both sides.
  return { result: { candidates: Math.round(result.candidates / 2), reopened: result.reopened }, after };
}

describeEachDatabase("full duplicate rescan", (use) => {
  const { world, project, pairOf } = duplicateWorld(use);

  const decide = async (x: number, y: number, decision: "duplicate" | "complementary" | "dismissed") => {
    const pair = (await pairOf(x, y))!;
    expect(pair, `pair ${x}-${y}`).toBeDefined();
    await decidePair(use().db, world.coordinator, { pairId: pair.id, version: pair.version, decision }, "127.0.0.1");
  };

  it("compares stored trigram sets exactly as pg_trgm's similarity() compares the texts", async () => {
    const { db } = use();
    const texts = [
      `${BORDER.title} ${BORDER.summary}`,
      `${BORDER_TOO.title} ${BORDER_TOO.summary}`,
      `${HEALTH.title} ${HEALTH.summary}`,
      `${RU.title} ${RU.summary}`,
      `${RU_TOO.title} ${RU_TOO.summary}`,
      "Ёлка, ёж — and Ärger über Straße; 3 000 USD (2024-01-01)!",
      "A.B-c 12 x",
      "a b c",
      "",
      "   ",
      "Précurseurs chimiques: contrôle aux frontières, formation des douaniers",
      "Precurseurs chimiques controle aux frontieres formation des douaniers",
      "ПРЕКУРСОРЫ прекурсоры Prekursory",
    ];
    const { rows: sets } = await sql<{
      t: Buffer;
    }>`SELECT dup_trigram_set(x) AS t FROM unnest(${texts}::text[]) WITH ORDINALITY AS u(x, k) ORDER BY k`.execute(db);
    const { rows: sims } = await sql<{ i: number; j: number; s: number }>`
      SELECT a.k::int AS i, b.k::int AS j, similarity(a.x, b.x)::float8 AS s
      FROM unnest(${texts}::text[]) WITH ORDINALITY AS a(x, k),
        unnest(${texts}::text[]) WITH ORDINALITY AS b(x, k)`.execute(db);
    const decoded = sets.map((r) => decodeTrigrams(r.t));
    for (const d of decoded) for (let k = 1; k < d.length; k++) expect(d[k]).toBeGreaterThan(d[k - 1]);
    for (const { i, j, s } of sims) {
      const mine = trigramSimilarity(decoded[i - 1], decoded[j - 1]);
      expect(mine, `${texts[i - 1]} / ${texts[j - 1]}`).toBe(Number(s));
      const atLeast = similarityAtLeast(decoded[i - 1], decoded[j - 1], 0.3);
      expect(atLeast).toBe(Number(s) >= 0.3 ? Number(s) : -1);
    }
    // Kept by the triggers: a new project and a changed text.
    const id = await project({ ...RU, countries: ["TKM"] });
    const stored = async () =>
      (
        await db
          .selectFrom("project_dup_trigrams")
          .select("trigrams")
          .where("project_id", "=", id)
          .executeTakeFirstOrThrow()
      ).trigrams;
    expect(Buffer.compare(await stored(), sets[3].t)).toBe(0);
    await db.updateTable("projects").set({ summary: RU_TOO.summary }).where("id", "=", id).execute();
    const { rows } = await sql<{ t: Buffer }>`SELECT dup_trigram_set(${`${RU.title} ${RU_TOO.summary}`}) AS t`.execute(
      db,
    );
    expect(Buffer.compare(await stored(), rows[0].t)).toBe(0);
  });

  it("finds in a full rescan exactly what scanning every project one by one finds, decisions included", async () => {
    const { db } = use();
    const p1 = await project({ ...BORDER, countries: ["UZB"], capacityAreas: ["I.4"] });
    const p2 = await project({
      ...BORDER_TOO,
      organizationId: world.orgB,
      countries: ["UZB", "KAZ"],
      pillars: ["I", "II"],
    });
    // Shares only a capacity area with p1.
    const p3 = await project({ ...BORDER, countries: ["UZB"], pillars: ["IV"], capacityAreas: ["I.4"] });
    const p4 = await project({ ...BORDER_TOO, countries: ["KAZ"], pillars: ["II"], start: "2029-01-01", end: null });
    await project({ ...HEALTH, countries: ["UZB"] });
    await project({ ...BORDER, countries: ["UZB"], status: "cancelled" });
    const p7 = await project({ ...RU, countries: ["UZB"] });
    const p8 = await project({ ...RU_TOO, countries: ["UZB"] });
    const p9 = await project({ ...BORDER_TOO, countries: ["UZB"], start: "2031-12-31", end: "2033-01-01" });
    for (const id of [p1, p2, p3, p4, p7, p8, p9]) await scanProject(db, id);
    await decide(p1, p2, "dismissed");
    await decide(p1, p3, "duplicate");
    await decide(p7, p8, "complementary");
    expect((await pairOf(p2, p4))?.status).toBe("candidate");
    expect((await pairOf(p1, p9))?.status).toBe("candidate");
    // A wording fix (not material), a new country (material), a period that no longer overlaps, a
    // cancellation, and a decided pair that no longer qualifies.
    await db
      .updateTable("projects")
      .set({ summary: `${BORDER_TOO.summary}.` })
      .where("id", "=", p2)
      .execute();
    await db.insertInto("project_countries").values({ project_id: p3, country_iso3: "TJK" }).execute();
    await db
      .updateTable("projects")
      .set({ start_date: "2035-01-01", end_date: "2036-01-01" })
      .where("id", "=", p9)
      .execute();
    await db.updateTable("projects").set({ status: "cancelled" }).where("id", "=", p4).execute();
    await db.updateTable("project_countries").set({ country_iso3: "KGZ" }).where("project_id", "=", p8).execute();

    const expected = await oneByOne(db);
    expect(await rescanAll(db)).toEqual(expected.result);
    const rescanned = await state(db);
    expect(rescanned).toEqual(expected.after);
    const statusOf = (x: number, y: number) =>
      rescanned.find((r) => r.project_a_id === Math.min(x, y) && r.project_b_id === Math.max(x, y))?.status;
    expect(statusOf(p1, p2)).toBe("dismissed");
    expect(statusOf(p1, p3)).toBe("candidate");
    expect(statusOf(p7, p8)).toBe("complementary");
    expect(statusOf(p2, p4)).toBeUndefined();
    expect(statusOf(p1, p9)).toBeUndefined();
    expect(expected.result.reopened).toBeGreaterThan(0);
    // A second rescan changes nothing.
    expect(await rescanAll(db)).toEqual({ candidates: expected.result.candidates, reopened: 0 });
    expect(await state(db)).toEqual(rescanned);
  });

  it(
    "finds exactly the same on a generated set (shared words, several " +
      "countries, themes and periods; decided and changed pairs)",
    async () => {
      const { db } = use();
      const random = new SeededRandom(20261123);
      const rnd = () => random.next();
      const pick = <T>(xs: readonly T[]) => random.pick(xs);
      const words = [
        "border",
        "customs",
        "training",
        "drug",
        "precursor",
        "control",
        "laboratory",
        "forensic",
        "police",
        "Afghan",
        "контроль",
        "границы",
        "обучение",
        "prevention",
        "treatment",
        "équipement",
        "mobile",
        "teams",
      ];
      const countries = ["AFG", "IRN", "PAK", "TJK", "UZB", "TKM"];
      const themes: Array<[string, string[]]> = [
        ["I", ["I.1", "I.4"]],
        ["II", ["II.2"]],
        ["III", ["III.1", "III.5"]],
        ["IV", ["IV.3"]],
      ];
      const sentence = (n: number) => Array.from({ length: n }, () => pick(words)).join(rnd() < 0.3 ? ", " : " ");
      const ids: number[] = [];
      for (let k = 0; k < 90; k++) {
        const cs = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(countries)))];
        const [pillar, areas] = pick(themes);
        const year = 2020 + Math.floor(rnd() * 8);
        ids.push(
          await project({
            title: sentence(3 + Math.floor(rnd() * 4)),
            summary: sentence(4 + Math.floor(rnd() * 10)),
            countries: cs,
            pillars: rnd() < 0.8 ? [pillar] : [],
            capacityAreas: rnd() < 0.5 ? [pick(areas)] : [],
            start: `${year}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
            end: rnd() < 0.2 ? null : `${year + Math.floor(rnd() * 3)}-12-31`,
            status: rnd() < 0.1 ? "cancelled" : "active",
          }),
        );
      }
      await rescanAll(db);
      const pairs = await db
        .selectFrom("duplicate_pairs")
        .select(["project_a_id", "project_b_id"])
        .where("project_a_id", "in", ids)
        .where("status", "=", "candidate")
        .execute();
      expect(pairs.length).toBeGreaterThan(20);
      // Decide some pairs, then change some projects (texts, countries, periods, cancellations).
      for (const [k, p] of pairs.slice(0, 12).entries())
        await decide(p.project_a_id, p.project_b_id, (["duplicate", "complementary", "dismissed"] as const)[k % 3]);
      for (const id of ids.slice(0, 30)) {
        const r = rnd();
        if (r < 0.25)
          await db
            .updateTable("projects")
            .set({ summary: sentence(6) })
            .where("id", "=", id)
            .execute();
        else if (r < 0.4)
          await db.insertInto("project_countries").values({ project_id: id, country_iso3: "KGZ" }).execute();
        else if (r < 0.55) await db.updateTable("projects").set({ end_date: null }).where("id", "=", id).execute();
        else if (r < 0.65) await db.updateTable("projects").set({ status: "cancelled" }).where("id", "=", id).execute();
        else if (r < 0.75) await db.deleteFrom("project_pillars").where("project_id", "=", id).execute();
      }
      const expected = await oneByOne(db);
      expect(await rescanAll(db)).toEqual(expected.result);
      expect(await state(db)).toEqual(expected.after);
      expect(expected.after.length).toBeGreaterThan(20);
      // Again, with the default and with few or none of the trigrams counted as bit sets (the rest as
      // lists): the same pairs, and no open one rewritten (a candidate found unchanged is not sent back).
      const stamps = () =>
        db
          .selectFrom("duplicate_pairs")
          .select(["id", "updated_at"])
          .where("status", "=", "candidate")
          .orderBy("id")
          .execute();
      const before = await stamps();
      // What the rescan compares stored reasons with: PostgreSQL's own text for them.
      const texts = await db
        .selectFrom("duplicate_pairs")
        .select(["reasons", sql<string>`reasons::text`.as("text")])
        .execute();
      expect(texts.map((t) => reasonsAsJsonbText(t.reasons as unknown as PairReasons))).toEqual(
        texts.map((t) => t.text),
      );
      for (const frequentTrigrams of [undefined, 16, 0]) {
        expect(await rescanAll(db, undefined, { frequentTrigrams })).toEqual({
          candidates: expected.result.candidates,
          reopened: 0,
        });
        expect(await state(db)).toEqual(expected.after);
        expect(await stamps()).toEqual(before);
      }
    },
  );

  it("keeps the references to projects: a deleted project takes its pairs, a pair needs its projects", async () => {
    const { db } = use();
    const a = await project({ ...BORDER, countries: ["AFG"] });
    const b = await project({ ...BORDER_TOO, countries: ["AFG"] });
    await scanProject(db, a);
    expect(await pairOf(a, b)).toBeDefined();
    await db.deleteFrom("projects").where("id", "=", b).execute();
    expect(await pairOf(a, b)).toBeUndefined();
    await expect(
      db
        .insertInto("duplicate_pairs")
        .values({ project_a_id: a, project_b_id: 2_000_000_000, score: "0.5", reasons: "{}" })
        .execute(),
    ).rejects.toThrow(/violates/);
    const c = await project({ ...BORDER_TOO, countries: ["AFG"] });
    await scanProject(db, c);
    const pair = (await pairOf(a, c))!;
    await expect(
      db.updateTable("duplicate_pairs").set({ project_b_id: 2_000_000_000 }).where("id", "=", pair.id).execute(),
    ).rejects.toThrow(/violates/);
    expect((await pairOf(a, c))?.id).toBe(pair.id);
  });
});
