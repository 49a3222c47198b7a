import type { Kysely } from "kysely";
import type { Database, MatchStatus } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { awaitingOthers, decidableBy, ownMatches } from "./decide-rule";

// The one home of match-listing SQL.

export interface MatchFilters {
  status?: MatchStatus;
  needId?: number;
  projectId?: number;
  /** Only the proposals this actor may decide. */
  awaiting?: Actor;
  /** Only this actor's organization's matches (a donor's projects, a beneficiary's country's needs). */
  ownedBy?: Actor;
  /** Only this actor's organization's proposals that wait for someone else's decision. */
  awaitingOthersOf?: Actor;
  page: number;
  pageSize: number;
}

function base(db: Kysely<Database>) {
  return db
    .selectFrom("matches as m")
    .innerJoin("needs as n", "n.id", "m.need_id")
    .innerJoin("projects as p", "p.id", "m.project_id")
    .innerJoin("organizations as po", "po.id", "p.organization_id")
    .innerJoin("countries as c", "c.iso3", "n.country_iso3");
}

const COLUMNS = [
  "m.id",
  "m.status",
  "m.proposed_side",
  "m.amount",
  "m.currency",
  "m.amount_usd",
  "m.rate_date",
  "m.note",
  "m.decision_note",
  "m.version",
  "m.created_at",
  "m.decided_at",
  "n.id as need_id",
  "n.title as need_title",
  "n.country_iso3",
  "n.estimated_cost",
  "n.currency as need_currency",
  "n.status as need_status",
  "c.name_en as country_en",
  "c.name_ru as country_ru",
  "p.id as project_id",
  "p.title as project_title",
  "p.organization_id as project_organization_id",
  "po.name as donor_name",
] as const;

export function applyMatchFilters(query: ReturnType<typeof base>, filters: Omit<MatchFilters, "page" | "pageSize">) {
  let q = query;
  if (filters.status) q = q.where("m.status", "=", filters.status);
  if (filters.needId) q = q.where("m.need_id", "=", filters.needId);
  if (filters.projectId) q = q.where("m.project_id", "=", filters.projectId);
  if (filters.awaiting) q = q.where(decidableBy(filters.awaiting));
  if (filters.ownedBy) q = q.where(ownMatches(filters.ownedBy));
  if (filters.awaitingOthersOf) q = q.where(awaitingOthers(filters.awaitingOthersOf));
  return q;
}

export async function listMatches(db: Kysely<Database>, filters: MatchFilters) {
  const query = applyMatchFilters(base(db), filters);
  const [rows, total] = await Promise.all([
    query
      .select(COLUMNS)
      .orderBy("m.created_at", "desc")
      .orderBy("m.id", "desc")
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function getMatch(db: Kysely<Database>, id: number) {
  return base(db).select(COLUMNS).where("m.id", "=", id).executeTakeFirst();
}

export type MatchRow = NonNullable<Awaited<ReturnType<typeof getMatch>>>;

/** Matches after `afterId` in id order, `limit` of them: the keyset pages of the API and the exports. */
export async function listMatchesAfter(
  db: Kysely<Database>,
  filters: Omit<MatchFilters, "page" | "pageSize">,
  afterId: number | undefined,
  limit: number,
) {
  let query = applyMatchFilters(base(db), filters).select(COLUMNS).select(["n.pillar_code", "m.updated_at"]);
  if (afterId !== undefined) query = query.where("m.id", ">", afterId);
  return query.orderBy("m.id").limit(limit).execute();
}
