import { sql, type Kysely, type RawBuilder } from "kysely";
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

async function queue(db: Kysely<Database>, query: RawBuilder<QueueRow>): Promise<QueueRows> {
  const { rows } = await query.execute(db);
  return { count: Number(rows[0]?.total ?? 0), rows };
}

const newSince = (today: string) => sql`${today}::date - ${NEW_WITHIN_DAYS}::int`;

/** Duplicate candidates no coordinator has decided yet, newest found first. */
export function duplicateCandidates(db: Kysely<Database>) {
  return queue(
    db,
    sql<QueueRow>`
      SELECT d.id, pa.title || ' ↔ ' || pb.title AS title, (d.detected_at AT TIME ZONE 'UTC')::date::text AS date,
             count(*) OVER () AS total
      FROM duplicate_pairs d
      JOIN projects pa ON pa.id = d.project_a_id
      JOIN projects pb ON pb.id = d.project_b_id
      WHERE d.status = 'candidate'
      ORDER BY d.detected_at DESC, d.id DESC
      LIMIT ${QUEUE_PREVIEW}`,
  );
}

/** Pending duplicate pairs with one of the organization's projects; the entry is its own project. */
export function similarProjectsOf(db: Kysely<Database>, organizationId: number) {
  return queue(
    db,
    sql<QueueRow>`
      SELECT own.id, own.title, (d.detected_at AT TIME ZONE 'UTC')::date::text AS date, count(*) OVER () AS total
      FROM duplicate_pairs d
      JOIN projects pa ON pa.id = d.project_a_id
      JOIN projects pb ON pb.id = d.project_b_id
      JOIN projects own ON own.id = CASE WHEN pa.organization_id = ${organizationId} THEN pa.id ELSE pb.id END
      WHERE d.status = 'candidate'
        AND (pa.organization_id = ${organizationId} OR pb.organization_id = ${organizationId})
      ORDER BY d.detected_at DESC, d.id DESC
      LIMIT ${QUEUE_PREVIEW}`,
  );
}

/** Drafts not yet issued, newest first. */
export function draftInvoices(db: Kysely<Database>) {
  return queue(
    db,
    sql<QueueRow>`
      SELECT i.id, i.bill_to_name AS title, (i.created_at AT TIME ZONE 'UTC')::date::text AS date,
             count(*) OVER () AS total
      FROM invoices i
      WHERE i.status = 'draft'
      ORDER BY i.created_at DESC, i.id DESC
      LIMIT ${QUEUE_PREVIEW}`,
  );
}

/**
 * Open invoices (issued or partly paid) past their due date: isOverdue's rule in invoices.server.ts.
 * With an organization, its invoices that are due at all, the overdue ones marked.
 */
export function openInvoices(
  db: Kysely<Database>,
  today: string,
  options: { billedTo?: number; overdueOnly: boolean },
) {
  const overdue = sql<boolean>`(i.due_date IS NOT NULL AND i.due_date < ${today}::date)`;
  return queue(
    db,
    sql<QueueRow>`
      SELECT i.id, i.number || ' — ' || i.bill_to_name AS title, i.due_date::text AS date, ${overdue} AS overdue,
             count(*) OVER () AS total
      FROM invoices i
      WHERE i.status IN ('issued', 'partly_paid')
        ${options.overdueOnly ? sql`AND ${overdue}` : sql``}
        ${options.billedTo !== undefined ? sql`AND i.bill_to_organization_id = ${options.billedTo}` : sql``}
      ORDER BY i.due_date DESC NULLS LAST, i.id DESC
      LIMIT ${QUEUE_PREVIEW}`,
  );
}

/** How many of the organization's open invoices are overdue (beside the queue's total). */
export async function overdueInvoiceCount(
  db: Kysely<Database>,
  today: string,
  organizationId: number,
): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM invoices i
    WHERE i.status IN ('issued', 'partly_paid') AND i.bill_to_organization_id = ${organizationId}
      AND i.due_date IS NOT NULL AND i.due_date < ${today}::date`.execute(db);
  return Number(rows[0].n);
}

/**
 * Open or partly met needs listed lately in a country and pillar where the organization has an active or
 * planned project.
 */
export function newNeedsForDonor(db: Kysely<Database>, organizationId: number, today: string) {
  return queue(
    db,
    sql<QueueRow>`
      WITH works AS (
        SELECT DISTINCT f.country_iso3, f.pillar_code FROM project_gap_facts f
        WHERE f.organization_id = ${organizationId} AND f.status IN ('active', 'pipeline')
      )
      SELECT n.id, n.title, (n.created_at AT TIME ZONE 'UTC')::date::text AS date, count(*) OVER () AS total
      FROM needs n
      JOIN works w ON w.country_iso3 = n.country_iso3 AND w.pillar_code = n.pillar_code
      WHERE n.status IN ('open', 'partially_met') AND n.created_at >= ${newSince(today)}
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT ${QUEUE_PREVIEW}`,
  );
}

/** The organization's projects still marked active after their end date, latest end first. */
export function endedStillActive(db: Kysely<Database>, organizationId: number, today: string) {
  return queue(
    db,
    sql<QueueRow>`
      SELECT p.id, p.title, p.end_date::text AS date, count(*) OVER () AS total
      FROM projects p
      WHERE p.organization_id = ${organizationId} AND p.status = 'active' AND p.end_date < ${today}::date
      ORDER BY p.end_date DESC, p.id DESC
      LIMIT ${QUEUE_PREVIEW}`,
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
    db,
    sql<QueueRow>`
      SELECT n.id, n.title, (n.created_at AT TIME ZONE 'UTC')::date::text AS date, count(*) OVER () AS total
      FROM needs n
      WHERE n.country_iso3 = ${countryIso3} AND n.status IN ('open', 'partially_met')
        AND NOT EXISTS (
          SELECT 1 FROM projects p
          WHERE p.status IN ('active', 'pipeline')
            AND ${projectReachesCountry(sql.ref("p.id"), sql.ref("n.country_iso3"))}
            AND ${projectServesPillar(sql.ref("p.id"), sql.ref("n.pillar_code"))}
            AND NOT EXISTS (
              SELECT 1 FROM matches m
              WHERE m.need_id = n.id AND m.project_id = p.id AND m.status IN ('proposed', 'confirmed')
            )
        )
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT ${QUEUE_PREVIEW}`,
  );
}

/** Active projects reaching the country (regional ones too) that started lately, latest start first. */
export function newlyActiveProjects(db: Kysely<Database>, countryIso3: string, today: string) {
  return queue(
    db,
    sql<QueueRow>`
      SELECT p.id, p.title, p.start_date::text AS date, count(*) OVER () AS total
      FROM projects p
      WHERE p.status = 'active' AND p.start_date <= ${today}::date AND p.start_date >= ${newSince(today)}
        AND ${projectReachesCountry(sql.ref("p.id"), countryIso3)}
      ORDER BY p.start_date DESC, p.id DESC
      LIMIT ${QUEUE_PREVIEW}`,
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
