import { sql, type Expression, type ExpressionBuilder, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { projectReachesCountry, projectServesPillar } from "~/matches/fit.server";
import { NEW_WITHIN_DAYS, QUEUE_PREVIEW } from "./queue";

// The dashboard's SQL. Each queue is one query: the newest few rows, each carrying the count of the
// whole queue (a window count), so a queue costs one round trip whatever its size.

export interface QueueRow {
  id: number;
  title: string;
  date: string | null;
  /** Rows in the whole queue (the same on every row). */
  total: string;
  overdue?: boolean;
}

export interface QueueRows {
  count: number;
  rows: QueueRow[];
}

async function queue(query: { execute(): Promise<QueueRow[]> }): Promise<QueueRows> {
  const rows = await query.execute();
  return { count: Number(rows[0]?.total ?? 0), rows };
}

/** The whole queue's size, on every row. */
const queueTotal = () => sql<string>`count(*) OVER ()`.as("total");
/** The calendar day (UTC) of a timestamp, as text. */
const utcDay = (at: Expression<Date>) => sql<string>`(${at} AT TIME ZONE 'UTC')::date::text`;
const asDate = (day: string) => sql<string>`${day}::date`;
/** The first day of "new": `NEW_WITHIN_DAYS` before today (a date; typed as what it is compared with). */
const newSince = <Day extends Date | string>(today: string) => sql<Day>`${today}::date - ${NEW_WITHIN_DAYS}::int`;

/** Duplicate candidates no coordinator has decided yet, newest found first. */
export function duplicateCandidates(db: Kysely<Database>) {
  return queue(
    db
      .selectFrom("duplicate_pairs as d")
      .innerJoin("projects as pa", "pa.id", "d.project_a_id")
      .innerJoin("projects as pb", "pb.id", "d.project_b_id")
      .select((eb) => [
        "d.id",
        sql<string>`${eb.ref("pa.title")} || ' ↔ ' || ${eb.ref("pb.title")}`.as("title"),
        utcDay(eb.ref("d.detected_at")).as("date"),
        queueTotal(),
      ])
      .where("d.status", "=", "candidate")
      .orderBy("d.detected_at", "desc")
      .orderBy("d.id", "desc")
      .limit(QUEUE_PREVIEW),
  );
}

/** Pending duplicate pairs with one of the organization's projects; the entry is its own project. */
export function similarProjectsOf(db: Kysely<Database>, organizationId: number) {
  return queue(
    db
      .selectFrom("duplicate_pairs as d")
      .innerJoin("projects as pa", "pa.id", "d.project_a_id")
      .innerJoin("projects as pb", "pb.id", "d.project_b_id")
      .innerJoin("projects as own", (join) =>
        join.on((eb) =>
          eb(
            "own.id",
            "=",
            eb.case().when("pa.organization_id", "=", organizationId).then(eb.ref("pa.id")).else(eb.ref("pb.id")).end(),
          ),
        ),
      )
      .select((eb) => ["own.id", "own.title", utcDay(eb.ref("d.detected_at")).as("date"), queueTotal()])
      .where("d.status", "=", "candidate")
      .where((eb) =>
        eb.or([eb("pa.organization_id", "=", organizationId), eb("pb.organization_id", "=", organizationId)]),
      )
      .orderBy("d.detected_at", "desc")
      .orderBy("d.id", "desc")
      .limit(QUEUE_PREVIEW),
  );
}

/** Drafts not yet issued, newest first. */
export function draftInvoices(db: Kysely<Database>) {
  return queue(
    db
      .selectFrom("invoices as i")
      .select((eb) => ["i.id", "i.bill_to_name as title", utcDay(eb.ref("i.created_at")).as("date"), queueTotal()])
      .where("i.status", "=", "draft")
      .orderBy("i.created_at", "desc")
      .orderBy("i.id", "desc")
      .limit(QUEUE_PREVIEW),
  );
}

type InvoiceExpressions = ExpressionBuilder<Database & { i: Database["invoices"] }, "i">;

/** Whether invoice `i` is past its due date on `today` (isOverdue's rule in invoices.server.ts). */
const overdueOn = (today: string) => (eb: InvoiceExpressions) =>
  eb.and([eb("i.due_date", "is not", null), eb("i.due_date", "<", asDate(today))]);

/**
 * Open invoices (issued or partly paid) past their due date: isOverdue's rule in invoices.server.ts.
 * With an organization, its invoices that are due at all, the overdue ones marked.
 */
export function openInvoices(
  db: Kysely<Database>,
  today: string,
  options: { billedTo?: number; overdueOnly: boolean },
) {
  let query = db
    .selectFrom("invoices as i")
    .select((eb) => [
      "i.id",
      // Only issued invoices are listed, and every issued invoice has its number.
      sql<string>`${eb.ref("i.number")} || ' — ' || ${eb.ref("i.bill_to_name")}`.as("title"),
      eb.cast<string | null>("i.due_date", "text").as("date"),
      // PostgreSQL answers a boolean (SqlBool also allows the 0/1 of other databases).
      overdueOn(today)(eb).$castTo<boolean>().as("overdue"),
      queueTotal(),
    ])
    .where("i.status", "in", ["issued", "partly_paid"]);
  if (options.overdueOnly) query = query.where(overdueOn(today));
  if (options.billedTo !== undefined) query = query.where("i.bill_to_organization_id", "=", options.billedTo);
  return queue(
    query
      .orderBy("i.due_date", (ob) => ob.desc().nullsLast())
      .orderBy("i.id", "desc")
      .limit(QUEUE_PREVIEW),
  );
}

/** How many of the organization's open invoices are overdue (beside the queue's total). */
export async function overdueInvoiceCount(
  db: Kysely<Database>,
  today: string,
  organizationId: number,
): Promise<number> {
  const row = await db
    .selectFrom("invoices as i")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("i.status", "in", ["issued", "partly_paid"])
    .where("i.bill_to_organization_id", "=", organizationId)
    .where(overdueOn(today))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Open or partly met needs listed lately in a country and pillar where the organization has an active or
 * planned project.
 */
export function newNeedsForDonor(db: Kysely<Database>, organizationId: number, today: string) {
  return queue(
    db
      .with("works", (qb) =>
        qb
          .selectFrom("project_gap_facts as f")
          .select(["f.country_iso3", "f.pillar_code"])
          .distinct()
          .where("f.organization_id", "=", organizationId)
          .where("f.status", "in", ["active", "pipeline"]),
      )
      .selectFrom("needs as n")
      .innerJoin("works as w", (join) =>
        join.onRef("w.country_iso3", "=", "n.country_iso3").onRef("w.pillar_code", "=", "n.pillar_code"),
      )
      .select((eb) => ["n.id", "n.title", utcDay(eb.ref("n.created_at")).as("date"), queueTotal()])
      .where("n.status", "in", ["open", "partially_met"])
      .where("n.created_at", ">=", newSince<Date>(today))
      .orderBy("n.created_at", "desc")
      .orderBy("n.id", "desc")
      .limit(QUEUE_PREVIEW),
  );
}

/** The organization's projects still marked active after their end date, latest end first. */
export function endedStillActive(db: Kysely<Database>, organizationId: number, today: string) {
  return queue(
    db
      .selectFrom("projects as p")
      .select((eb) => ["p.id", "p.title", eb.cast<string | null>("p.end_date", "text").as("date"), queueTotal()])
      .where("p.organization_id", "=", organizationId)
      .where("p.status", "=", "active")
      .where("p.end_date", "<", asDate(today))
      .orderBy("p.end_date", "desc")
      .orderBy("p.id", "desc")
      .limit(QUEUE_PREVIEW),
  );
}

/** The country's needs by status (withdrawn ones left out). */
export async function needStatusCounts(
  db: Kysely<Database>,
  countryIso3: string,
): Promise<Record<"open" | "partially_met" | "met", number>> {
  const rows = await db
    .selectFrom("needs")
    .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("country_iso3", "=", countryIso3)
    .where("status", "in", ["open", "partially_met", "met"])
    .groupBy("status")
    .execute();
  const counts = { open: 0, partially_met: 0, met: 0 };
  for (const r of rows) counts[r.status as keyof typeof counts] = Number(r.n);
  return counts;
}

/**
 * The country's open or partly met needs for which the suggestions find nothing: no active or
 * planned project reaches the need's country under its pillar (fit.server.ts, the rule the
 * suggestions and the proposals use) other than those already proposed or confirmed for it.
 */
export function needsWithoutSuggestion(db: Kysely<Database>, countryIso3: string) {
  return queue(
    db
      .selectFrom("needs as n")
      .select((eb) => ["n.id", "n.title", utcDay(eb.ref("n.created_at")).as("date"), queueTotal()])
      .where("n.country_iso3", "=", countryIso3)
      .where("n.status", "in", ["open", "partially_met"])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("projects as p")
              .select(sql.lit(1).as("one"))
              .where("p.status", "in", ["active", "pipeline"])
              .where((inner) => projectReachesCountry(inner.ref("p.id"), inner.ref("n.country_iso3")))
              .where((inner) => projectServesPillar(inner.ref("p.id"), inner.ref("n.pillar_code")))
              .where(({ not: none, exists: any, selectFrom: from }) =>
                none(
                  any(
                    from("matches as m")
                      .select(sql.lit(1).as("one"))
                      .whereRef("m.need_id", "=", "n.id")
                      .whereRef("m.project_id", "=", "p.id")
                      .where("m.status", "in", ["proposed", "confirmed"]),
                  ),
                ),
              ),
          ),
        ),
      )
      .orderBy("n.created_at", "desc")
      .orderBy("n.id", "desc")
      .limit(QUEUE_PREVIEW),
  );
}

