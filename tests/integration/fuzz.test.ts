import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { type TestActor, BANK, ISSUER } from "../support/factories";
import { TEST_CSRF } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { makeWorld, type World } from "../support/fuzz-world";
import { startHttpApp, type HttpApp } from "../support/http-app";

// Hostile input never answers 5xx. Over real HTTP (the whole server: middleware, loaders, actions and
// rendering), every action is posted with a valid form in which one field at a time carries a hostile
// value, and every page that takes parameters is requested with hostile path and query values. Bounded:
// a small corpus per kind of field, so each database takes well under a minute.

const TEXT = ["a\u0000b", "bell\u0007\u0085", "x".repeat(20_000), "\uD800' OR '1'='1<script>"];
const ID = ["2147483648", "99999999999999999999", "-1", "1e3", "1\u0000"];
const DATE = ["2024-02-30", "0000-00-00", "9999-12-31\u0000"];
const AMOUNT = ["9999999999999999.99", "1e9", "-5", "1.234\u0000"];
const CODE = ["XYZ", "\u0000\u0000\u0000", "__proto__", "a".repeat(300)];
const kinds = { text: TEXT, id: ID, date: DATE, amount: AMOUNT, code: CODE } as const;
type Kind = keyof typeof kinds;

type Fields = Record<string, string>;

interface ActionCase {
  name: string;
  path: (w: World) => string;
  as: (w: World) => TestActor | undefined;
  /** A valid form; computed before each request so that versions are current. */
  form: (w: World) => Promise<Fields>;
  /** Which fields get which corpus. */
  fuzz: Record<string, Kind>;
}

async function versionOf(
  db: Kysely<Database>,
  table: "projects" | "needs" | "matches" | "pledges" | "invoices",
  id: number,
): Promise<string> {
  const row = await db.selectFrom(table).select("version").where("id", "=", id).executeTakeFirstOrThrow();
  return String(row.version);
}

async function settingVersion(db: Kysely<Database>, key: string): Promise<string> {
  const row = await db.selectFrom("settings").select("version").where("key", "=", key).executeTakeFirst();
  return row ? String(row.version) : "";
}

const projectForm = (w: World): Fields => ({
  title: "Precursor control training",
  summary: "Training customs officers to identify precursor chemicals.",
  description: "Three courses a year.",
  pillars: "I",
  capacityAreas: "I.1",
  dacCode: "16063",
  countries: "TJK",
  implementingOrganization: "UNODC",
  status: "active",
  startDate: "2026-01-01",
  endDate: "2027-12-31",
  budget: "250000",
  currency: "EUR",
  organizationId: String(w.donor.organizationId),
});
const projectFuzz: Record<string, Kind> = {
  title: "text",
  summary: "text",
  description: "text",
  implementingOrganization: "text",
  iatiIdentifier: "text",
  startDate: "date",
  endDate: "date",
  budget: "amount",
  currency: "code",
  dacCode: "code",
  countries: "code",
  organizationId: "id",
  version: "id",
};

const needForm = (): Fields => ({
  country: "TJK",
  title: "Drug detection dogs",
  description: "Six trained dogs and handlers for the Panj crossing.",
  pillar: "I",
  capacityArea: "I.1",
  priority: "high",
  estimatedCost: "80000",
  currency: "USD",
  wantedStart: "2026-03-01",
  wantedEnd: "2026-12-31",
  recommendation: "EWG Dushanbe 2023, recommendation 4",
});
const needFuzz: Record<string, Kind> = {
  title: "text",
  description: "text",
  recommendation: "text",
  country: "code",
  estimatedCost: "amount",
  currency: "code",
  wantedStart: "date",
  wantedEnd: "date",
  version: "id",
};

const pledgeForm = (w: World): Fields => ({
  organizationId: String(w.donor.organizationId),
  amount: "150000",
  currency: "EUR",
  periodStart: "2026-01-01",
  periodEnd: "2026-12-31",
  purposeKind: "programme",
  note: "Core contribution",
});
const pledgeFuzz: Record<string, Kind> = {
  note: "text",
  amount: "amount",
  currency: "code",
  periodStart: "date",
  periodEnd: "date",
  organizationId: "id",
  projectId: "id",
  needId: "id",
  purposeKind: "code",
  pillarCode: "code",
  countryIso3: "code",
  version: "id",
};

