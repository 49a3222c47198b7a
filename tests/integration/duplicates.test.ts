import { expect, it } from "vitest";
import { rescanAll, scanProject } from "~/duplicates/detect.server";
import { decidePair, DuplicateError, getPair, listCandidates, similarProjectsFor } from "~/duplicates/review.server";
import * as comparePage from "~/routes/duplicates.$id";
import { makeActor } from "../support/factories";
import { formRequest, requestContext } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { BORDER, BORDER_TOO, duplicateWorld, HEALTH } from "../support/duplicate-fixtures";

describeEachDatabase("duplicate detection", (use) => {
  const { world, project, pairOf } = duplicateWorld(use);

  it("finds a candidate with its score and reasons", async () => {
    const a = await project({ ...BORDER, countries: ["TJK"], capacityAreas: ["I.4"] });
    const b = await project({
      ...BORDER_TOO,
      organizationId: world.orgB,
      countries: ["TJK", "UZB"],
      capacityAreas: ["I.4"],
      start: "2031-06-01",
      end: null,
    });
    expect(await scanProject(use().db, b)).toEqual({ candidates: 1, reopened: 0 });
    const pair = await pairOf(a, b);
    expect(pair?.status).toBe("candidate");
    expect(pair?.reasons).toMatchObject({
      sharedCountries: ["TJK"],
      sharedPillars: ["I"],
      sharedAreas: ["I.4"],
      overlap: { from: "2031-06-01", to: "2031-12-31" },
    });
    expect(Number(pair?.score)).toBeGreaterThan(0.5);
    expect(Number(pair?.score)).toBeLessThanOrEqual(1);
  });

  it("needs a shared country, a shared pillar or area, overlapping periods and similar texts", async () => {
    const base = await project({ ...BORDER, countries: ["KGZ"] });
    const otherCountry = await project({ ...BORDER, countries: ["KAZ"] });
    const otherPillar = await project({ ...BORDER, countries: ["KGZ"], pillars: ["IV"] });
    const before = await project({ ...BORDER, countries: ["KGZ"], start: "2025-01-01", end: "2029-12-31" });
    const otherText = await project({ ...HEALTH, countries: ["KGZ"] });
    const touching = await project({ ...BORDER, countries: ["KGZ"], start: "2031-12-31", end: "2033-01-01" });
    await scanProject(use().db, base);
    for (const other of [otherCountry, otherPillar, before, otherText])
      expect(await pairOf(base, other), `pair with ${other}`).toBeUndefined();
    // Periods include their last day: one ending on the day the other starts overlaps.
    expect((await pairOf(base, touching))?.status).toBe("candidate");
  });

  it(
    "finds a pair that shares a capacity area but no pillar (possible " +
      "in imported data), with the same period and status rules",
    async () => {
      // The forms keep areas inside the project's pillars; an import need not.
      const a = await project({ ...BORDER, countries: ["TKM"], pillars: ["I"], capacityAreas: ["II.1"] });
      const b = await project({ ...BORDER_TOO, countries: ["TKM"], pillars: ["III"], capacityAreas: ["II.1"] });
      const later = await project({
        ...BORDER,
        countries: ["TKM"],
        pillars: ["IV"],
        capacityAreas: ["II.1"],
        start: "2032-01-01",
        end: null,
      });
      const cancelled = await project({
        ...BORDER,
        countries: ["TKM"],
        pillars: ["IV"],
        capacityAreas: ["II.1"],
        status: "cancelled",
      });
      expect(await scanProject(use().db, a)).toEqual({ candidates: 1, reopened: 0 });
      expect((await pairOf(a, b))?.reasons).toMatchObject({
        sharedCountries: ["TKM"],
        sharedPillars: [],
        sharedAreas: ["II.1"],
      });
      expect(await pairOf(a, later)).toBeUndefined();
      expect(await pairOf(a, cancelled)).toBeUndefined();
    },
  );

  it("treats an open-ended period as running on, and a regional project as covering each country", async () => {
    const openEnded = await project({ ...BORDER, countries: ["TKM"], start: "2020-01-01", end: null });
    const later = await project({
      ...BORDER_TOO,
      countries: ["TKM", "AFG", "IRN"],
      start: "2040-01-01",
      end: "2041-01-01",
    });
    const earlier = await project({ ...BORDER_TOO, countries: ["TKM"], start: "2010-01-01", end: "2019-12-31" });
    await scanProject(use().db, openEnded);
    const pair = await pairOf(openEnded, later);
    expect(pair?.reasons).toMatchObject({
      sharedCountries: ["TKM"],
      overlap: { from: "2040-01-01", to: "2041-01-01" },
    });
    expect(await pairOf(openEnded, earlier)).toBeUndefined();
  });

  it("keeps a dismissed pair dismissed until one project changes materially", async () => {
    const { db } = use();
    const a = await project({ ...BORDER, countries: ["ARM"] });
    const b = await project({ ...BORDER_TOO, countries: ["ARM"] });
    await scanProject(db, a);
    const pair = (await pairOf(a, b))!;
    await decidePair(
      db,
      world.coordinator,
      { pairId: pair.id, version: pair.version, decision: "dismissed", note: "Different phases of one programme" },
      "127.0.0.1",
    );
    await rescanAll(db);
    expect((await pairOf(a, b))?.status).toBe("dismissed");
    // A small wording fix is not material.
    await db
      .updateTable("projects")
      .set({ summary: `${BORDER_TOO.summary}.` })
      .where("id", "=", b)
      .execute();
    await scanProject(db, b);
    expect((await pairOf(a, b))?.status).toBe("dismissed");
    // A new country is.
    await db.insertInto("project_countries").values({ project_id: b, country_iso3: "GEO" }).execute();
    await scanProject(db, b);
    expect((await pairOf(a, b))?.status).toBe("candidate");
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "duplicate_pair")
      .where("entity_id", "=", String(pair.id))
      .execute();
    expect(audit.map((r) => r.action)).toContain("duplicate.dismissed");
  });

  it("reopens a decided pair after a change of period or a rewrite of the text", async () => {
    const { db } = use();
    const a = await project({ ...BORDER, countries: ["AZE"] });
    const b = await project({ ...BORDER_TOO, countries: ["AZE"] });
    await scanProject(db, a);
    const pair = (await pairOf(a, b))!;
    await decidePair(
      db,
      world.coordinator,
      { pairId: pair.id, version: pair.version, decision: "complementary" },
      "127.0.0.1",
    );
    await db.updateTable("projects").set({ end_date: "2032-06-30" }).where("id", "=", a).execute();
    await scanProject(db, a);
    expect((await pairOf(a, b))?.status).toBe("candidate");
    await decidePair(
      db,
      world.coordinator,
      { pairId: pair.id, version: (await pairOf(a, b))!.version, decision: "duplicate", note: "Same activity" },
      "127.0.0.1",
    );
    await db
      .updateTable("projects")
      .set({
        title: "Strengthening border management in Tajikistan and Azerbaijan: Phase II",
        summary: "Mobile inspection teams, dog units and risk profiling at the crossings.",
      })
      .where("id", "=", b)
      .execute();
    await scanProject(db, b);
    const after = await pairOf(a, b);
    // Rewritten texts may fall below the similarity threshold (the candidate goes) or stay (it reopens).
    expect(after === undefined || after.status === "candidate").toBe(true);
  });

  it("lists the queue highest score first and shows donors similar projects without notes", async () => {
    const { db } = use();
    const { rows, total } = await listCandidates(db, { page: 1, pageSize: 50 });
    expect(total).toBeGreaterThan(0);
    const scores = rows.map((r) => Number(r.score));
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    const detail = await getPair(db, rows[0].id);
    expect(detail?.a.countries.length).toBeGreaterThan(0);
    const similar = await similarProjectsFor(db, rows[0].a_id);
    expect(similar.map((s) => s.id)).toContain(rows[0].b_id);
    expect(Object.keys(similar[0])).not.toContain("note");
  });

  it(
    "accepts exactly one of 12 concurrent decisions made " + "on the same version; the others are refused as stale",
    async () => {
      const { db } = use();
      const a = await project({ ...BORDER, countries: ["GEO"], pillars: ["II"] });
      const b = await project({ ...BORDER_TOO, countries: ["GEO"], pillars: ["II"] });
      await scanProject(db, a);
      const pair = (await pairOf(a, b))!;
      const decisions = ["duplicate", "complementary", "dismissed"] as const;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          decidePair(
            db,
            world.coordinator,
            { pairId: pair.id, version: pair.version, decision: decisions[i % 3], note: `Decision ${i}` },
            "127.0.0.1",
          ),
        ),
      );
      const accepted = outcomes.filter((o) => o.status === "fulfilled");
      expect(accepted).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ code: "stale" });
      expect(
        outcomes
          .filter((o) => o.status === "rejected")
          .every((o) => (o as PromiseRejectedResult).reason instanceof DuplicateError),
      ).toBe(true);
      const after = (await pairOf(a, b))!;
      expect(after.version).toBe(pair.version + 1);
      const winner = outcomes.findIndex((o) => o.status === "fulfilled");
      expect([after.status, after.note]).toEqual([decisions[winner % 3], `Decision ${winner}`]);
      const audit = await db
        .selectFrom("audit_log")
        .select("action")
        .where("entity_type", "=", "duplicate_pair")
        .where("entity_id", "=", String(pair.id))
        .execute();
      expect(audit).toHaveLength(1);
    },
  );

  it("treats a reopened pair as changed: a decision from the page before the reopening is stale", async () => {
    const { db } = use();
    const a = await project({ ...BORDER, countries: ["MDA"] });
    const b = await project({ ...BORDER_TOO, countries: ["MDA"] });
    await scanProject(db, a);
    const seen = (await pairOf(a, b))!;
    await decidePair(
      db,
      world.coordinator,
      { pairId: seen.id, version: seen.version, decision: "dismissed" },
      "127.0.0.1",
    );
    const decided = (await pairOf(a, b))!;
    await db.insertInto("project_countries").values({ project_id: b, country_iso3: "UKR" }).execute();
    await scanProject(db, b);
    const reopened = (await pairOf(a, b))!;
    expect([reopened.status, reopened.version]).toEqual(["candidate", decided.version + 1]);
    await expect(
      decidePair(
        db,
        world.coordinator,
        { pairId: seen.id, version: decided.version, decision: "duplicate" },
        "127.0.0.1",
      ),
    ).rejects.toMatchObject({ code: "stale" });
    expect((await pairOf(a, b))!.status).toBe("candidate");
  });

  it(
    "answers a stale decision on the page with 409 and " + "the translated stale message, keeping what was typed",
    async () => {
      const { db, mode } = use();
      const a = await project({ ...BORDER, countries: ["BLR"] });
      const b = await project({ ...BORDER_TOO, countries: ["BLR"] });
      await scanProject(db, a);
      const pair = (await pairOf(a, b))!;
      const staffer = await makeActor(db, "coordinator");
      const post = async (fields: Record<string, string>) => {
        try {
          return (await comparePage.action({
            request: formRequest(`/duplicates/${pair.id}`, fields, staffer.cookie),
            params: { id: String(pair.id) },
            context: requestContext(db, mode),
          } as never)) as unknown;
        } catch (thrown) {
          return thrown;
        }
      };
      const first = (await post({ decision: "duplicate", version: String(pair.version) })) as Response;
      expect(first.status).toBe(302);
      const retries: Array<Record<string, string>> = [
        { decision: "dismissed", note: "Looked again", version: String(pair.version) },
        { decision: "dismissed", note: "Looked again" },
      ];
      for (const fields of retries) {
        const stale = (await post(fields)) as {
          init: { status: number };
          data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
        };
        expect(stale.init.status).toBe(409);
        expect(stale.data.result.error[""]).toEqual(["form.stale"]);
        expect(stale.data.result.initialValue.note).toBe("Looked again");
      }
      expect((await pairOf(a, b))!.status).toBe("duplicate");
    },
  );
});
