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
export async function listAudit(db: Kysely<Database>, filters: AuditFilters) {
  let query = db.selectFrom("audit_log as a").leftJoin("users as u", "u.id", "a.actor_user_id");
  if (filters.entityType) query = query.where("a.entity_type", "=", filters.entityType);
  if (filters.action) query = query.where("a.action", "like", `${escapeLike(filters.action)}%`);
  if (filters.actorId) query = query.where("a.actor_user_id", "=", filters.actorId);
  if (filters.actor) {
    const like = `%${escapeLike(filters.actor)}%`;
    query = query.where((eb) => eb.or([eb("u.full_name", "ilike", like), eb("u.email", "ilike", like)]));
  }
  if (filters.from) query = query.where("a.at", ">=", new Date(`${filters.from}T00:00:00Z`));
  if (filters.to) query = query.where("a.at", "<", new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000));
  const [rows, total, entityTypes] = await Promise.all([
    query
      .select(["a.id", "a.at", "a.action", "a.entity_type", "a.entity_id", "a.before", "a.after", "a.ip", "u.full_name as actor_name", "u.email as actor_email"])
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
