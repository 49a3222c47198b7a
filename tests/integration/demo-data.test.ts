import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import { DEMO_ACCOUNTS, generateDemoData } from "../../db/demo/generate";
import { DEMO_OWNED } from "../../db/demo/marketplace";
import { getInvoicingSettings } from "~/funding/settings.server";
import type { Database } from "../../db/schema";
import { createTestDatabase, describeEachDatabase } from "../support/database";

async function fingerprint(db: Kysely<Database>) {
  const projects = await db.selectFrom("projects").select(["title", "organization_id", "status", "start_date", "end_date", "budget", "currency", "iati_identifier", "dac_code"]).orderBy("id").execute();
  const needs = await db.selectFrom("needs").select(["title", "country_iso3", "pillar_code", "capacity_area_code", "priority", "estimated_cost", "currency", "status"]).orderBy("id").execute();
  const countries = await db.selectFrom("project_countries").select(["project_id", "country_iso3"]).orderBy("project_id").orderBy("country_iso3").execute();
  return JSON.stringify({ projects, needs, countries });
}

describeEachDatabase("demo data", (use) => {
  it("creates projects and needs across all pillars and every route country, owned in part by the demo accounts", async () => {
    const { db } = use();
    const progress: string[] = [];
    const summary = await generateDemoData(db, { seed: 11, projects: 2500, needs: 1200, onProgress: (step, done, total) => progress.push(`${step} ${done}/${total}`) });
    expect(summary).toMatchObject({ created: true, projects: 2500, needs: 1200 });
    // Batches of 1000, each reported.
    expect(progress.filter((p) => p.startsWith("projects"))).toEqual(["projects 1000/2500", "projects 2000/2500", "projects 2500/2500"]);
    expect(progress.filter((p) => p.startsWith("needs"))).toEqual(["needs 1000/1200", "needs 1200/1200"]);

    const count = async (table: "projects" | "needs") => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    expect(await count("projects")).toBe(2500);
    expect(await count("needs")).toBe(1200);
    const pillars = await db.selectFrom("project_pillars").select("pillar_code").distinct().orderBy("pillar_code").execute();
    expect(pillars.map((p) => p.pillar_code)).toEqual(["I", "II", "III", "IV"]);
    const needPillars = await db.selectFrom("needs").select("pillar_code").distinct().orderBy("pillar_code").execute();
    expect(needPillars.map((p) => p.pillar_code)).toEqual(["I", "II", "III", "IV"]);

    const routeCountries = (await db.selectFrom("route_countries").select("country_iso3").distinct().execute()).map((r) => r.country_iso3).sort();
    const reached = (await db.selectFrom("project_countries").select("country_iso3").distinct().execute()).map((r) => r.country_iso3).sort();
    const withNeeds = (await db.selectFrom("needs").select("country_iso3").distinct().execute()).map((r) => r.country_iso3).sort();
    expect(reached).toEqual(expect.arrayContaining(routeCountries));
    expect(withNeeds).toEqual(routeCountries);

    // Matches made through the matching domain: coverage shows from the start.
    const byStatus = Object.fromEntries(
      (await db.selectFrom("matches").select(["status", (eb) => eb.fn.countAll<string>().as("n")]).groupBy("status").execute()).map((r) => [r.status, Number(r.n)]),
    );
    expect(byStatus.confirmed).toBeGreaterThan(50);
    expect(byStatus.proposed).toBeGreaterThan(0);
    expect(byStatus.rejected).toBeGreaterThan(0);
    const needStatuses = (await db.selectFrom("needs").select("status").distinct().execute()).map((r) => r.status).sort();
    expect(needStatuses).toEqual(expect.arrayContaining(["met", "open", "partially_met"]));
    expect(progress.some((p) => p.startsWith("matches "))).toBe(true);

    // Invoicing is configured, so a coordinator can issue an invoice at once.
    const settings = await getInvoicingSettings(db);
    expect(settings.issuer?.name).toContain("(demo)");
    expect(settings.bank).toMatchObject({ iban: "AT611904300234573201", swift: "DEMOATWWXXX" });

    const donor = await db.selectFrom("users").select("organization_id").where("email", "=", DEMO_ACCOUNTS[0].email).executeTakeFirstOrThrow();
    const beneficiary = await db.selectFrom("users").select(["organization_id", "country_iso3"]).where("email", "=", DEMO_ACCOUNTS[1].email).executeTakeFirstOrThrow();
    const donorProjects = await db.selectFrom("projects").select("id").where("organization_id", "=", donor.organization_id!).execute();
    expect(donorProjects.length).toBeGreaterThanOrEqual(DEMO_OWNED);
    const tajikNeeds = await db.selectFrom("needs").select(["country_iso3", "status"]).where("organization_id", "=", beneficiary.organization_id!).execute();
    expect(beneficiary.country_iso3).toBe("TJK");
    expect(tajikNeeds.length).toBeGreaterThanOrEqual(DEMO_OWNED);
    expect(new Set(tajikNeeds.map((n) => n.country_iso3))).toEqual(new Set(["TJK"]));

    const russian = await db.selectFrom("projects").select("title").where("language", "=", "ru").limit(1).executeTakeFirst();
    expect(russian?.title).toMatch(/[А-Яа-я]/);
    // Every generated IATI id is unique, and the sequence continues after the explicit ids.
    const max = await db.selectFrom("projects").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow();
    const next = await db.insertInto("projects").values({ organization_id: donor.organization_id!, title: "t", summary: "s", dac_code: "16063", status: "active", start_date: "2025-01-01", budget: "1", currency: "USD", iati_identifier: "XM-NEXT-1" }).returning("id").executeTakeFirstOrThrow();
    expect(next.id).toBe(Number(max.id) + 1);
  });

  it("is deterministic for a seed", async () => {
    const { mode } = use();
    const [a, b] = [await createTestDatabase(mode), await createTestDatabase(mode)];
    try {
      await generateDemoData(a.db, { seed: 5, projects: 120, needs: 90 });
      await generateDemoData(b.db, { seed: 5, projects: 120, needs: 90 });
      expect(await fingerprint(a.db)).toBe(await fingerprint(b.db));
      const c = await createTestDatabase(mode);
      try {
        await generateDemoData(c.db, { seed: 6, projects: 120, needs: 90 });
        expect(await fingerprint(c.db)).not.toBe(await fingerprint(a.db));
      } finally {
        await c.close();
      }
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);
});
