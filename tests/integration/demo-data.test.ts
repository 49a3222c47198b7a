import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import { DEMO_ACCOUNTS, generateDemoData } from "../../db/demo/generate";
import { DEMO_OWNED } from "../../db/demo/marketplace";
import { getInvoicingSettings } from "~/funding/settings.server";
import type { Database } from "../../db/schema";
import { createTestDatabase, describeEachDatabase } from "../support/database";
import { workQueues } from "~/dashboard/dashboard.server";
import type { Actor } from "~/accounts/permissions";

async function fingerprint(db: Kysely<Database>) {
  const projects = await db
    .selectFrom("projects")
    .select([
      "title",
      "organization_id",
      "status",
      "start_date",
      "end_date",
      "budget",
      "currency",
      "iati_identifier",
      "dac_code",
    ])
    .orderBy("id")
    .execute();
  const needs = await db
    .selectFrom("needs")
    .select([
      "title",
      "country_iso3",
      "pillar_code",
      "capacity_area_code",
      "priority",
      "estimated_cost",
      "currency",
      "status",
    ])
    .orderBy("id")
    .execute();
  const countries = await db
    .selectFrom("project_countries")
    .select(["project_id", "country_iso3"])
    .orderBy("project_id")
    .orderBy("country_iso3")
    .execute();
  return JSON.stringify({ projects, needs, countries });
}

