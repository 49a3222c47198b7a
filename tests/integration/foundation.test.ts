import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, generateDemoData } from "../../db/demo/generate";
import { migrateToLatest } from "../../db/migrate";
import { loadReferenceData } from "../../db/seed/reference-data";
import { listPartners, listPillars, listRoutes, publicCounts } from "~/reference/reference.server";
import { loader as healthz } from "~/routes/healthz";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { describeEachDatabase } from "../support/database";

describeEachDatabase("foundation", (use) => {
  it("migrates to the latest version and is idempotent", async () => {
    expect(await migrateToLatest(use().db)).toEqual([]);
  });

  it("loads the reference data, and loading it again changes nothing", async () => {
    const { db } = use();
    const before = await publicCounts(db);
    const counts = await loadReferenceData(db);
    expect(await publicCounts(db)).toEqual(before);
    expect(before).toEqual({ partnerCountries: 58, partnerOrganizations: 23, routes: 3, pillars: 4 });
    expect(counts.capacityAreas).toBe(27);
    expect(counts.routeMemberships).toBe(43);
    expect(counts.exchangeRates).toBeGreaterThanOrEqual(13);
    const countries = await db
      .selectFrom("countries")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(countries.n)).toBeGreaterThanOrEqual(249);
  });

  it("names countries in English and Russian, Kosovo included", async () => {
    const { db } = use();
    const tjk = await db.selectFrom("countries").selectAll().where("iso3", "=", "TJK").executeTakeFirstOrThrow();
    expect(tjk).toMatchObject({ iso2: "TJ", name_en: "Tajikistan", name_ru: "Таджикистан", is_partner: true });
    const kosovo = await db.selectFrom("countries").selectAll().where("iso3", "=", "XKX").executeTakeFirstOrThrow();
    expect(kosovo.name_ru).toBe("Косово");
  });

  it("returns money as exact decimal strings, never floats", async () => {
    const { db } = use();
    const eur = await db
      .selectFrom("exchange_rates")
      .select(["usd_per_unit", "rate_date"])
      .where("currency", "=", "EUR")
      .executeTakeFirstOrThrow();
    expect(typeof eur.usd_per_unit).toBe("string");
    expect(eur.rate_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const { rows } = await sql<{ v: string }>`SELECT (0.1::numeric + 0.2::numeric) AS v`.execute(db);
    expect(rows[0].v).toBe("0.3");
  });

  it("serves the public pages' data in both languages", async () => {
    const { db } = use();
    const [pillarsEn, pillarsRu] = await Promise.all([listPillars(db, "en"), listPillars(db, "ru")]);
    expect(pillarsEn.map((p) => p.code)).toEqual(["I", "II", "III", "IV"]);
    expect(pillarsEn[1].dacCodes.map((d) => d.code)).toEqual(["15113", "15130"]);
    expect(pillarsRu[1].name).toBe("Незаконные финансовые потоки");
    const routes = await listRoutes(db, "en");
    const balkan = routes.find((r) => r.code === "balkan")!;
    expect(balkan.countries[0]).toMatchObject({ iso3: "AFG", role: "origin", position: 1 });
    // A country on several routes appears on each.
    expect(routes.filter((r) => r.countries.some((c) => c.iso3 === "PAK")).map((r) => r.code)).toEqual([
      "balkan",
      "southern",
    ]);
    const partners = await listPartners(db, "ru");
    expect(partners.countries.find((c) => c.iso3 === "IRN")?.routes).toEqual(["balkan", "southern"]);
  });

  it("creates deterministic demo data once", async () => {
    const { db } = use();
    const first = await generateDemoData(db, { seed: 7 });
    expect(first.created).toBe(true);
    const second = await generateDemoData(db, { seed: 7 });
    expect(second.created).toBe(false);
    const users = await db
      .selectFrom("users")
      .select(["email", "role", "status"])
      .where("is_demo", "=", true)
      .orderBy("id")
      .execute();
    expect(users.map((u) => u.email)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(["donor", "beneficiary", "coordinator", "admin"]));
    const beneficiaries = await db
      .selectFrom("organizations")
      .select("name")
      .where("kind", "=", "beneficiary_agency")
      .orderBy("id")
      .execute();
    expect(beneficiaries.length).toBeGreaterThan(30);
  });

  it("reports health through /healthz: 200 with the database up", async () => {
    const { db, mode } = use();
    const response = (await healthz({
      request: new Request("http://localhost/healthz"),
      params: {},
      context: { db, dbMode: mode, search: new EmbeddedSearchEngine(db), secureCookies: false },
    } as never)) as Response;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      database: { ok: true, mode },
      search: { engine: "embedded", ok: true },
    });
  });
});

describe("healthz with the database down", () => {
  it("answers 503", async () => {
    const { openDatabase } = await import("../../db/client");
    // Nothing listens on loopback port 1: the connection is refused at once.
    const handle = await openDatabase({ databaseUrl: "postgres://adam@127.0.0.1:1/adam", poolSize: 1 });
    const response = (await healthz({
      request: new Request("http://localhost/healthz"),
      params: {},
      context: { db: handle.db, dbMode: "postgres", search: new EmbeddedSearchEngine(handle.db), secureCookies: false },
    } as never)) as Response;
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "down", database: { ok: false } });
    await handle.close();
  });
});
