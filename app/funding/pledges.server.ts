import { sql, type Kysely, type Selectable } from "kysely";
import { z } from "zod";
import type { Database, PledgePurposeKind, PledgesTable } from "../../db/schema";
import { writeAudit } from "../accounts/audit.server";
import { actsForOrganization, can, type Actor } from "../accounts/permissions";
import { inTransaction } from "~/utils/transaction.server";
import { because, FundingError, parseInput } from "./errors";
import type { Refusal } from "~/errors/domain-error";
import { isoDateSchema as dateSchema } from "~/forms/dates";
import { currencySchema, moneySchema } from "~/money/amount";
import { fromCents, toCents } from "~/money/decimal";

// Pledges: a donor's announcement of funding. A promise, not money: it is shown apart from project
// budgets and need coverage, and only invoices and payments say what was asked for and received.

const id = z.coerce.number().int().positive();

/** Flat, so that one HTML form maps onto it field by field. */
export const pledgeInputSchema = z
  .object({
    organizationId: id,
    amount: moneySchema,
    currency: currencySchema,
    periodStart: dateSchema,
    periodEnd: dateSchema,
    purposeKind: z.enum(["programme", "pillar", "country", "project", "need"]),
    pillarCode: z.string().trim().optional(),
    countryIso3: z.string().trim().toUpperCase().length(3).optional(),
    projectId: id.optional(),
    needId: id.optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.periodEnd < p.periodStart)
      ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "funding.periodOrder" });
    const needed = { pillar: "pillarCode", country: "countryIso3", project: "projectId", need: "needId" } as const;
    if (p.purposeKind !== "programme" && p[needed[p.purposeKind]] === undefined) {
      ctx.addIssue({ code: "custom", path: [needed[p.purposeKind]], message: "funding.purposeMissing" });
    }
  });

export type PledgeInput = z.input<typeof pledgeInputSchema>;

export interface Pledge {
  id: number;
  organizationId: number;
  organizationName: string;
  amount: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  purposeKind: PledgePurposeKind;
  pillarCode: string | null;
  countryIso3: string | null;
  projectId: number | null;
  needId: number | null;
  note: string | null;
  /** Total of the pledge's issued, paid and draft invoices (void ones free their amount). */
  invoiced: string;
  /** What is left to invoice. */
  remaining: string;
  version: number;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The sum of the pledge's non-void invoices (drafts included: they reserve their amount). */
export async function invoicedOnPledge(
  db: Kysely<Database>,
  pledgeId: number,
  exceptInvoiceId?: number,
): Promise<string> {
  let query = db
    .selectFrom("invoices")
    .select(sql<string>`coalesce(sum(total), 0)::numeric(18, 2)::text`.as("invoiced"))
    .where("pledge_id", "=", pledgeId)
    .where("status", "<>", "void");
  if (exceptInvoiceId !== undefined) query = query.where("id", "<>", exceptInvoiceId);
  return (await query.executeTakeFirstOrThrow()).invoiced;
}

export async function createPledge(db: Kysely<Database>, actor: Actor, input: PledgeInput): Promise<Pledge> {
  const p = parseInput(pledgeInputSchema, input);
  authorize(actor, p.organizationId);
  return inTransaction(db, async (trx) => {
    await checkReferences(trx, p);
    const row = await trx
      .insertInto("pledges")
      .values({ ...toColumns(p), created_by: actor.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "pledge.create",
      entityType: "pledge",
      entityId: row.id,
      after: row,
    });
    return loadPledge(trx, row.id);
  });
}

/** Replaces a pledge's fields. Refused as `stale` when `expectedVersion` is not the current one. */
export async function updatePledge(
  db: Kysely<Database>,
  actor: Actor,
  pledgeId: number,
  expectedVersion: number,
  input: PledgeInput,
): Promise<Pledge> {
  const p = parseInput(pledgeInputSchema, input);
  return inTransaction(db, async (trx) => {
    // The lock also keeps a concurrent invoice draft from slipping under a reduced amount.
    const before = await trx
      .selectFrom("pledges")
      .selectAll()
      .where("id", "=", pledgeId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new FundingError("not_found", "No such pledge");
    authorize(actor, before.organization_id);
    authorize(actor, p.organizationId);
    if (before.version !== expectedVersion) {
      throw new FundingError("stale", "Someone changed this pledge since you opened it", {
        details: { currentVersion: before.version },
      });
    }
    const invoiced = await invoicedOnPledge(trx, pledgeId);
    if (toCents(invoiced) > 0n) {
      if (p.organizationId !== before.organization_id || p.currency !== before.currency.trim()) {
        throw new FundingError("pledge_invoiced", "The donor and currency of an invoiced pledge cannot change", {
          fields:
            p.currency !== before.currency.trim()
              ? { currency: because("form.invalid", "Already invoiced in this currency") }
              : { organizationId: because("form.invalid", "Already invoiced to this donor") },
        });
      }
      if (toCents(p.amount) < toCents(invoiced)) {
        throw new FundingError("below_invoiced", "The amount cannot be less than what is already invoiced", {
          fields: { amount: because("funding.error.belowInvoiced", `At least ${invoiced} is already invoiced`) },
          details: { invoiced },
        });
      }
    }
    await checkReferences(trx, p);
    const after = await trx
      .updateTable("pledges")
      .set({ ...toColumns(p), version: before.version + 1, updated_at: new Date() })
      .where("id", "=", pledgeId)
      .where("version", "=", expectedVersion)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "pledge.update",
      entityType: "pledge",
      entityId: pledgeId,
      before,
      after,
    });
    return loadPledge(trx, pledgeId);
  });
}