describeEachDatabase("demo data", (use) => {
  it(
    "creates projects and needs across all pillars and " + "every route country, owned in part by the demo accounts",
    async () => {
      const { db } = use();
      const progress: string[] = [];
      const summary = await generateDemoData(db, {
        seed: 11,
        projects: 2500,
        needs: 1200,
        onProgress: (step, done, total) => progress.push(`${step} ${done}/${total}`),
      });
      expect(summary).toMatchObject({ created: true, projects: 2500, needs: 1200 });
      // Batches of 1000, each reported.
      expect(progress.filter((p) => p.startsWith("projects"))).toEqual([
        "projects 1000/2500",
        "projects 2000/2500",
        "projects 2500/2500",
      ]);
      expect(progress.filter((p) => p.startsWith("needs"))).toEqual(["needs 1000/1200", "needs 1200/1200"]);

      const count = async (table: "projects" | "needs") =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<string>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count("projects")).toBe(2500);
      expect(await count("needs")).toBe(1200);
      const pillars = await db
        .selectFrom("project_pillars")
        .select("pillar_code")
        .distinct()
        .orderBy("pillar_code")
        .execute();
      expect(pillars.map((p) => p.pillar_code)).toEqual(["I", "II", "III", "IV"]);
      const needPillars = await db
        .selectFrom("needs")
        .select("pillar_code")
        .distinct()
        .orderBy("pillar_code")
        .execute();
      expect(needPillars.map((p) => p.pillar_code)).toEqual(["I", "II", "III", "IV"]);

      const routeCountries = (await db.selectFrom("route_countries").select("country_iso3").distinct().execute())
        .map((r) => r.country_iso3)
        .sort();
      const reached = (await db.selectFrom("project_countries").select("country_iso3").distinct().execute())
        .map((r) => r.country_iso3)
        .sort();
      const withNeeds = (await db.selectFrom("needs").select("country_iso3").distinct().execute())
        .map((r) => r.country_iso3)
        .sort();
      expect(reached).toEqual(expect.arrayContaining(routeCountries));
      expect(withNeeds).toEqual(routeCountries);

      // Matches made through the matching domain: coverage shows from the start.
      const byStatus = Object.fromEntries(
        (
          await db
            .selectFrom("matches")
            .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
            .groupBy("status")
            .execute()
        ).map((r) => [r.status, Number(r.n)]),
      );
      expect(byStatus.confirmed).toBeGreaterThan(50);
      expect(byStatus.proposed).toBeGreaterThan(0);
      expect(byStatus.rejected).toBeGreaterThan(0);
      const needStatuses = (await db.selectFrom("needs").select("status").distinct().execute())
        .map((r) => r.status)
        .sort();
      expect(needStatuses).toEqual(expect.arrayContaining(["met", "open", "partially_met"]));
      expect(progress.some((p) => p.startsWith("matches "))).toBe(true);

      // Invoicing is configured, so a coordinator can issue an invoice at once.
      const settings = await getInvoicingSettings(db);
      expect(settings.issuer?.name).toContain("(demo)");
      expect(settings.bank).toMatchObject({ iban: "AT611904300234573201", swift: "DEMOATWWXXX" });

      const donor = await db
        .selectFrom("users")
        .select("organization_id")
        .where("email", "=", DEMO_ACCOUNTS[0].email)
        .executeTakeFirstOrThrow();
      const beneficiary = await db
        .selectFrom("users")
        .select(["organization_id", "country_iso3"])
        .where("email", "=", DEMO_ACCOUNTS[1].email)
        .executeTakeFirstOrThrow();
      const donorProjects = await db
        .selectFrom("projects")
        .select("id")
        .where("organization_id", "=", donor.organization_id!)
        .execute();
      expect(donorProjects.length).toBeGreaterThanOrEqual(DEMO_OWNED);
      const tajikNeeds = await db
        .selectFrom("needs")
        .select(["country_iso3", "status"])
        .where("organization_id", "=", beneficiary.organization_id!)
        .execute();
      expect(beneficiary.country_iso3).toBe("TJK");
      expect(tajikNeeds.length).toBeGreaterThanOrEqual(DEMO_OWNED);
      expect(new Set(tajikNeeds.map((n) => n.country_iso3))).toEqual(new Set(["TJK"]));

      const russian = await db
        .selectFrom("projects")
        .select("title")
        .where("language", "=", "ru")
        .limit(1)
        .executeTakeFirst();
      expect(russian?.title).toMatch(/[А-Яа-я]/);
      // Every generated IATI id is unique, and the sequence continues after the explicit ids.
      const max = await db
        .selectFrom("projects")
        .select((eb) => eb.fn.max("id").as("id"))
        .executeTakeFirstOrThrow();
      const next = await db
        .insertInto("projects")
        .values({
          organization_id: donor.organization_id!,
          title: "t",
          summary: "s",
          dac_code: "16063",
          status: "active",
          start_date: "2025-01-01",
          budget: "1",
          currency: "USD",
          iati_identifier: "XM-NEXT-1",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      expect(next.id).toBe(Number(max.id) + 1);
    },
    120_000,
  );

  it(
    "tells a believable story: distinct titles naming the countries, statuses agreeing with " +
      "dates, every invoice state, proposals waiting for each demo user, a duplicate pair",
    async () => {
      // A database of its own: the one of this suite already holds the first test's demo.
      const own = await createTestDatabase(use().mode);
      try {
        await believableStory(own.db);
      } finally {
        await own.close();
      }
    },
    180_000,
  );

  async function believableStory(db: Kysely<Database>) {
    const today = "2026-06-15";
    await generateDemoData(db, { seed: 2012, today });

    // No two projects and no two needs share a title.
    const titles = async (table: "projects" | "needs") =>
      (await db.selectFrom(table).select("title").execute()).map((r) => r.title);
    for (const table of ["projects", "needs"] as const) {
      const all = await titles(table);
      expect(all.length).toBeGreaterThan(100);
      expect(new Set(all).size).toBe(all.length);
    }
    // Each project's title names every country it covers, regional ones included (in its language).
    const covered = await db
      .selectFrom("projects as p")
      .innerJoin("project_countries as pc", "pc.project_id", "p.id")
      .innerJoin("countries as c", "c.iso3", "pc.country_iso3")
      .select(["p.id", "p.title", "p.language", "c.name_en", "c.name_ru"])
      .execute();
    const unnamed = covered.filter((r) => !r.title.includes(r.language === "ru" ? r.name_ru : r.name_en));
    expect(unnamed).toEqual([]);
    const regional = new Set(covered.map((r) => r.id).filter((id, i, ids) => ids.indexOf(id) !== i));
    expect(regional.size).toBeGreaterThan(10);

    // Statuses agree with the dates, relative to the day of generation.
    const projects = await db.selectFrom("projects").select(["status", "start_date", "end_date"]).execute();
    const wrong = projects.filter((p) => {
      if (p.status === "completed") return !(p.end_date !== null && p.end_date < today);
      if (p.status === "active") return !(p.start_date <= today && (p.end_date === null || p.end_date >= today));
      if (p.status === "pipeline") return !(p.start_date > today);
      return false;
    });
    expect(wrong).toEqual([]);
    expect(new Set(projects.map((p) => p.status))).toEqual(new Set(["active", "pipeline", "completed", "cancelled"]));

    // Pledges and invoices in every state, with payments, made through the funding domain (audited).
    const invoices = await db
      .selectFrom("invoices")
      .select(["id", "status", "due_date", "replaces_invoice_id"])
      .execute();
    expect(new Set(invoices.map((i) => i.status))).toEqual(new Set(["draft", "issued", "partly_paid", "paid", "void"]));
    const replaced = invoices.find((i) => i.replaces_invoice_id !== null);
    expect(invoices.find((i) => i.id === replaced?.replaces_invoice_id)?.status).toBe("void");
    expect(invoices.some((i) => i.status === "issued" && i.due_date !== null && i.due_date < today)).toBe(true);
    expect(
      Number(
        (
          await db
            .selectFrom("invoice_payments")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBeGreaterThanOrEqual(2);
    expect(
      Number(
        (
          await db
            .selectFrom("pledges")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBeGreaterThanOrEqual(3);
    const audited = await db
      .selectFrom("audit_log")
      .select("action")
      .distinct()
      .where("action", "in", ["pledge.create", "invoice.void", "invoice.issue"])
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);

    // A duplicate pair of two donors' projects, found by the duplicate check.
    const pairs = await db
      .selectFrom("duplicate_pairs as d")
      .innerJoin("projects as a", "a.id", "d.project_a_id")
      .innerJoin("projects as b", "b.id", "d.project_b_id")
      .select(["a.organization_id as a_org", "b.organization_id as b_org"])
      .where("d.status", "=", "candidate")
      .execute();
    expect(pairs.some((p) => p.a_org !== p.b_org)).toBe(true);

    // Something waits on each demo user's dashboard: proposals to decide, and the rest of each role's day.
    const users = await db
      .selectFrom("users")
      .select(["id", "email", "role", "organization_id", "country_iso3"])
      .where("is_demo", "=", true)
      .execute();
    const actor = (email: string): Actor => {
      const u = users.find((x) => x.email === email)!;
      return { id: u.id, role: u.role, organizationId: u.organization_id, countryIso3: u.country_iso3?.trim() ?? null };
    };
    const now = new Date(`${today}T09:00:00Z`);
    const queues = async (email: string) =>
      Object.fromEntries((await workQueues(db, actor(email), { now })).map((q) => [q.key, q.count]));
    const donor = await queues("donor@example.org");
    expect(donor.matchesToDecide).toBeGreaterThan(0);
    expect(donor.matchesAwaitingOther).toBeGreaterThan(0);
    expect(donor.similarProjects).toBeGreaterThan(0);
    expect(donor.invoicesDue).toBeGreaterThan(0);
    const beneficiary = await queues("beneficiary@example.org");
    expect(beneficiary.matchesToDecide).toBeGreaterThan(0);
    expect(beneficiary.needCoverage).toBeGreaterThan(0);
    const coordinator = await queues("coordinator@example.org");
    expect(coordinator.matchesToDecide).toBeGreaterThan(0);
    expect(coordinator.duplicates).toBeGreaterThan(0);
    expect(coordinator.draftInvoices).toBeGreaterThan(0);
    expect(coordinator.overdueInvoices).toBeGreaterThan(0);
  }

  it("is deterministic for a seed", async () => {
    const { mode } = use();
    const [a, b] = [await createTestDatabase(mode), await createTestDatabase(mode)];
    try {
      await generateDemoData(a.db, { seed: 5, projects: 120, needs: 90, today: "2026-03-01" });
      await generateDemoData(b.db, { seed: 5, projects: 120, needs: 90, today: "2026-03-01" });
      expect(await fingerprint(a.db)).toBe(await fingerprint(b.db));
      const c = await createTestDatabase(mode);
      try {
        await generateDemoData(c.db, { seed: 6, projects: 120, needs: 90, today: "2026-03-01" });
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
