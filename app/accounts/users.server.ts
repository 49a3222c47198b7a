import { sql, type Kysely } from "kysely";
import type { Database, Locale, Role, UserStatus } from "../../db/schema";
import { inTransaction } from "~/utils/transaction.server";
import { DomainError } from "~/errors/domain-error";
import type { MessageKey } from "~/i18n";
import { writeAudit } from "./audit.server";
import { hashPassword, verifyPassword } from "./password.server";
import { can, type Actor } from "./permissions";
import { assertAcceptablePassword } from "./password-policy.server";
import { hitRateLimit } from "./rate-limit.server";
import { roleFitsOrganization } from "./role-fit";
import { revokeUserSessions } from "./session.server";

// The one home of user-account SQL (besides sign-in and access requests).

export type UserAdminErrorCode =
  "not_found" | "self" | "wrong_password" | "invalid_transition" | "not_allowed" | "rate_limited" | "role_mismatch";

const USER_ADMIN_MESSAGE: Record<UserAdminErrorCode, MessageKey> = {
  not_found: "users.error.not_found",
  self: "users.error.self",
  wrong_password: "profile.wrongPassword",
  invalid_transition: "users.error.invalid_transition",
  not_allowed: "users.error.not_allowed",
  rate_limited: "profile.rateLimited",
  role_mismatch: "users.error.role_mismatch",
};

/** A refused change to an account (a DomainError); a wrong current password is a 400 on its field. */
export class UserAdminError extends DomainError<UserAdminErrorCode> {
  constructor(code: UserAdminErrorCode, message: string) {
    super(code, {
      text: message,
      messageKey: USER_ADMIN_MESSAGE[code],
      ...(code === "wrong_password" ? { field: "currentPassword", status: 400 } : {}),
    });
  }
}

export interface UserFilters {
  q?: string;
  status?: UserStatus;
  role?: Role;
  organizationId?: number;
  page: number;
  pageSize: number;
}

/** The accounts the list shows (pending ones are in the request queue), filtered. */
function filteredUsers(db: Kysely<Database>, filters: Omit<UserFilters, "page" | "pageSize">) {
  let query = db
    .selectFrom("users as u")
    .leftJoin("organizations as o", "o.id", "u.organization_id")
    .where("u.status", "!=", "pending");
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb("u.full_name", "ilike", like), eb("u.email", "ilike", like), eb("o.name", "ilike", like)]),
    );
  }
  if (filters.status) query = query.where("u.status", "=", filters.status);
  if (filters.role) query = query.where("u.role", "=", filters.role);
  if (filters.organizationId) query = query.where("u.organization_id", "=", filters.organizationId);
  return query;
}

const USER_COLUMNS = [
  "u.id",
  "u.full_name",
  "u.email",
  "u.role",
  "u.status",
  "u.country_iso3",
  "u.created_at",
  "o.name as organization_name",
] as const;

/** One keyset page of the list's users for an export (id > afterId, by id), with the list's filters. */
export async function listUsersAfter(
  db: Kysely<Database>,
  filters: Omit<UserFilters, "page" | "pageSize">,
  afterId: number,
  limit: number,
) {
  const query = filteredUsers(db, filters).select(USER_COLUMNS).where("u.id", ">", afterId);
  return query.orderBy("u.id").limit(limit).execute();
}

export async function listUsers(db: Kysely<Database>, filters: UserFilters) {
  const query = filteredUsers(db, filters);
  const [rows, total] = await Promise.all([
    query
      .select(USER_COLUMNS)
      .orderBy("u.full_name")
      .orderBy("u.id")
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

async function setStatus(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  from: UserStatus[],
  to: UserStatus,
  action: string,
  ip: string,
): Promise<{ fullName: string }> {
  if (!can(actor.role, "access:review")) throw new UserAdminError("not_allowed", "You may not change accounts.");
  if (userId === actor.id) throw new UserAdminError("self", "You cannot change your own account's status.");
  return inTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["status", "role", "full_name"])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw new UserAdminError("not_found", "No such user.");
    // Only an administrator may suspend or reactivate an administrator.
    if (user.role === "admin" && actor.role !== "admin")
      throw new UserAdminError("not_allowed", "Only an administrator may change an administrator's account.");
    if (!from.includes(user.status))
      throw new UserAdminError("invalid_transition", `A ${user.status} account cannot be changed this way.`);
    await trx.updateTable("users").set({ status: to, updated_at: new Date() }).where("id", "=", userId).execute();
    // Suspension takes effect at once: every open session ends.
    if (to === "suspended") await revokeUserSessions(trx, userId);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action,
      entityType: "user",
      entityId: userId,
      before: { status: user.status },
      after: { status: to },
      ip,
    });
    return { fullName: user.full_name };
  });
}

export const suspendUser = (db: Kysely<Database>, actor: Actor, userId: number, ip: string) =>
  setStatus(db, actor, userId, ["active"], "suspended", "user.suspended", ip);

export const reactivateUser = (db: Kysely<Database>, actor: Actor, userId: number, ip: string) =>
  setStatus(db, actor, userId, ["suspended"], "active", "user.reactivated", ip);

