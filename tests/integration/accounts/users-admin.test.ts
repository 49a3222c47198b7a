import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../../db/schema";
import { changeRole, listUsers, reactivateUser, suspendUser } from "~/accounts/users.server";
import { signIn } from "~/accounts/sign-in.server";
import { action as usersAction, loader as usersLoader } from "~/routes/admin.users";
import { outcomeOf } from "../../support/route-outcome";
import { asActor, makeActor, makeOrganization, setPassword } from "../../support/factories";
import { formRequest, getRequest, requestContext } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";

const IP = "127.0.0.1";
const lastAudit = (db: Kysely<Database>, action: string, userId: number) =>
  db
    .selectFrom("audit_log")
    .select(["actor_user_id", "before", "after", "ip"])
    .where("action", "=", action)
    .where("entity_id", "=", String(userId))
    .orderBy("id", "desc")
    .executeTakeFirst();
const sessionsOf = async (db: Kysely<Database>, userId: number) =>
  (await db.selectFrom("sessions").select("token_hash").where("user_id", "=", userId).execute()).length;

describeEachDatabase("users administration", (use) => {
  it(
    "a coordinator suspends and reactivates a member; sessions " + "end; each change is audited with before and after",
    async () => {
      const { db } = use();
      const coordinator = await makeActor(db, "coordinator");
      const donor = await makeActor(db, "donor");
      const email = await setPassword(db, donor.userId, "member password");
      expect(await sessionsOf(db, donor.userId)).toBe(1);

      expect(await suspendUser(db, asActor(coordinator), donor.userId, IP)).toEqual({ fullName: expect.any(String) });
      expect(await sessionsOf(db, donor.userId)).toBe(0);
      expect(await signIn(db, email, "member password", "10.2.0.1")).toEqual({ ok: false, reason: "suspended" });
      expect(await lastAudit(db, "user.suspended", donor.userId)).toEqual({
        actor_user_id: coordinator.userId,
        before: { status: "active" },
        after: { status: "suspended" },
        ip: IP,
      });
      await expect(suspendUser(db, asActor(coordinator), donor.userId, IP)).rejects.toMatchObject({
        code: "invalid_transition",
      });

      await reactivateUser(db, asActor(coordinator), donor.userId, IP);
      expect(await lastAudit(db, "user.reactivated", donor.userId)).toMatchObject({
        before: { status: "suspended" },
        after: { status: "active" },
      });
      expect(await signIn(db, email, "member password", "10.2.0.1")).toMatchObject({ ok: true });
    },
  );

  it(
    "nobody changes their own account, a coordinator " + "cannot touch an administrator, members cannot suspend",
    async () => {
      const { db } = use();
      const coordinator = await makeActor(db, "coordinator");
      const admin = await makeActor(db, "admin");
      const donor = await makeActor(db, "donor");
      await expect(suspendUser(db, asActor(coordinator), coordinator.userId, IP)).rejects.toMatchObject({
        code: "self",
      });
      await expect(suspendUser(db, asActor(coordinator), admin.userId, IP)).rejects.toMatchObject({
        code: "not_allowed",
      });
      await expect(suspendUser(db, asActor(donor), coordinator.userId, IP)).rejects.toMatchObject({
        code: "not_allowed",
      });
      await expect(suspendUser(db, asActor(admin), 999_999, IP)).rejects.toMatchObject({ code: "not_found" });
      expect(
        (await db.selectFrom("users").select("status").where("id", "=", admin.userId).executeTakeFirstOrThrow()).status,
      ).toBe("active");
    },
  );

  it("only an administrator changes roles; the change ends the user's sessions and is audited", async () => {
    const { db } = use();
    const coordinator = await makeActor(db, "coordinator");
    const admin = await makeActor(db, "admin");
    const donor = await makeActor(db, "donor");
    await expect(changeRole(db, asActor(coordinator), donor.userId, "coordinator", IP)).rejects.toMatchObject({
      code: "not_allowed",
    });
    await expect(changeRole(db, asActor(admin), admin.userId, "donor", IP)).rejects.toMatchObject({ code: "self" });
    await changeRole(db, asActor(admin), donor.userId, "beneficiary", IP);
    expect(
      (await db.selectFrom("users").select("role").where("id", "=", donor.userId).executeTakeFirstOrThrow()).role,
    ).toBe("beneficiary");
    expect(await sessionsOf(db, donor.userId)).toBe(0);
    expect(await lastAudit(db, "user.role_changed", donor.userId)).toMatchObject({
      actor_user_id: admin.userId,
      before: { role: "donor" },
      after: { role: "beneficiary" },
    });
    const pending = await makeActor(db, "donor", { status: "pending" });
    await expect(changeRole(db, asActor(admin), pending.userId, "admin", IP)).rejects.toMatchObject({
      code: "invalid_transition",
    });
  });

  it("the users page refuses a coordinator's role change and lets an administrator make it", async () => {
    const { db, mode } = use();
    const coordinator = await makeActor(db, "coordinator");
    const admin = await makeActor(db, "admin");
    const donor = await makeActor(db, "donor");
    const fields = { intent: "role", userId: String(donor.userId), role: "coordinator" };
    const refused = await outcomeOf(() =>
      usersAction({
        request: formRequest("/admin/users", fields, coordinator.cookie),
        params: {},
        context: requestContext(db, mode),
      }),
    );
    expect(refused.outcome).toBe("forbidden");
    expect(
      (await db.selectFrom("users").select("role").where("id", "=", donor.userId).executeTakeFirstOrThrow()).role,
    ).toBe("donor");
    const done = (await usersAction({
      request: formRequest("/admin/users", fields, admin.cookie),
      params: {},
      context: requestContext(db, mode),
    })) as unknown as { data: { done: unknown } };
    expect(done.data.done).toMatchObject({ intent: "role", role: "coordinator" });
    const page = await usersLoader({
      request: getRequest("/admin/users", coordinator.cookie),
      params: {},
      context: requestContext(db, mode),
    });
    expect(page.canChangeRole).toBe(false);
  });

  it("lists users by search, status, role and organization, a page at a time, without pending accounts", async () => {
    const { db } = use();
    const org = await makeOrganization(db, "donor_agency", "DEU", { name: `Bundeskriminalamt ${Date.now()}` });
    const a = await makeActor(db, "donor", { organizationId: org.id });
    const b = await makeActor(db, "donor", { organizationId: org.id, status: "suspended" });
    await makeActor(db, "donor", { organizationId: org.id, status: "pending" });
    await makeActor(db, "beneficiary", { organizationId: org.id });
    const byOrg = await listUsers(db, { organizationId: org.id, page: 1, pageSize: 10 });
    expect(byOrg.total).toBe(3);
    expect(
      (await listUsers(db, { q: "bundeskrim", role: "donor", page: 1, pageSize: 10 })).rows.map((r) => r.id).sort(),
    ).toEqual([a.userId, b.userId].sort());
    expect(
      (await listUsers(db, { organizationId: org.id, status: "suspended", page: 1, pageSize: 10 })).rows.map(
        (r) => r.id,
      ),
    ).toEqual([b.userId]);
    const email = (await db.selectFrom("users").select("email").where("id", "=", a.userId).executeTakeFirstOrThrow())
      .email;
    expect((await listUsers(db, { q: email.toUpperCase(), page: 1, pageSize: 10 })).rows.map((r) => r.id)).toEqual([
      a.userId,
    ]);
    expect((await listUsers(db, { q: "100%_", page: 1, pageSize: 10 })).total).toBe(0);
    const page2 = await listUsers(db, { organizationId: org.id, page: 2, pageSize: 2 });
    expect(page2).toMatchObject({ total: 3 });
    expect(page2.rows).toHaveLength(1);
  });
});
