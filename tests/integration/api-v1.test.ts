import type { AppLoadContext } from "@remix-run/node";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "~/accounts/api-tokens.server";
import { ENDPOINTS } from "~/api/endpoints.server";
import { scanProject } from "~/duplicates/detect.server";
import { makeActor, makeOrganization, type TestActor, makeNeed, makeProject } from "../support/factories";
import { requestContext } from "../support/requests";
import { API_PATHS, callApi, type Credentials } from "../support/api";
import { describeEachDatabase } from "../support/database";

// API v1 end to end through its route modules, on a real database: who gets what, the filters,
// both languages, money as strings, keyset pages while records are added, tokens, errors, the
// rate limit and the OpenAPI document. Every answer is checked against its published schema
// (tests/support/api.ts).

// The gap view is every member's (donors decide where to fund from it); duplicates stay with the unit.
const STAFF_ONLY = ["/api/v1/duplicates"];

describeEachDatabase("API v1", (use) => {
  let context: AppLoadContext;
  const actors: Record<"donor" | "beneficiary" | "coordinator" | "admin", TestActor> = {} as never;
  const tokens: Record<string, string> = {};
  const ids: Record<string, number> = {};

  const call = (path: string, credentials?: Credentials, method?: string) =>
    callApi(context, path, credentials, method);
  const tokenFor = async (actor: TestActor, name = "test") =>
    (await createApiToken(use().db, actor.userId, name, "127.0.0.1")).token;

  beforeAll(async () => {
    const { db, mode } = use();
    context = requestContext(db, mode);
    const donorOrg = await makeOrganization(db, "donor_agency", "NOR");
    const otherOrg = await makeOrganization(db, "donor_agency", "DEU");
    const beneficiaryOrg = await makeOrganization(db, "beneficiary_agency", "TJK");
    const unit = await db
      .selectFrom("organizations")
      .select("id")
      .where("kind", "=", "coordination_unit")
      .executeTakeFirstOrThrow();
    actors.donor = await makeActor(db, "donor", { organizationId: donorOrg.id, countryIso3: "NOR" });
    actors.beneficiary = await makeActor(db, "beneficiary", {
      organizationId: beneficiaryOrg.id,
      countryIso3: "TJK",
    });
    actors.coordinator = await makeActor(db, "coordinator", { organizationId: unit.id });
    actors.admin = await makeActor(db, "admin", { organizationId: unit.id });
    for (const [role, actor] of Object.entries(actors)) tokens[role] = await tokenFor(actor);
    ids.donorOrg = donorOrg.id;
    ids.otherOrg = otherOrg.id;
    ids.fiu = await makeProject(db, {
      organizationId: donorOrg.id,
      title: "FIU analysts in Tajikistan",
      countries: ["TJK"],
      pillars: ["II"],
      capacityAreas: ["II.1"],
      start: "2024-01-01",
      end: "2024-12-31",
      budget: "1234567.89",
      currency: "EUR",
    });
    ids.labs = await makeProject(db, {
      organizationId: otherOrg.id,
      title: "Forensic labs",
      countries: ["AFG", "PAK"],
      pillars: ["III"],
      status: "pipeline",
      start: "2026-01-01",
    });
    ids.scanners = await makeNeed(db, {
      organizationId: beneficiaryOrg.id,
      country: "TJK",
      pillar: "II",
      priority: "critical",
      cost: "50000.00",
      currency: "USD",
      title: "Scanners",
    });
    ids.uncosted = await makeNeed(db, {
      organizationId: beneficiaryOrg.id,
      country: "TJK",
      pillar: "III",
      priority: "low",
      cost: null,
      title: "Training",
    });
    const match = await db
      .insertInto("matches")
      .values({
        need_id: ids.scanners,
        project_id: ids.fiu,
        status: "confirmed",
        proposed_by: actors.donor.userId,
        proposed_side: "donor",
        amount: "1000.50",
        currency: "EUR",
        amount_usd: "1100.55",
        rate_date: "2026-01-02",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.match = match.id;
    const pledge = await db
      .insertInto("pledges")
      .values({
        organization_id: donorOrg.id,
        amount: "250000.00",
        currency: "EUR",
        period_start: "2026-01-01",
        period_end: "2026-12-31",
        purpose_kind: "country",
        country_iso3: "TJK",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.pledge = pledge.id;
    const twin = {
      title: "Border management training in Kyrgyzstan",
      summary: "Training for border guards.",
      countries: ["KGZ"],
      pillars: ["I"],
      start: "2030-01-01",
    };
    const a = await makeProject(db, { organizationId: donorOrg.id, ...twin });
    await makeProject(db, { organizationId: otherOrg.id, ...twin });
    await scanProject(db, a);
  }, 60_000);

  it(
    "answers 401 in JSON, with a Bearer challenge, to a " + "request with neither token nor session (the alias too)",
    async () => {
      for (const path of [...API_PATHS, "/api/gaps"]) {
        const answer = await call(path);
        expect(answer.status, path).toBe(401);
        expect(answer.body.error.code, path).toBe("unauthorized");
        expect(answer.headers.get("WWW-Authenticate"), path).toBe('Bearer realm="ADAM"');
      }
    },
  );

  it(
    "answers 401 invalid_token to an unknown, malformed or " + "non-Bearer token, even beside a valid session cookie",
    async () => {
      const cookie = actors.admin.cookie;
      for (const authorization of [
        "Bearer adam_doesnotexist",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        `Bearer ${"x".repeat(500)}`,
        "Bearer adam_a%b",
        "Bearer one two",
        "bearer",
      ]) {
        const answer = await call("/api/v1/projects", { authorization, cookie });
        expect(answer.status, authorization).toBe(401);
        expect(answer.body.error.code).toBe("invalid_token");
        expect(answer.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
      }
    },
  );

  it(
    "lets every member read the member endpoints and the gaps, " +
      "by token or by session, and only staff the duplicates",
    async () => {
      for (const role of ["donor", "beneficiary", "coordinator", "admin"] as const) {
        const staff = role === "coordinator" || role === "admin";
        for (const path of [...API_PATHS, "/api/gaps"]) {
          const expected = STAFF_ONLY.includes(path) && !staff ? 403 : 200;
          const byToken = await call(path, { token: tokens[role] });
          expect(byToken.status, `${path} as ${role} by token`).toBe(expected);
          if (expected === 403) expect(byToken.body.error.code).toBe("forbidden");
          const bySession = await call(path, { cookie: actors[role].cookie });
          expect(bySession.status, `${path} as ${role} by session`).toBe(expected);
        }
      }
    },
  );

  it("refuses a pending account, by session or by token", async () => {
    const pending = await makeActor(use().db, "donor", { status: "pending" });
    expect((await call("/api/v1/projects", { cookie: pending.cookie })).status).toBe(401);
    expect((await call("/api/v1/projects", { token: await tokenFor(pending) })).body.error.code).toBe("invalid_token");
  });

  it("gives projects with both languages of names, money as a string with its currency", async () => {
    const answer = await call(`/api/v1/projects?organization=${ids.donorOrg}&country=TJK`, { token: tokens.donor });
    expect(answer.body.data.map((p: { id: number }) => p.id)).toEqual([ids.fiu]);
    const project = answer.body.data[0];
    expect(project.budget).toEqual({ amount: "1234567.89", currency: "EUR" });
    expect(project.countries).toEqual([{ iso3: "TJK", name: { en: "Tajikistan", ru: "Таджикистан" } }]);
    expect(project.pillars[0].code).toBe("II");
    expect(project.pillars[0].name.en).not.toBe(project.pillars[0].name.ru);
    expect(project.capacityAreas[0].code).toBe("II.1");
    expect(project.organization.id).toBe(ids.donorOrg);
    expect(project).toMatchObject({
      status: "active",
      startDate: "2024-01-01",
      endDate: "2024-12-31",
      language: "en",
      narratives: null,
    });
  });

  it(
    "filters projects as the list page does: pillar, area, " + "country, route, status, organization, year, mine",
    async () => {
      const idsOf = async (query: string, token = tokens.admin) =>
        (await call(`/api/v1/projects?${query}`, { token })).body.data
          .map((p: { id: number }) => p.id)
          .filter((id: number) => id === ids.fiu || id === ids.labs);
      expect(await idsOf("pillar=II")).toEqual([ids.fiu]);
      expect(await idsOf("area=II.1")).toEqual([ids.fiu]);
      expect(await idsOf("country=PAK")).toEqual([ids.labs]);
      // Afghanistan is on every route, Pakistan on the Balkan and southern ones, Tajikistan on the northern.
      expect(await idsOf("route=northern")).toEqual([ids.fiu, ids.labs]);
      expect(await idsOf("route=southern")).toEqual([ids.labs]);
      expect(await idsOf("status=pipeline")).toEqual([ids.labs]);
      expect(await idsOf(`organization=${ids.otherOrg}`)).toEqual([ids.labs]);
      expect(await idsOf("year=2024")).toEqual([ids.fiu]);
      expect(await idsOf("year=2031")).toEqual([ids.labs]);
      expect(await idsOf("mine=1", tokens.donor)).toEqual([ids.fiu]);
      expect(await idsOf("mine=1", tokens.beneficiary)).toEqual([]);
    },
  );

  it("gives needs with bilingual country, pillar and area, a cost or null, and the list's filters", async () => {
    const answer = await call("/api/v1/needs?country=TJK", { token: tokens.beneficiary });
    const byId = new Map(answer.body.data.map((n: { id: number }) => [n.id, n]));
    const scanners = byId.get(ids.scanners) as Record<string, unknown>;
    expect(scanners).toMatchObject({
      priority: "critical",
      status: "open",
      estimatedCost: { amount: "50000.00", currency: "USD" },
    });
    expect(scanners.country).toEqual({ iso3: "TJK", name: { en: "Tajikistan", ru: "Таджикистан" } });
    expect((byId.get(ids.uncosted) as Record<string, unknown>).estimatedCost).toBeNull();
    const critical = await call("/api/v1/needs?priority=critical&pillar=II", { token: tokens.donor });
    expect(critical.body.data.map((n: { id: number }) => n.id)).toEqual([ids.scanners]);
    expect((await call("/api/v1/needs?status=met", { token: tokens.donor })).body.data).toEqual([]);
  });

  it("gives matches with the amount and its USD value as strings, filtered by status, need and project", async () => {
    const answer = await call(`/api/v1/matches?need=${ids.scanners}`, { token: tokens.donor });
    expect(answer.body.data).toHaveLength(1);
    expect(answer.body.data[0]).toMatchObject({
      id: ids.match,
      status: "confirmed",
      amount: { amount: "1000.50", currency: "EUR" },
      amountUsd: { amount: "1100.55", currency: "USD", rateDate: "2026-01-02" },
      need: { id: ids.scanners, country: { iso3: "TJK", name: { en: "Tajikistan", ru: "Таджикистан" } } },
      project: { id: ids.fiu, organization: { id: ids.donorOrg } },
    });
    expect((await call(`/api/v1/matches?project=${ids.labs}`, { token: tokens.donor })).body.data).toEqual([]);
    expect((await call("/api/v1/matches?status=proposed", { token: tokens.donor })).body.data).toEqual([]);
  });

  it("gives pledges with amount, invoiced and remaining as strings, filtered by donor, country and year", async () => {
    const answer = await call(`/api/v1/pledges?donor=${ids.donorOrg}&country=TJK&year=2026`, {
      token: tokens.beneficiary,
    });
    expect(answer.body.data).toHaveLength(1);
    expect(answer.body.data[0]).toMatchObject({
      id: ids.pledge,
      amount: { amount: "250000.00", currency: "EUR" },
      invoiced: { amount: "0.00", currency: "EUR" },
      remaining: { amount: "250000.00", currency: "EUR" },
      purpose: { kind: "country", countryIso3: "TJK" },
    });
    expect((await call(`/api/v1/pledges?year=2025`, { token: tokens.donor })).body.data).toEqual([]);
  });

  it("gives staff the duplicate candidates and the gap matrix, with both country names", async () => {
    const pairs = await call("/api/v1/duplicates?status=candidate", { token: tokens.coordinator });
    expect(pairs.body.data.length).toBe(1);
    expect(pairs.body.data[0].reasons.sharedCountries).toEqual(["KGZ"]);
    expect((await call("/api/v1/duplicates?status=dismissed", { token: tokens.coordinator })).body.data).toEqual([]);
    const matrix = await call("/api/v1/gaps?route=northern&pillar=II&priority=critical&priority=high", {
      token: tokens.admin,
    });
    const tajik = matrix.body.cells.find((c: { countryIso3: string }) => c.countryIso3 === "TJK");
    expect(tajik).toMatchObject({
      countryNameEn: "Tajikistan",
      countryNameRu: "Таджикистан",
      pillarCode: "II",
      needs: 1,
      costUsd: "50000.00",
    });
    expect(matrix.body.filters).toEqual({ route: "northern", pillar: "II", priority: ["critical", "high"] });
    const alias = await call("/api/gaps?route=northern&pillar=II&priority=critical&priority=high", {
      token: tokens.admin,
    });
    expect(alias.body.cells).toEqual(matrix.body.cells);
  });

  it("gives the reference data in both languages: organizations, countries with routes, routes, pillars", async () => {
    const partners = await call("/api/v1/countries?route=balkan&limit=200", { token: tokens.donor });
    const tur = partners.body.data.find((c: { iso3: string }) => c.iso3 === "TUR");
    expect(tur.name.en).toBe("Türkiye");
    expect(tur.name.ru).toMatch(/^Т/);
    expect(tur.routes.map((r: { route: string }) => r.route)).toContain("balkan");
    const routes = await call("/api/v1/routes", { token: tokens.donor });
    expect(routes.body.data.map((r: { code: string }) => r.code).sort()).toEqual(["balkan", "northern", "southern"]);
    const pillars = await call("/api/v1/pillars", { token: tokens.donor });
    expect(pillars.body.data.map((p: { code: string }) => p.code)).toEqual(["I", "II", "III", "IV"]);
    expect(pillars.body.data[0].capacityAreas[0].name.ru).toMatch(/[А-Яа-я]/);
    const orgs = await call(`/api/v1/organizations?kind=donor_agency&country=DEU`, { token: tokens.donor });
    expect(orgs.body.data.map((o: { id: number }) => o.id)).toContain(ids.otherOrg);
    expect(
      orgs.body.data.every(
        (o: { kind: string; countryIso3: string }) => o.kind === "donor_agency" && o.countryIso3 === "DEU",
      ),
    ).toBe(true);
  });

  it("pages with a cursor: no record lost or repeated while records are added between pages", async () => {
    const { db } = use();
    const org = await makeOrganization(db, "donor_agency", "SWE");
    const made = [];
    for (let i = 0; i < 7; i++)
      made.push(
        await makeProject(db, { organizationId: org.id, countries: ["KAZ"], pillars: ["I"], start: "2025-01-01" }),
      );
    const seen: number[] = [];
    let next: string | null = `/api/v1/projects?organization=${org.id}&limit=3`;
    let pages = 0;
    while (next) {
      const answer = await call(next, { token: tokens.donor });
      expect(answer.status).toBe(200);
      expect(answer.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...answer.body.data.map((p: { id: number }) => p.id));
      next = answer.body.page.next;
      if (next) expect(next).toContain(`cursor=${encodeURIComponent(answer.body.page.nextCursor)}`);
      pages += 1;
      // Between the first pages, others add projects (of this donor and of another).
      if (pages <= 2) {
        made.push(
          await makeProject(db, { organizationId: org.id, countries: ["KAZ"], pillars: ["I"], start: "2025-01-01" }),
        );
        await makeProject(db, {
          organizationId: ids.otherOrg,
          countries: ["KAZ"],
          pillars: ["I"],
          start: "2025-01-01",
        });
      }
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(made);
    expect(new Set(seen).size).toBe(9);
  });

  it("answers 400 with each bad parameter named in details, never 500", async () => {
    const cases: Array<[string, string]> = [
      ["/api/v1/projects?pillar=IX", "pillar"],
      ["/api/v1/projects?area=II.x", "area"],
      ["/api/v1/projects?country=tjk", "country"],
      ["/api/v1/projects?status=done", "status"],
      ["/api/v1/projects?organization=99999999999", "organization"],
      ["/api/v1/projects?year=20x4", "year"],
      ["/api/v1/projects?limit=0", "limit"],
      ["/api/v1/projects?limit=201", "limit"],
      ["/api/v1/projects?limit=1e2", "limit"],
      ["/api/v1/projects?cursor=not-a-cursor", "cursor"],
      [`/api/v1/projects?cursor=${Buffer.from('{"after":"x"}').toString("base64url")}`, "cursor"],
      ["/api/v1/projects?colour=red", "colour"],
      ["/api/v1/needs?priority=urgent", "priority"],
      ["/api/v1/matches?need=-1", "need"],
      ["/api/v1/pledges?donor=abc", "donor"],
      ["/api/v1/gaps?from=2026-02-30", "from"],
      ["/api/v1/gaps?from=2026-05-01&to=2026-01-01", "to"],
      ["/api/v1/gaps?priority=critical&priority=soon", "priority.1"],
      ["/api/v1/countries?cursor=" + Buffer.from('{"after":7}').toString("base64url"), "cursor"],
      ["/api/v1/organizations?partner=yes", "partner"],
      ["/api/v1/pillars?page=2", "page"],
    ];
    for (const [path, field] of cases) {
      const answer = await call(path, { token: tokens.admin });
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.code, path).toBe("invalid_parameters");
      expect(
        answer.body.error.details.issues.map((i: { field: string }) => i.field),
        path,
      ).toContain(field);
    }
  });

  it("answers every hostile value of every parameter of every endpoint with 200 or 400, never 500", async () => {
    // Hundreds of requests: this test is not about the rate limit.
    process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
    const hostile = [
      "\u0000",
      "TJK\u0000",
      "a".repeat(5000),
      "-1",
      "0",
      "99999999999",
      "1e309",
      "NaN",
      "../../etc/passwd",
      "' OR 1=1 --",
      "Ω",
      "__proto__",
      "true",
      "2026-13-45",
    ];
    try {
      for (const endpoint of ENDPOINTS) {
        for (const name of [...Object.keys(endpoint.query.shape), "__proto__"]) {
          for (const value of hostile) {
            const answer = await call(`${endpoint.path}?${new URLSearchParams({ [name]: value })}`, {
              token: tokens.admin,
            });
            expect([200, 400], `${endpoint.path}?${name}=${JSON.stringify(value).slice(0, 40)}`).toContain(
              answer.status,
            );
          }
        }
      }
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    }
  }, 120_000);

  it("says errors in the caller's language", async () => {
    const { db } = use();
    await db.updateTable("users").set({ locale: "ru" }).where("id", "=", actors.beneficiary.userId).execute();
    const answer = await call("/api/v1/projects?pillar=IX", { token: tokens.beneficiary });
    expect(answer.body.error.message).toBe("Некоторые параметры неверны.");
    expect(answer.body.error.details.issues[0].message).toMatch(/[А-Яа-я]/);
    await db.updateTable("users").set({ locale: "en" }).where("id", "=", actors.beneficiary.userId).execute();
  });

  it("answers 405 to other methods and 404 in JSON to unknown paths", async () => {
    for (const path of [...API_PATHS, "/api/gaps", "/api/v1/openapi.json"]) {
      const answer = await call(path, { token: tokens.admin }, "POST");
      expect(answer.status, path).toBe(405);
      expect(answer.body.error.code).toBe("method_not_allowed");
      expect(answer.headers.get("Allow")).toBe("GET, HEAD");
    }
    const missing = await call("/api/v1/invoices", { token: tokens.admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });

  it("answers 429 with Retry-After past the per-token limit, and counts each token apart", async () => {
    const previous = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    try {
      const first = await tokenFor(actors.donor, "burst");
      const second = await tokenFor(actors.donor, "other");
      for (let i = 0; i < 3; i++) expect((await call("/api/v1/pillars", { token: first })).status).toBe(200);
      const refused = await call("/api/v1/pillars", { token: first });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe("rate_limited");
      const retryAfter = Number(refused.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.error.details.retryAfterSeconds).toBe(retryAfter);
      expect((await call("/api/v1/pillars", { token: second })).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = previous;
    }
  });

  it(
    "stores only the token's hash, records its last use " + "at most once a minute, and stops it when revoked",
    async () => {
      const { db } = use();
      const created = await createApiToken(db, actors.donor.userId, "CI", "127.0.0.1");
      const row = await db.selectFrom("api_tokens").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(created.token.slice(5));
      expect(row.last_used_at).toBeNull();
      expect((await call("/api/v1/pillars", { token: created.token })).status).toBe(200);
      const used = await db
        .selectFrom("api_tokens")
        .select("last_used_at")
        .where("id", "=", created.id)
        .executeTakeFirstOrThrow();
      expect(used.last_used_at).not.toBeNull();
      expect((await call("/api/v1/pillars", { token: created.token })).status).toBe(200);
      const again = await db
        .selectFrom("api_tokens")
        .select("last_used_at")
        .where("id", "=", created.id)
        .executeTakeFirstOrThrow();
      expect(again.last_used_at?.getTime()).toBe(used.last_used_at?.getTime());
      // Another member cannot revoke it; its owner can, and then it is refused.
      await expect(revokeApiToken(db, actors.beneficiary.userId, created.id, "127.0.0.1")).rejects.toMatchObject({
        code: "not_found",
      });
      await revokeApiToken(db, actors.donor.userId, created.id, "127.0.0.1");
      expect((await call("/api/v1/pillars", { token: created.token })).body.error.code).toBe("invalid_token");
      const audit = await db
        .selectFrom("audit_log")
        .select(["action", "after", "before"])
        .where("entity_type", "=", "api_token")
        .where("entity_id", "=", String(created.id))
        .orderBy("id")
        .execute();
      expect(audit.map((a) => a.action)).toEqual(["api_token.create", "api_token.revoke"]);
      expect(JSON.stringify(audit)).not.toContain(created.token);
    },
  );

  it(
    "stops a suspended owner's tokens, and acts with the " + "owner's role: a donor's token never reads staff data",
    async () => {
      const { db } = use();
      const owner = await makeActor(db, "coordinator", { organizationId: actors.coordinator.organizationId });
      const token = await tokenFor(owner);
      expect((await call("/api/v1/duplicates", { token })).status).toBe(200);
      await db.updateTable("users").set({ status: "suspended" }).where("id", "=", owner.userId).execute();
      expect((await call("/api/v1/duplicates", { token })).body.error.code).toBe("invalid_token");
      // Demoted to donor and active again: the token now has a donor's rights, no more.
      await db.updateTable("users").set({ status: "active", role: "donor" }).where("id", "=", owner.userId).execute();
      expect((await call("/api/v1/duplicates", { token })).status).toBe(403);
    },
  );

  it("publishes a valid OpenAPI 3.1 document describing every endpoint", async () => {
    const answer = await call("/api/v1/openapi.json");
    expect(answer.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(answer.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(Object.keys(answer.body.paths).sort()).toEqual([...API_PATHS].sort());
    const projects = answer.body.paths["/api/v1/projects"].get;
    expect(projects.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["cursor", "limit", "pillar", "country", "mine"]),
    );
    expect(Object.keys(projects.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "429"]));
    expect(answer.body.components.schemas.Error).toBeDefined();
  });
});
