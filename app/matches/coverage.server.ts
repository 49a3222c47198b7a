import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { writeAudit } from "~/accounts/audit.server";
import { convertToUsd, ratesAsOf } from "~/money/exchange.server";
import { computeCoverage, deriveNeedStatus, type Coverage } from "./coverage";

// One need's coverage read from the database (its cost and confirmed matches, converted at the day's
// rates) and the need status kept in step with it. The rule itself is coverage.ts; this is apart from the
// match workflow because the need pages read coverage too.

type Db = Kysely<Database> | Transaction<Database>;

/** Coverage of one need at the rates used on `asOf` (same rule as the gap analysis). */
export async function coverageOf(
  db: Db,
  needId: number,
  asOf: string,
): Promise<Coverage & { rateDate: string | null }> {
  const need = await db
    .selectFrom("needs")
    .select(["estimated_cost", "currency"])
    .where("id", "=", needId)
    .executeTakeFirstOrThrow();
  const confirmed = await db
    .selectFrom("matches")
    .select(["amount", "currency"])
    .where("need_id", "=", needId)
    .where("status", "=", "confirmed")
    .execute();
  const rates = await ratesAsOf(db as Kysely<Database>, asOf);
  const usd = (amount: string, currency: string) => convertToUsd(rates, amount, currency).usd;
  const costUsd = need.estimated_cost && need.currency ? usd(need.estimated_cost, need.currency) : null;
  const confirmedUsd = confirmed.filter((m) => m.amount && m.currency).map((m) => usd(m.amount!, m.currency!));
  const rateDate = need.currency ? (rates.get(need.currency.trim())?.rateDate ?? null) : null;
  return { ...computeCoverage(costUsd, confirmedUsd), rateDate };
}

/** Keeps the need's status column in step with its confirmed matches. */
export async function refreshNeedStatus(
  db: Db,
  needId: number,
  asOf: string,
  actorId: number | null,
  ip: string | null,
): Promise<void> {
  const need = await db.selectFrom("needs").select(["status"]).where("id", "=", needId).executeTakeFirstOrThrow();
  const coverage = await coverageOf(db, needId, asOf);
  const status = deriveNeedStatus(need.status === "withdrawn", coverage);
  if (status === need.status) return;
  await db.updateTable("needs").set({ status, updated_at: new Date() }).where("id", "=", needId).execute();
  await writeAudit(db as Kysely<Database>, {
    actorUserId: actorId,
    action: "need.status_derived",
    entityType: "need",
    entityId: needId,
    before: { status: need.status },
    after: { status, coverage_usd: coverage.coverageUsd, unmet_usd: coverage.unmetUsd },
    ip,
  });
}
