import { expect, it } from "vitest";
import { notify } from "~/notifications/notify.server";
import { loader as rootLoader } from "~/root";
import { action as listAction, loader as listLoader } from "~/routes/notifications";
import { action as settingsAction, loader as settingsLoader } from "~/routes/profile_.notifications";
import { makeActor, makeOrganization } from "../../support/factories";
import { formRequest, getRequest, requestContext } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";

// The notifications page, the unread count in the header, and the settings page, through their
// loaders and actions as a browser calls them.

describeEachDatabase("notifications in the app", (use) => {
  it(
    "lists a member's notifications newest first, a page at a " +
      "time, marks them read and unread, and counts the unread",
    async () => {
      const { db, mode } = use();
      const org = await makeOrganization(db, "donor_agency", "NOR");
      const me = await makeActor(db, "donor", { organizationId: org.id });
      const other = await makeActor(db, "donor", { organizationId: org.id });
      for (let i = 0; i < 27; i++) await notify(db, { type: "access.approved", userId: me.userId });
      await notify(db, { type: "access.rejected", userId: other.userId, reason: "no" });
      const context = requestContext(db, mode);
      const first = await listLoader({ request: getRequest("/notifications", me.cookie), params: {}, context });
      expect(first).toMatchObject({ total: 27, unread: 27, matching: 27, page: 1 });
      expect(first.rows).toHaveLength(25);
      const second = await listLoader({ request: getRequest("/notifications?page=2", me.cookie), params: {}, context });
      expect(second.rows).toHaveLength(2);
      expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(27);
      expect(first.rows[0].link).toBe("/dashboard");

      const root = await rootLoader({ request: getRequest("/", me.cookie), params: {}, context });
      expect(root.user?.unread).toBe(27);

      const target = first.rows[0].id;
      expect(
        await listAction({
          request: formRequest("/notifications", { intent: "read", id: target }, me.cookie),
          params: {},
          context,
        }),
      ).toEqual({ ok: true });
      const unreadOnly = await listLoader({
        request: getRequest("/notifications?show=unread", me.cookie),
        params: {},
        context,
      });
      expect(unreadOnly).toMatchObject({ unread: 26, matching: 26 });
      expect(unreadOnly.rows.map((r) => r.id)).not.toContain(target);
      await listAction({
        request: formRequest("/notifications", { intent: "unread", id: target }, me.cookie),
        params: {},
        context,
      });
      expect((await rootLoader({ request: getRequest("/", me.cookie), params: {}, context })).user?.unread).toBe(27);

      // Another member's notification cannot be touched: it answers as one that does not exist.
      const theirs = await db
        .selectFrom("notifications")
        .select("id")
        .where("user_id", "=", other.userId)
        .executeTakeFirstOrThrow();
      const refused = (await listAction({
        request: formRequest("/notifications", { intent: "read", id: theirs.id }, me.cookie),
        params: {},
        context,
      })) as unknown as { init: ResponseInit };
      expect(refused.init.status).toBe(404);
      expect(
        (await db.selectFrom("notifications").select("read_at").where("id", "=", theirs.id).executeTakeFirstOrThrow())
          .read_at,
      ).toBeNull();

      await listAction({
        request: formRequest("/notifications", { intent: "read-all" }, me.cookie),
        params: {},
        context,
      });
      expect((await rootLoader({ request: getRequest("/", me.cookie), params: {}, context })).user?.unread).toBe(0);
      expect((await rootLoader({ request: getRequest("/", other.cookie), params: {}, context })).user?.unread).toBe(1);
    },
  );

  it(
    "the settings page shows each role its events with the " +
      "defaults, saves choices, and lets donors follow and unfollow",
    async () => {
      const { db, mode } = use();
      const org = await makeOrganization(db, "donor_agency", "NOR");
      const donor = await makeActor(db, "donor", { organizationId: org.id });
      const coordinator = await makeActor(db, "coordinator");
      const context = requestContext(db, mode);
      const staffPage = await settingsLoader({
        request: getRequest("/profile/notifications", coordinator.cookie),
        params: {},
        context,
      });
      expect(staffPage.preferences.map((p) => p.event)).toEqual([
        "access.submitted",
        "match.proposed",
        "match.decided",
        "duplicate.found",
      ]);
      expect(staffPage.canFollow).toBe(false);
      const page = await settingsLoader({
        request: getRequest("/profile/notifications", donor.cookie),
        params: {},
        context,
      });
      expect(page.preferences).toEqual([
        { event: "match.proposed", delivery: "immediate" },
        { event: "match.decided", delivery: "digest" },
        { event: "duplicate.marked", delivery: "immediate" },
        { event: "invoice.issued", delivery: "immediate" },
        { event: "invoice.paid", delivery: "digest" },
        { event: "need.listed", delivery: "digest" },
      ]);
      const fields = Object.fromEntries(page.preferences.map((p) => [`delivery-${p.event}`, "never"]));
      const bad = (await settingsAction({
        request: formRequest(
          "/profile/notifications",
          { intent: "preferences", ...fields, "delivery-need.listed": "sometimes" },
          donor.cookie,
        ),
        params: {},
        context,
      })) as unknown as { init: ResponseInit; data: { errors: Record<string, string> } };
      expect(bad.init.status).toBe(400);
      expect(bad.data.errors).toEqual({ "need.listed": "form.choose" });
      expect(
        await settingsAction({
          request: formRequest(
            "/profile/notifications",
            { intent: "preferences", ...fields, "delivery-need.listed": "immediate" },
            donor.cookie,
          ),
          params: {},
          context,
        }),
      ).toEqual({ ok: true, message: "prefs.saved" });
      const saved = await settingsLoader({
        request: getRequest("/profile/notifications", donor.cookie),
        params: {},
        context,
      });
      expect(saved.preferences.find((p) => p.event === "need.listed")?.delivery).toBe("immediate");
      expect(saved.preferences.find((p) => p.event === "match.proposed")?.delivery).toBe("never");

      expect(
        await settingsAction({
          request: formRequest(
            "/profile/notifications",
            { intent: "follow", kind: "country", code: "TJK" },
            donor.cookie,
          ),
          params: {},
          context,
        }),
      ).toEqual({ ok: true, message: "follows.added", name: "Tajikistan" });
      const unknown = (await settingsAction({
        request: formRequest(
          "/profile/notifications",
          { intent: "follow", kind: "route", code: "nowhere" },
          donor.cookie,
        ),
        params: {},
        context,
      })) as unknown as { init: ResponseInit };
      expect(unknown.init.status).toBe(400);
      const followed = await settingsLoader({
        request: getRequest("/profile/notifications", donor.cookie),
        params: {},
        context,
      });
      expect(followed.follows).toMatchObject([{ kind: "country", code: "TJK", name: "Tajikistan" }]);
      const followId = String(followed.follows[0].id);
      // Nobody removes another's follow.
      const otherDonor = await makeActor(db, "donor", { organizationId: org.id });
      const notTheirs = (await settingsAction({
        request: formRequest("/profile/notifications", { intent: "unfollow", followId }, otherDonor.cookie),
        params: {},
        context,
      })) as unknown as { init: ResponseInit };
      expect(notTheirs.init.status).toBe(404);
      expect(
        await settingsAction({
          request: formRequest("/profile/notifications", { intent: "unfollow", followId }, donor.cookie),
          params: {},
          context,
        }),
      ).toEqual({ ok: true, message: "follows.removed", name: "Tajikistan" });
      expect(
        (await settingsLoader({ request: getRequest("/profile/notifications", donor.cookie), params: {}, context }))
          .follows,
      ).toEqual([]);
    },
  );
});
