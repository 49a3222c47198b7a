import { expect, it } from "vitest";
import { writeAudit } from "~/accounts/audit.server";
import { listAudit } from "~/accounts/audit-log.server";
import { makeActor } from "../../support/factories";
import { describeEachDatabase } from "../../support/database";

describeEachDatabase("audit log", (use) => {
  it(
    "filters by kind of record, action prefix, actor and " + "days, newest first, paginated; secrets never stored",
    async () => {
      const { db } = use();
      const actor = await makeActor(db, "coordinator");
      const name = (
        await db.selectFrom("users").select("full_name").where("id", "=", actor.userId).executeTakeFirstOrThrow()
      ).full_name;
      await writeAudit(db, {
        actorUserId: actor.userId,
        action: "zeta.one",
        entityType: "zeta",
        entityId: 1,
        before: { a: 1 },
        after: { a: 2, password_hash: "secret" },
      });
      await writeAudit(db, { actorUserId: actor.userId, action: "zeta.two", entityType: "zeta", entityId: 2 });
      await writeAudit(db, { actorUserId: null, action: "zeta_other", entityType: "zeta", entityId: 3 });
      await db
        .updateTable("audit_log")
        .set({ at: new Date("2024-03-10T12:00:00Z") })
        .where("action", "=", "zeta.one")
        .execute();

      const all = await listAudit(db, { entityType: "zeta", page: 1, pageSize: 10 });
      expect(all.total).toBe(3);
      expect(all.rows.map((r) => r.action)).toEqual(["zeta_other", "zeta.two", "zeta.one"]);
      expect(all.entityTypes).toContain("zeta");
      expect(all.rows[2].after).toEqual({ a: 2, password_hash: "[redacted]" });
      // "_" is not a wildcard in the action prefix.
      expect((await listAudit(db, { action: "zeta.", page: 1, pageSize: 10 })).total).toBe(2);
      expect(
        (await listAudit(db, { entityType: "zeta", actor: name.toUpperCase(), page: 1, pageSize: 10 })).total,
      ).toBe(2);
      expect((await listAudit(db, { entityType: "zeta", actorId: actor.userId, page: 1, pageSize: 10 })).total).toBe(2);
      const day = await listAudit(db, {
        entityType: "zeta",
        from: "2024-03-10",
        to: "2024-03-10",
        page: 1,
        pageSize: 10,
      });
      expect(day.rows.map((r) => r.action)).toEqual(["zeta.one"]);
      const page2 = await listAudit(db, { entityType: "zeta", page: 2, pageSize: 2 });
      expect(page2.rows.map((r) => r.action)).toEqual(["zeta.one"]);
    },
  );
});
