import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, Locale } from "../../db/schema";
import { can, type Actor } from "../accounts/permissions";
import { FundingError } from "./errors";
import { fromCents, toCents } from "~/money/decimal";

// Pledged vs invoiced vs paid, in US dollars. Each amount is converted at the exchange rate of its
// currency dated on or before its own date, rounded to the cent, and then summed exactly:
//   pledged  - the pledge amount, at its period start;
//   invoiced - the total of each issued, partly paid or paid invoice (drafts and void ones excluded), at its
//              issue date;
//   paid     - each payment received (on any invoice: money received stays received), at its payment date.
// Donor and pillar come from the pledge; the year is that of each amount's own date. This is funding
// announced and collected by the coordination unit: it is never added to project budgets or coverage.

export interface FundingSummaryOptions {
  donorOrganizationId?: number;
  /** Only amounts whose own date falls in this year. */
  year?: number;
  locale?: Locale;
}

const SUMMARY_KINDS = ["pledged", "invoiced", "paid"] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

export interface SummaryItem {
  kind: SummaryKind;
  /** The pledge, invoice or payment id. */
  id: number;
  pledgeId: number;
  donorOrganizationId: number;
  pillarCode: string | null;
  date: string;
  amount: string;
  currency: string;
  /** Null when no rate on or before the date exists: the amount is then left out of the USD totals. */
  usd: string | null;
  /** The date of the rate used; null for US dollars (no conversion) or when missing. */
  rateDate: string | null;
  usdPerUnit: string | null;
}

export interface SummaryRow {
  key: string;
  label: string;
  pledgedUsd: string;
  invoicedUsd: string;
  paidUsd: string;
}

export interface FundingSummary {
  totals: Omit<SummaryRow, "key" | "label">;
  byDonor: SummaryRow[];
  byPillar: SummaryRow[];
  byYear: SummaryRow[];
  items: SummaryItem[];
  /** Every rate used, to show under the table ("EUR at 1.2 (rate of 2026-01-31)"). */
  ratesUsed: Array<{ currency: string; rateDate: string; usdPerUnit: string }>;
  missingRates: SummaryItem[];
}

export const NO_PILLAR = "none";

/** One amount as summaryRows reads it: amounts and rates as decimal text, dates as ISO days. */
const Raw = z.object({
  kind: z.enum(SUMMARY_KINDS),
  id: column.int,
  pledge_id: column.int,
  donor_id: column.int,
  donor_name: column.text,
  pillar_code: column.text.nullable(),
  pillar_name: column.text.nullable(),
  date: column.date,
  amount: column.numeric,
  currency: column.text,
  usd: column.numeric.nullable(),
  rate_date: column.date.nullable(),
  usd_per_unit: column.numeric.nullable(),
});
type Raw = z.infer<typeof Raw>;

export async function fundingSummary(
  db: Kysely<Database>,
  actor: Actor,
  options: FundingSummaryOptions = {},
): Promise<FundingSummary> {
  let donor = options.donorOrganizationId;
  if (!can(actor.role, "invoice:manage")) {
    if (actor.organizationId === null) throw new FundingError("forbidden", "You may not see funding");
    donor = actor.organizationId;
  }
  const locale = options.locale ?? "en";
  const rows = await summaryRows(db, donor, locale, options.year);

  const items = rows.map(toItem);
  const noPillar = locale === "ru" ? "Без привязки к компоненту" : "Not pillar-specific";
  const rates = new Map<string, { currency: string; rateDate: string; usdPerUnit: string }>();
  for (const item of items) {
    if (item.rateDate && item.usdPerUnit)
      rates.set(`${item.currency} ${item.rateDate}`, {
        currency: item.currency,
        rateDate: item.rateDate,
        usdPerUnit: item.usdPerUnit,
      });
  }
  return {
    totals: totalsOf(group(rows, () => ["all", ""])[0]),
    byDonor: group(rows, (r) => [String(r.donor_id), r.donor_name]),
    byPillar: group(rows, (r) => [r.pillar_code ?? NO_PILLAR, r.pillar_name ?? noPillar]),
    byYear: group(rows, (r) => [r.date.slice(0, 4), r.date.slice(0, 4)]),
    items,
    ratesUsed: [...rates.values()].sort(
      (a, b) => a.currency.localeCompare(b.currency) || a.rateDate.localeCompare(b.rateDate),
    ),
    missingRates: items.filter((i) => i.usd === null),
  };
}

