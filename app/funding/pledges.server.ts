import { sql, type Kysely, type Selectable } from "kysely";
import type { Database, PledgePurposeKind, PledgesTable } from "../../db/schema";
import { can, type Actor } from "../accounts/permissions";
import { FundingError } from "./errors";
import { fromCents, toCents } from "~/money/decimal";

// Pledges: a donor's announcement of funding. A promise, not money: it is shown apart from project
// budgets and need coverage, and only invoices and payments say what was asked for and received.
//
// This file reads them: the Pledge the pages and the API show (with what is invoiced on it), the list's
// filters and pages, one pledge. Announcing and editing a pledge are in pledge-announce.server.ts, the
// form's input and its checks in pledge-input.server.ts.

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

/** One pledge with its details, whoever asks (getPledge checks the reader): what a write returns. */
export async function loadPledge(db: Kysely<Database>, pledgeId: number): Promise<Pledge> {
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