const ACTIONS: ActionCase[] = [
  {
    name: "projects.new",
    path: () => "/projects/new",
    as: (w) => w.donor,
    form: async (w) => projectForm(w),
    fuzz: projectFuzz,
  },
  {
    name: "projects.edit",
    path: (w) => `/projects/${w.ids.otherProject}/edit`,
    as: (w) => w.donor,
    form: async (w) => ({ ...projectForm(w), version: await versionOf(w.db, "projects", w.ids.otherProject) }),
    fuzz: projectFuzz,
  },
  {
    name: "projects.close",
    path: (w) => `/projects/${w.ids.project}`,
    as: (w) => w.donor,
    form: async (w) => ({
      intent: "close",
      status: "completed",
      version: String(Number(await versionOf(w.db, "projects", w.ids.project)) + 1000),
    }),
    fuzz: { intent: "code", status: "code", version: "id" },
  },
  {
    name: "needs.new",
    path: () => "/needs/new",
    as: (w) => w.beneficiary,
    form: async () => needForm(),
    fuzz: needFuzz,
  },
  {
    name: "needs.edit",
    path: (w) => `/needs/${w.ids.need}/edit`,
    as: (w) => w.beneficiary,
    form: async (w) => ({ ...needForm(), version: await versionOf(w.db, "needs", w.ids.need) }),
    fuzz: needFuzz,
  },
  {
    name: "needs.withdraw",
    path: (w) => `/needs/${w.ids.need}`,
    as: (w) => w.beneficiary,
    // A stale version: the need stays open for the other cases.
    form: async (w) => ({
      intent: "withdraw",
      version: String(Number(await versionOf(w.db, "needs", w.ids.need)) + 1000),
    }),
    fuzz: { intent: "code", version: "id" },
  },
  {
    name: "matches.propose",
    path: () => "/matches",
    as: (w) => w.donor,
    form: async (w) => ({
      needId: String(w.ids.need),
      projectId: String(w.ids.otherProject),
      note: "Fits the need",
      redirectTo: "/matches",
    }),
    fuzz: { needId: "id", projectId: "id", note: "text", redirectTo: "text" },
  },
  {
    name: "matches.decide",
    path: (w) => `/matches/${w.ids.match}`,
    as: (w) => w.coordinator,
    // Rejecting with a stale version keeps the match open for the next request.
    form: async (w) => ({
      decision: "confirm",
      amount: "100",
      currency: "USD",
      note: "ok",
      version: String(Number(await versionOf(w.db, "matches", w.ids.match)) + 1000),
    }),
    fuzz: { decision: "code", amount: "amount", currency: "code", note: "text", version: "id" },
  },
  {
    name: "duplicates.decide",
    path: (w) => `/duplicates/${w.ids.pair}`,
    as: (w) => w.coordinator,
    form: async () => ({ decision: "complementary", note: "Different districts" }),
    fuzz: { decision: "code", note: "text", version: "id" },
  },
  {
    name: "pledges.new",
    path: () => "/pledges/new",
    as: (w) => w.donor,
    form: async (w) => pledgeForm(w),
    fuzz: pledgeFuzz,
  },
  {
    name: "pledges.edit",
    path: (w) => `/pledges/${w.ids.pledge}/edit`,
    as: (w) => w.donor,
    form: async (w) => ({ ...pledgeForm(w), version: await versionOf(w.db, "pledges", w.ids.pledge) }),
    fuzz: pledgeFuzz,
  },
  {
    name: "invoices.new",
    path: (w) => `/invoices/new?pledge=${w.ids.pledge}`,
    as: (w) => w.coordinator,
    form: async (w) => ({
      pledgeId: String(w.ids.pledge),
      amount: "10",
      language: "en",
      billToAddress: "Oslo",
      dueDate: "2027-01-31",
    }),
    fuzz: { pledgeId: "id", amount: "amount", language: "code", billToAddress: "text", dueDate: "date" },
  },
  {
    name: "invoices.edit",
    path: (w) => `/invoices/${w.ids.draft}`,
    as: (w) => w.coordinator,
    form: async (w) => ({
      intent: "edit",
      version: await versionOf(w.db, "invoices", w.ids.draft),
      "lines[0].description": "Contribution",
      "lines[0].quantity": "1",
      "lines[0].unitPrice": "1000",
      language: "en",
      billToName: "Ministry",
      billToAddress: "Oslo",
      dueDate: "2027-01-31",
    }),
    fuzz: {
      intent: "code",
      version: "id",
      "lines[0].description": "text",
      "lines[0].quantity": "amount",
      "lines[0].unitPrice": "amount",
      billToName: "text",
      billToAddress: "text",
      dueDate: "date",
    },
  },
  {
    name: "invoices.pay",
    path: (w) => `/invoices/${w.ids.issued}`,
    as: (w) => w.coordinator,
    form: async () => ({ intent: "pay", amount: "1", paidOn: "2025-12-31", bankReference: "TRX-1" }),
    fuzz: { intent: "code", amount: "amount", paidOn: "date", bankReference: "text" },
  },
  {
    name: "invoices.void",
    path: (w) => `/invoices/${w.ids.issued}`,
    as: (w) => w.coordinator,
    form: async (w) => ({
      intent: "void",
      reason: "Wrong amount",
      version: String(Number(await versionOf(w.db, "invoices", w.ids.issued)) + 1000),
    }),
    fuzz: { intent: "code", reason: "text", version: "id" },
  },
  {
    name: "admin.invoicing.issuer",
    path: () => "/admin/invoicing",
    as: (w) => w.admin,
    form: async (w) => ({
      intent: "issuer",
      version: await settingVersion(w.db, "invoicing.issuer"),
      ...ISSUER,
      website: "https://example.org",
    }),
    fuzz: { intent: "code", version: "id", name: "text", address: "text", email: "text", website: "text" },
  },
  {
    name: "admin.invoicing.bank",
    path: () => "/admin/invoicing",
    as: (w) => w.admin,
    form: async (w) => ({
      intent: "bank",
      version: await settingVersion(w.db, "invoicing.bank"),
      ...BANK,
      note: "Quote the reference",
    }),
    fuzz: {
      accountHolder: "text",
      bankName: "text",
      bankAddress: "text",
      iban: "text",
      accountNumber: "text",
      swift: "text",
      note: "text",
      version: "id",
    },
  },
  {
    name: "admin.requests.reject",
    path: () => "/admin/requests",
    as: (w) => w.coordinator,
    form: async () => ({ intent: "reject", requestId: "2147483647", reason: "Unknown applicant" }),
    fuzz: { intent: "code", requestId: "id", reason: "text" },
  },
  {
    name: "admin.requests.approve",
    path: () => "/admin/requests",
    as: (w) => w.coordinator,
    form: async (w) => ({
      intent: "approve",
      requestId: "2147483647",
      role: "donor",
      organization: String(w.donor.organizationId),
    }),
    fuzz: { requestId: "id", role: "code", organization: "id", newOrganizationName: "text" },
  },
  {
    name: "admin.users",
    path: () => "/admin/users",
    as: (w) => w.admin,
    form: async (w) => ({ intent: "role", userId: String(w.ids.member), role: "donor" }),
    fuzz: { intent: "code", userId: "id", role: "code" },
  },
  {
    name: "profile",
    path: () => "/profile",
    as: (w) => w.donor,
    form: async () => ({ intent: "profile", fullName: "Ingrid Hansen", locale: "en" }),
    fuzz: { intent: "code", fullName: "text", locale: "code" },
  },
  {
    name: "join",
    path: () => "/join",
    as: () => undefined,
    form: async (w) => ({
      fullName: "New Applicant",
      email: `fuzz-${Math.random().toString(36).slice(2)}@example.org`,
      organization: String(w.donor.organizationId),
      role: "donor",
      country: "NOR",
      justification: "Our agency funds border projects.",
      password: "an unusual passphrase for fuzzing 7",
    }),
    fuzz: {
      fullName: "text",
      email: "text",
      organization: "id",
      newOrganizationName: "text",
      country: "code",
      justification: "text",
      role: "code",
    },
  },
  {
    name: "login",
    path: () => "/login",
    as: () => undefined,
    form: async () => ({ email: "nobody@example.org", password: "wrong password", redirectTo: "/dashboard" }),
    fuzz: { email: "text", redirectTo: "text" },
  },
  {
    name: "language",
    path: () => "/language",
    as: () => undefined,
    form: async () => ({ locale: "ru", redirectTo: "/" }),
    fuzz: { locale: "code", redirectTo: "text" },
  },
];