/** Active projects reaching the country (regional ones too) that started lately, latest start first. */
export function newlyActiveProjects(db: Kysely<Database>, countryIso3: string, today: string) {
  return queue(
    db
      .selectFrom("projects as p")
      .select((eb) => ["p.id", "p.title", eb.cast<string>("p.start_date", "text").as("date"), queueTotal()])
      .where("p.status", "=", "active")
      .where("p.start_date", "<=", asDate(today))
      .where("p.start_date", ">=", newSince<string>(today))
      .where((eb) => projectReachesCountry(eb.ref("p.id"), countryIso3))
      .orderBy("p.start_date", "desc")
      .orderBy("p.id", "desc")
      .limit(QUEUE_PREVIEW),
  );
}

/** The gap cells a user marked seen last, and when. */
export async function seenCells(
  db: Kysely<Database>,
  userId: number,
): Promise<{ cells: Set<string>; seenAt: Date } | null> {
  const row = await db
    .selectFrom("dashboard_visits")
    .select(["flagged_cells", "seen_at"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ? { cells: new Set(row.flagged_cells), seenAt: new Date(row.seen_at) } : null;
}

export async function saveSeenCells(db: Kysely<Database>, userId: number, cells: string[], now: Date): Promise<void> {
  await db
    .insertInto("dashboard_visits")
    .values({ user_id: userId, flagged_cells: cells, seen_at: now })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ flagged_cells: cells, seen_at: now }))
    .execute();
}