/** One row per pledged, invoiced and paid amount, valued in US dollars at its own date's rate. */
async function summaryRows(
  db: Kysely<Database>,
  donor: number | undefined,
  locale: Locale,
  year: number | undefined,
): Promise<Raw[]> {
  const pillarName = locale === "ru" ? sql.ref("pl.name_ru") : sql.ref("pl.name_en");
  return rawRows(
    db,
    "fundingSummary.summaryRows",
    Raw,
    sql`
    WITH pledge_dims AS (
      SELECT p.id, p.organization_id, o.name AS donor_name,
        CASE p.purpose_kind
          WHEN 'pillar' THEN p.pillar_code
          WHEN 'need' THEN (SELECT n.pillar_code FROM needs n WHERE n.id = p.need_id)
          -- A project on several pillars cannot be split honestly: it counts as not pillar-specific.
          WHEN 'project' THEN (
            SELECT CASE WHEN count(*) = 1 THEN min(pp.pillar_code) END
            FROM project_pillars pp WHERE pp.project_id = p.project_id
          )
        END AS pillar_code
      FROM pledges p JOIN organizations o ON o.id = p.organization_id
      WHERE ${donor === undefined ? sql`true` : sql`p.organization_id = ${donor}`}
    ),
    amounts AS (
      SELECT 'pledged' AS kind, p.id, p.id AS pledge_id, p.period_start AS date, p.amount, p.currency FROM pledges p
      UNION ALL
      SELECT 'invoiced', i.id, i.pledge_id, i.issue_date, i.total, i.currency FROM invoices i
        WHERE i.status IN ('issued', 'partly_paid', 'paid')
      UNION ALL
      SELECT 'paid', pay.id, i.pledge_id, pay.paid_on, pay.amount, i.currency
        FROM invoice_payments pay JOIN invoices i ON i.id = pay.invoice_id
    )
    SELECT a.kind, a.id, a.pledge_id, d.organization_id AS donor_id, d.donor_name, d.pillar_code,
      ${pillarName} AS pillar_name,
      a.date, a.amount::text AS amount, trim(a.currency) AS currency,
      CASE WHEN a.currency = 'USD' THEN a.amount ELSE round(a.amount * r.usd_per_unit, 2) END::numeric(18, 2)::text
        AS usd,
      CASE WHEN a.currency = 'USD' THEN NULL ELSE r.rate_date END AS rate_date,
      CASE WHEN a.currency = 'USD' THEN '1' ELSE trim_scale(r.usd_per_unit)::text END AS usd_per_unit
    FROM amounts a
    JOIN pledge_dims d ON d.id = a.pledge_id
    LEFT JOIN pillars pl ON pl.code = d.pillar_code
    LEFT JOIN LATERAL (
      SELECT er.rate_date, er.usd_per_unit FROM exchange_rates er
      WHERE er.currency = a.currency AND er.rate_date <= a.date
      ORDER BY er.rate_date DESC LIMIT 1
    ) r ON a.currency <> 'USD'
    WHERE ${year === undefined ? sql`true` : sql`extract(year FROM a.date) = ${year}`}
    ORDER BY a.date, a.kind, a.id
  `,
  );
}

function toItem(r: Raw): SummaryItem {
  return {
    kind: r.kind,
    id: r.id,
    pledgeId: r.pledge_id,
    donorOrganizationId: r.donor_id,
    pillarCode: r.pillar_code,
    date: r.date,
    amount: r.amount,
    currency: r.currency,
    usd: r.usd,
    rateDate: r.rate_date,
    usdPerUnit: r.usd === null ? null : r.usd_per_unit,
  };
}

function totalsOf(row: SummaryRow | undefined): FundingSummary["totals"] {
  return {
    pledgedUsd: row?.pledgedUsd ?? "0.00",
    invoicedUsd: row?.invoicedUsd ?? "0.00",
    paidUsd: row?.paidUsd ?? "0.00",
  };
}

/** Sums in BigInt cents, so that totals are exact whatever the number of rows. */
function group(rows: Raw[], keyOf: (r: Raw) => [string, string]): SummaryRow[] {
  const groups = new Map<string, { label: string; sums: Record<SummaryKind, bigint> }>();
  for (const r of rows) {
    const [key, label] = keyOf(r);
    const g = groups.get(key) ?? { label, sums: { pledged: 0n, invoiced: 0n, paid: 0n } };
    if (r.usd !== null) g.sums[r.kind] += toCents(r.usd);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .map(([key, g]) => ({
      key,
      label: g.label,
      pledgedUsd: fromCents(g.sums.pledged),
      invoicedUsd: fromCents(g.sums.invoiced),
      paidUsd: fromCents(g.sums.paid),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