export async function changeRole(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  role: Role,
  ip: string,
): Promise<{ fullName: string }> {
  if (!can(actor.role, "users:change-role"))
    throw new UserAdminError("not_allowed", "Only an administrator may change roles.");
  if (userId === actor.id) throw new UserAdminError("self", "You cannot change your own role.");
  return inTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users as u")
      .leftJoin("organizations as o", "o.id", "u.organization_id")
      .select(["u.role", "u.status", "u.full_name", "o.kind as organization_kind"])
      .where("u.id", "=", userId)
      .forUpdate("u")
      .executeTakeFirst();
    if (!user) throw new UserAdminError("not_found", "No such user.");
    // Requests are answered in the queue, not here.
    if (user.status !== "active" && user.status !== "suspended")
      throw new UserAdminError("invalid_transition", `A ${user.status} account has no role to change.`);
    if (user.role === role) return { fullName: user.full_name };
    // The user acts for their organization: the new role must fit its kind.
    if (user.organization_kind && !roleFitsOrganization(role, user.organization_kind)) {
      throw new UserAdminError("role_mismatch", `A ${role} cannot belong to a ${user.organization_kind}.`);
    }
    await trx.updateTable("users").set({ role, updated_at: new Date() }).where("id", "=", userId).execute();
    // New rights, new sessions: the user signs in again under the new role.
    await revokeUserSessions(trx, userId);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "user.role_changed",
      entityType: "user",
      entityId: userId,
      before: { role: user.role },
      after: { role },
      ip,
    });
    return { fullName: user.full_name };
  });
}

export async function getProfile(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("users as u")
    .leftJoin("organizations as o", "o.id", "u.organization_id")
    .select(["u.id", "u.full_name", "u.email", "u.role", "u.locale", "u.country_iso3", "o.name as organization_name"])
    .where("u.id", "=", userId)
    .executeTakeFirstOrThrow();
}

export async function updateProfile(
  db: Kysely<Database>,
  userId: number,
  input: { fullName: string; locale: Locale },
  ip: string,
) {
  await inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom("users")
      .select(["full_name", "locale"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    const after = { full_name: input.fullName, locale: input.locale };
    await trx
      .updateTable("users")
      .set({ ...after, updated_at: new Date() })
      .where("id", "=", userId)
      .execute();
    await writeAudit(trx, {
      actorUserId: userId,
      action: "user.profile_updated",
      entityType: "user",
      entityId: userId,
      before,
      after,
      ip,
    });
  });
}

export async function setLocale(db: Kysely<Database>, userId: number, locale: Locale) {
  await db
    .updateTable("users")
    .set({ locale, updated_at: sql<Date>`now()` })
    .where("id", "=", userId)
    .execute();
}

/** Attempts at the current password a user may make in a window (someone at an unlocked screen). */
export const PASSWORD_CHANGE_LIMIT = { limit: 5, windowSeconds: 15 * 60 };

/**
 * Changes a password after checking the new one against the policy (PasswordPolicyError) and the
 * current one. Every session of the user ends (a thief's included); the caller opens a new one
 * for the browser that made the change.
 */
export async function changePassword(db: Kysely<Database>, userId: number, current: string, next: string, ip: string) {
  const owner = await db
    .selectFrom("users")
    .select(["email", "full_name"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  await assertAcceptablePassword(next, { email: owner.email, fullName: owner.full_name });
  const limit = await hitRateLimit(
    db,
    `password:user:${userId}`,
    PASSWORD_CHANGE_LIMIT.limit,
    PASSWORD_CHANGE_LIMIT.windowSeconds,
  );
  if (!limit.allowed) throw new UserAdminError("rate_limited", "Too many attempts.");
  const user = await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current)))
    throw new UserAdminError("wrong_password", "The current password is not right.");
  const hash = await hashPassword(next);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: hash, updated_at: new Date() })
      .where("id", "=", userId)
      .execute();
    await revokeUserSessions(trx, userId);
    await writeAudit(trx, {
      actorUserId: userId,
      action: "user.password_changed",
      entityType: "user",
      entityId: userId,
      ip,
    });
  });
}

/** Organizations a member may belong to; `withUnit` adds the coordination unit (for filters). */
export async function listOrganizationsForPicker(db: Kysely<Database>, options: { withUnit?: boolean } = {}) {
  let query = db.selectFrom("organizations").select(["id", "name", "kind", "country_iso3"]);
  if (!options.withUnit) query = query.where("kind", "!=", "coordination_unit");
  return query.orderBy("name").orderBy("id").execute();
}

export async function listCountriesForPicker(db: Kysely<Database>, locale: Locale) {
  const rows = await db.selectFrom("countries").select(["iso3", "name_en", "name_ru", "is_partner"]).execute();
  const collator = new Intl.Collator(locale);
  return rows
    .map((c) => ({ iso3: c.iso3, name: locale === "ru" ? c.name_ru : c.name_en, isPartner: c.is_partner }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