/** Pages with parameters, and the parameters each reads: each value of the corpus goes into each. */
const PAGES: Array<{ path: (w: World) => string; query: Record<string, Kind> }> = [
  {
    path: () => "/projects",
    query: {
      page: "id",
      pillar: "code",
      area: "code",
      country: "code",
      route: "code",
      organization: "id",
      year: "id",
      status: "code",
      sort: "code",
      mine: "code",
    },
  },
  {
    path: () => "/needs",
    query: {
      page: "id",
      pillar: "code",
      country: "code",
      organization: "id",
      year: "id",
      status: "code",
      priority: "code",
      sort: "code",
    },
  },
  {
    path: () => "/search",
    query: { q: "text", type: "code", country: "code", organization: "id", year: "id", sort: "code", page: "id" },
  },
  {
    path: () => "/gaps",
    query: { route: "code", pillar: "code", priority: "code", from: "date", to: "date", cell: "code" },
  },
  { path: () => "/gaps.csv", query: { route: "code", from: "date", to: "date" } },
  { path: () => "/api/gaps", query: { pillar: "code", from: "date", to: "date" } },
  { path: () => "/funding", query: { year: "id", donor: "id" } },
  { path: () => "/pledges", query: { donor: "id", year: "id", pillar: "code", country: "code", page: "id" } },
  { path: () => "/invoices", query: { status: "code", donor: "id", year: "id", page: "id" } },
  { path: () => "/matches", query: { status: "code", page: "id" } },
  { path: () => "/duplicates", query: { status: "code", page: "id" } },
  { path: () => "/admin/users", query: { q: "text", status: "code", role: "code", organization: "id", page: "id" } },
  {
    path: () => "/admin/audit",
    query: { entity: "text", action: "text", actor: "text", from: "date", to: "date", page: "id" },
  },
  { path: () => "/admin/requests", query: { page: "id" } },
  { path: () => "/invoices/new", query: { pledge: "id" } },
  { path: () => "/login", query: { redirectTo: "text" } },
  // Exports, the API, the consultative mechanism and notifications (added this stop).
  {
    path: () => "/projects.csv",
    query: { pillar: "code", country: "code", organization: "id", year: "id", status: "code" },
  },
  { path: () => "/needs.csv", query: { pillar: "code", country: "code", priority: "code", status: "code" } },
  { path: () => "/pledges.csv", query: { donor: "id", year: "id", country: "code" } },
  { path: () => "/admin/audit.csv", query: { entity: "text", action: "text", from: "date", to: "date" } },
  { path: () => "/api/v1/projects", query: { cursor: "text", limit: "id", pillar: "code", country: "code" } },
  { path: () => "/api/v1/needs", query: { cursor: "text", limit: "id", priority: "code", status: "code" } },
  { path: () => "/recommendations", query: { pillar: "code", meeting: "id", route: "code", country: "code" } },
  { path: () => "/recommendations.csv", query: { pillar: "code", meeting: "id", route: "code", country: "code" } },
  { path: () => "/meetings", query: { pillar: "code", year: "id" } },
  { path: () => "/notifications", query: { page: "id", unread: "code" } },
  { path: () => "/dashboard", query: { seen: "text" } },
  { path: (w) => `/projects/${w.ids.project}`, query: { saved: "text", proposed: "text" } },
  { path: (w) => `/invoices/${w.ids.draft}`, query: { done: "text" } },
];

