import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Locale } from "../../db/schema";
import { inTransaction } from "~/utils/transaction.server";
import { writeAudit } from "./audit.server";
import { issueEmailToken } from "./email-tokens.server";
import { hashPassword } from "./password.server";
import { assertAcceptablePassword } from "./password-policy.server";
import { revokeUserSessions } from "./session.server";

// The first administrator of a real installation (`npm run create-admin`), or an existing account
// made administrator. Administrators belong to the coordination unit.

/** A link to choose the password works once, for a day (whoever runs the command passes it on). */
export const SET_PASSWORD_LINK_HOURS = 24;

export interface AdminInput {
  email: string;
  fullName: string;
  locale: Locale;
}

export async function createOrPromoteAdmin(
  db: Kysely<Database>,
  input: AdminInput,
): Promise<{ userId: number; created: boolean }> {
  // Nobody knows this password: the account is reached through the password the command sets next.
  const unusable = await hashPassword(randomBytes(32).toString("base64url"));
  return inTransaction(db, async (trx) => {
    const unit = await trx
      .selectFrom("organizations")
      .select("id")
      .where("kind", "=", "coordination_unit")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom("users")
      .select(["id", "role", "status", "organization_id"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", input.email.toLowerCase()))
      .forUpdate()
      .executeTakeFirst();
    if (existing) {
      const after = { role: "admin" as const, status: "active" as const, organization_id: unit.id, country_iso3: null };
      await trx
        .updateTable("users")
        .set({ ...after, updated_at: new Date() })
        .where("id", "=", existing.id)
        .execute();
      // New rights, new sessions.
      await revokeUserSessions(trx, existing.id);
      await writeAudit(trx, {
        actorUserId: null,
        action: "user.made_admin",
        entityType: "user",
        entityId: existing.id,
        before: existing,
        after,
        ip: null,
      });
      return { userId: existing.id, created: false };
    }
    const user = await trx
      .insertInto("users")
      .values({
        email: input.email,
        full_name: input.fullName,
        password_hash: unusable,
        role: "admin",
        status: "active",
        organization_id: unit.id,
        country_iso3: null,
        locale: input.locale,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: null,
      action: "user.admin_created",
      entityType: "user",
      entityId: user.id,
      after: { email: input.email, full_name: input.fullName },
      ip: null,
    });
    return { userId: user.id, created: true };
  });
}

/** Sets the password typed at the terminal (the password policy applies) and ends every session. */
export async function setAdminPassword(db: Kysely<Database>, userId: number, password: string): Promise<void> {
  const owner = await db
    .selectFrom("users")
    .select(["email", "full_name"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  await assertAcceptablePassword(password, { email: owner.email, fullName: owner.full_name });
  const hash = await hashPassword(password);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: hash, updated_at: new Date() })
      .where("id", "=", userId)
      .execute();
    await revokeUserSessions(trx, userId);
    await writeAudit(trx, {
      actorUserId: null,
      action: "user.password_set",
      entityType: "user",
      entityId: userId,
      ip: null,
    });
  });
}

/** A single-use link's token to choose the password on the reset page. */
export function setPasswordToken(db: Kysely<Database>, userId: number): Promise<string> {
  return issueEmailToken(db, userId, "reset_password", SET_PASSWORD_LINK_HOURS * 3600);
}