export interface PledgeFilters {
  donorOrganizationId?: number;
  /** The pledge's pillar, or that of the need or project it is for. */
  pillarCode?: string;
  /** The pledge's country, or that of the need or project it is for. */
  countryIso3?: string;
  /** Pledges whose period overlaps this calendar year. */
  year?: number;
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Coordinators and admins see every pledge; anyone else only their own organization's. */
export async function listPledges(
  db: Kysely<Database>,
  actor: Actor,
  filters: PledgeFilters = {},
): Promise<Page<Pledge>> {
  const page = Math.max(1, Math.floor(filters.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(filters.pageSize ?? 50)));
  // Announcements are for every member to see (a pledge is a public promise among the
  // partners, shown apart from commitments); who may create, edit or invoice them is checked elsewhere.
  void actor;
  const query = applyPledgeFilters(pledgesFrom(db), filters);
  const [{ n }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    withDetails(query)
      .orderBy("p.period_start", "desc")
      .orderBy("p.id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { items: rows.map(toPledge), total: Number(n), page, pageSize };
}

/** The list's filters on a query of pledges (alias p): the page, the API and the exports share them. */
export function applyPledgeFilters(base: PledgeQuery, filters: PledgeFilters): PledgeQuery {
  const donor = filters.donorOrganizationId;
  let query = base;
  if (donor !== undefined) query = query.where("p.organization_id", "=", donor);
  if (filters.year !== undefined) {
    query = query
      .where("p.period_start", "<=", `${filters.year}-12-31`)
      .where("p.period_end", ">=", `${filters.year}-01-01`);
  }
  if (filters.pillarCode) {
    const code = filters.pillarCode;
    query = query.where(({ or, eb, exists, selectFrom }) =>
      or([
        eb("p.pillar_code", "=", code),
        exists(
          selectFrom("needs as n").select("n.id").whereRef("n.id", "=", "p.need_id").where("n.pillar_code", "=", code),
        ),
        exists(
          selectFrom("project_pillars as pp")
            .select("pp.project_id")
            .whereRef("pp.project_id", "=", "p.project_id")
            .where("pp.pillar_code", "=", code),
        ),
      ]),
    );
  }
  if (filters.countryIso3) {
    const iso3 = filters.countryIso3.toUpperCase();
    query = query.where(({ or, eb, exists, selectFrom }) =>
      or([
        eb("p.country_iso3", "=", iso3),
        exists(
          selectFrom("needs as n").select("n.id").whereRef("n.id", "=", "p.need_id").where("n.country_iso3", "=", iso3),
        ),
        exists(
          selectFrom("project_countries as pc")
            .select("pc.project_id")
            .whereRef("pc.project_id", "=", "p.project_id")
            .where("pc.country_iso3", "=", iso3),
        ),
      ]),
    );
  }
  return query;
}

/** Pledges after `afterId` in id order, `limit` of them: the API's keyset pages. */
export async function listPledgesAfter(
  db: Kysely<Database>,
  filters: PledgeFilters,
  afterId: number | undefined,
  limit: number,
): Promise<Pledge[]> {
  let query = withDetails(applyPledgeFilters(pledgesFrom(db), filters));
  if (afterId !== undefined) query = query.where("p.id", ">", afterId);
  return (await query.orderBy("p.id").limit(limit).execute()).map(toPledge);
}

export async function getPledge(db: Kysely<Database>, actor: Actor, pledgeId: number): Promise<Pledge> {
  const pledge = await loadPledge(db, pledgeId);
  if (!can(actor.role, "invoice:manage") && actor.organizationId !== pledge.organizationId) {
    throw new FundingError("not_found", "No such pledge");
  }
  return pledge;
}

async function loadPledge(db: Kysely<Database>, pledgeId: number): Promise<Pledge> {
  const row = await withDetails(pledgesFrom(db)).where("p.id", "=", pledgeId).executeTakeFirst();
  if (!row) throw new FundingError("not_found", "No such pledge");
  return toPledge(row);
}

const pledgesFrom = (db: Kysely<Database>) => db.selectFrom("pledges as p");
type PledgeQuery = ReturnType<typeof pledgesFrom>;

function withDetails(query: PledgeQuery) {
  return query
    .innerJoin("organizations as o", "o.id", "p.organization_id")
    .selectAll("p")
    .select("o.name as organization_name")
    .select((eb) =>
      eb
        .selectFrom("invoices as i")
        .select(sql<string>`coalesce(sum(i.total), 0)::numeric(18, 2)::text`.as("s"))
        .whereRef("i.pledge_id", "=", "p.id")
        .where("i.status", "<>", "void")
        .as("invoiced"),
    );
}

type PledgeRow = Selectable<PledgesTable> & { organization_name: string; invoiced: string | null };

function toPledge(r: PledgeRow): Pledge {
  const invoiced = r.invoiced ?? "0.00";
  return {
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    amount: r.amount,
    currency: r.currency.trim(),
    periodStart: r.period_start,
    periodEnd: r.period_end,
    purposeKind: r.purpose_kind,
    pillarCode: r.pillar_code,
    countryIso3: r.country_iso3?.trim() ?? null,
    projectId: r.project_id,
    needId: r.need_id,
    note: r.note,
    invoiced,
    remaining: fromCents(toCents(r.amount) - toCents(invoiced)),
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type ParsedPledge = z.output<typeof pledgeInputSchema>;

function toColumns(p: ParsedPledge) {
  return {
    organization_id: p.organizationId,
    amount: p.amount,
    currency: p.currency,
    period_start: p.periodStart,
    period_end: p.periodEnd,
    purpose_kind: p.purposeKind,
    // Only the reference that the purpose names is kept (the table's check insists on it).
    pillar_code: p.purposeKind === "pillar" ? p.pillarCode! : null,
    country_iso3: p.purposeKind === "country" ? p.countryIso3! : null,
    project_id: p.purposeKind === "project" ? p.projectId! : null,
    need_id: p.purposeKind === "need" ? p.needId! : null,
    note: p.note || null,
  };
}

function authorize(actor: Actor, organizationId: number) {
  if (!can(actor.role, "pledge:create") || !actsForOrganization(actor, organizationId)) {
    throw new FundingError("forbidden", "You may not announce funding for this organization");
  }
}

export const UNKNOWN_CURRENCY = "No exchange rate is known for this currency";

/** Unknown references become field errors rather than foreign-key failures. */
async function checkReferences(db: Kysely<Database>, p: ParsedPledge) {
  const fields: Record<string, Refusal> = {};
  const found = async (
    table: "organizations" | "pillars" | "countries" | "projects" | "needs" | "exchange_rates",
    column: string,
    value: string | number,
  ) =>
    Boolean(
      await db
        .selectFrom(table)
        .select(sql`1`.as("one"))
        .where(sql.ref(column), "=", value)
        .limit(1)
        .executeTakeFirst(),
    );
  if (!(await found("organizations", "id", p.organizationId)))
    fields.organizationId = because("form.choose", "No such organization");
  // Only a currency with a rate can be converted for the totals (every total is in USD at a dated rate).
  if (!(await found("exchange_rates", "currency", p.currency)))
    fields.currency = because("funding.error.unknownCurrency", UNKNOWN_CURRENCY);
  if (p.purposeKind === "pillar" && !(await found("pillars", "code", p.pillarCode!)))
    fields.pillarCode = because("form.choose", "No such pillar");
  if (p.purposeKind === "country" && !(await found("countries", "iso3", p.countryIso3!)))
    fields.countryIso3 = because("form.choose", "No such country");
  if (p.purposeKind === "project" && !(await found("projects", "id", p.projectId!)))
    fields.projectId = because("funding.error.noSuchProject", "No such project");
  if (p.purposeKind === "need" && !(await found("needs", "id", p.needId!)))
    fields.needId = because("funding.error.noSuchNeed", "No such need");
  if (Object.keys(fields).length)
    throw new FundingError("invalid", "The pledge refers to something that does not exist", { fields });
}