/** Paths whose id segment gets every hostile id (and a few more). */
const ID_PATHS = [
  "/projects/:id",
  "/projects/:id/edit",
  "/needs/:id",
  "/needs/:id/edit",
  "/matches/:id",
  "/duplicates/:id",
  "/invoices/:id",
  "/invoices/:id.pdf",
  "/pledges/:id/edit",
  "/countries/:id",
];

describeEachDatabase("hostile input never answers 5xx", (use) => {
  let world: World;
  let server: HttpApp;
  const failures: string[] = [];
  let requests = 0;

  beforeAll(async () => {
    world = await makeWorld(use().db);
    server = await startHttpApp(use());
  });
  afterAll(async () => server?.close());

  async function send(
    method: string,
    path: string,
    actor: TestActor | undefined,
    body?: URLSearchParams,
    what = "",
  ): Promise<void> {
    requests += 1;
    const cookie = actor ? actor.cookie : `adam_csrf=${TEST_CSRF}`;
    const response = await fetch(`${server.base}${path}`, {
      method,
      redirect: "manual",
      headers: { cookie, ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    await response.arrayBuffer();
    if (response.status >= 500) failures.push(`${method} ${path.slice(0, 120)} ${what} → ${response.status}`);
  }

  function encode(fields: Fields): URLSearchParams {
    const body = new URLSearchParams();
    body.set("csrf", TEST_CSRF);
    for (const [key, value] of Object.entries(fields)) body.append(key, value);
    return body;
  }

  it("every action, one hostile field at a time", async () => {
    failures.length = 0;
    requests = 0;
    for (const action of ACTIONS) {
      for (const [field, kind] of Object.entries(action.fuzz)) {
        for (const value of kinds[kind]) {
          const form = await action.form(world);
          await send(
            "POST",
            action.path(world),
            action.as(world),
            encode({ ...form, [field]: value }),
            `${field}=${JSON.stringify(value.slice(0, 24))}`,
          );
        }
      }
      // The same field twice, and an unknown intent or field: a form is not always what the page sent.
      const form = await action.form(world);
      const doubled = encode(form);
      for (const [key, value] of Object.entries(form)) doubled.append(key, value);
      await send("POST", action.path(world), action.as(world), doubled, "every field twice");
      await send(
        "POST",
        action.path(world),
        action.as(world),
        encode({ ...form, intent: "__proto__", "__proto__[x]": "1" }),
        "intent=__proto__",
      );
    }
    expect(failures, `${failures.length} of ${requests} requests answered 5xx`).toEqual([]);
  }, 240_000);

  it("every page with parameters, one hostile value at a time", async () => {
    failures.length = 0;
    requests = 0;
    for (const page of PAGES) {
      for (const [name, kind] of Object.entries(page.query)) {
        for (const value of kinds[kind]) {
          await send("GET", `${page.path(world)}?${new URLSearchParams({ [name]: value })}`, world.admin);
        }
      }
    }
    for (const template of ID_PATHS) {
      for (const value of [...ID, "%00", "..%2F..%2Fetc", "TJK%00", "a".repeat(500)]) {
        const segment = /^[A-Za-z0-9%.]+$/.test(value) ? value : encodeURIComponent(value);
        await send("GET", template.replace(":id", segment), world.admin);
      }
    }
    // (fetch cannot send TRACE or CONNECT: tests/integration/http-methods.test.ts sends them raw.)
    for (const method of ["PROPFIND", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      for (const path of ["/projects", `/invoices/${world.ids.draft}`, "/gaps.csv", "/join"])
        await send(method, path, world.admin, undefined, method);
    }
    expect(failures, `${failures.length} of ${requests} requests answered 5xx`).toEqual([]);
  }, 240_000);
});
