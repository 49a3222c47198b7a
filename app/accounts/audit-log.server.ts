import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface AuditFilters {
  entityType?: string;
  action?: string;
  actorId?: number;
  /** Part of the actor's name or e-mail. */
  actor?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The audit log, newest first, filtered and paginated. */
/** The log's entries that match the filters (with their actor), for the page and its export. */
function filteredAudit(db: Kysely<Database>, filters: Omit<AuditFilters, "page" | "pageSize">) {
  let query = db.selectFrom("audit_log as a").leftJoin("users as u", "u.id", "a.actor_user_id");
  if (filters.entityType) query = query.where("a.entity_type", "=", filters.entityType);
  if (filters.action) query = query.where("a.action", "like", `${escapeLike(filters.action)}%`);
  if (filters.actorId) query = query.where("a.actor_user_id", "=", filters.actorId);
  if (filters.actor) {
    const like = `%${escapeLike(filters.actor)}%`;
    query = query.where((eb) => eb.or([eb("u.full_name", "ilike", like), eb("u.email", "ilike", like)]));
  }
  if (filters.from) query = query.where("a.at", ">=", new Date(`${filters.from}T00:00:00Z`));
  if (filters.to)
    query = query.where("a.at", "<", new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000));
  return query;
}

const AUDIT_COLUMNS = [
  "a.id",
  "a.at",
  "a.action",
  "a.entity_type",
  "a.entity_id",
  "a.before",
  "a.after",
  "a.ip",
  "u.full_name as actor_name",
  "u.email as actor_email",
] as const;

/** One keyset page of the log for an export (id > afterId, by id), with the page's filters. */
export async function listAuditAfter(
  db: Kysely<Database>,
  filters: Omit<AuditFilters, "page" | "pageSize">,
  afterId: number | string,
  limit: number,
) {
  // The log's ids are bigint (read as strings): compared as numbers by PostgreSQL.
  return filteredAudit(db, filters)
    .select(AUDIT_COLUMNS)
    .where("a.id", ">", String(afterId))
    .orderBy("a.id")
    .limit(limit)
    .execute();
}

/** The audit log, newest first, filtered and paginated. */
export async function listAudit(db: Kysely<Database>, filters: AuditFilters) {
  const query = filteredAudit(db, filters);
  const [rows, total, entityTypes] = await Promise.all([
    query
      .select(AUDIT_COLUMNS)
      .orderBy("a.at", "desc")
      .orderBy("a.id", "desc")
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("audit_log").select("entity_type").distinct().orderBy("entity_type").execute(),
  ]);
  return { rows, total: Number(total.n), entityTypes: entityTypes.map((e) => e.entity_type) };
}
