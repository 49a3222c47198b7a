import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database, OrganizationKind } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { markFlaggedCellsSeen, workQueues } from "~/dashboard/dashboard.server";
import type { Queue } from "~/dashboard/queue";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice } from "~/funding/invoice-lifecycle.server";
import { createPledge } from "~/funding/pledge-announce.server";
import { decideMatch } from "~/matches/decisions.server";
import { proposeMatch } from "~/matches/proposals.server";
import * as matchPage from "~/routes/matches.$id";
import * as matchesPage from "~/routes/matches._index";
import {
  asActor,
  makeActor,
  makeFundingWorld,
  makeNeed,
  makeOrganization,
  makeProject,
  pledgeInput,
  setRate,
  unique,
  type TestActor,
} from "../support/factories";
import { requestContext } from "../support/requests";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../support/database";

// Each role's work queue on hand-made cases: who sees what, and who does not. Every case has a
// database of its own, since the coordination unit's queues count everything.

const NOW = new Date("2026-06-15T09:00:00Z");
const TODAY = "2026-06-15";
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

async function queuesOf(db: Kysely<Database>, actor: Actor, now = NOW): Promise<Record<string, Queue>> {
  return Object.fromEntries((await workQueues(db, actor, { now })).map((q) => [q.key, q]));
}

const titles = (q: Queue) => q.entries.map((e) => e.title);

const org = async (db: Kysely<Database>, kind: OrganizationKind, country: string | null, name: string) =>
  (await makeOrganization(db, kind, country, { name: unique(name), iatiRef: null })).id;

/** Two donors, beneficiaries of Tajikistan and Kyrgyzstan, a coordinator. */
async function world(db: Kysely<Database>) {
  const [donorA, donorB, tajik, kyrgyz, unit] = [
    await org(db, "donor_agency", "NOR", "Donor A"),
    await org(db, "donor_agency", "DEU", "Donor B"),
    await org(db, "beneficiary_agency", "TJK", "Tajik agency"),
    await org(db, "beneficiary_agency", "KGZ", "Kyrgyz agency"),
    await org(db, "coordination_unit", null, "Unit"),
  ];
  return {
    orgs: { donorA, donorB, tajik, kyrgyz, unit },
    donorA: asActor(await makeActor(db, "donor", { organizationId: donorA })),
    donorB: asActor(await makeActor(db, "donor", { organizationId: donorB })),
    tajik: asActor(await makeActor(db, "beneficiary", { organizationId: tajik, countryIso3: "TJK" })),
    kyrgyz: asActor(await makeActor(db, "beneficiary", { organizationId: kyrgyz, countryIso3: "KGZ" })),
    coordinator: asActor(await makeActor(db, "coordinator", { organizationId: unit })),
  };
}

describeEachDatabase("dashboard work queues", (use) => {
  async function fresh<T>(body: (t: TestDatabase) => Promise<T>): Promise<T> {
    const t = await createTestDatabase(use().mode);
    try {
      return await body(t);
    } finally {
      await t.close();
    }
  }

  it("shows matches to decide to the side that decides, and the proposer's own in 'awaiting the other side'", () =>
    fresh(async ({ db }) => {
      const w = await world(db);
      const project = await makeProject(db, {
        organizationId: w.orgs.donorA,
        title: "Border teams",
        countries: ["TJK"],
        pillars: ["I"],
        start: "2026-01-01",
      });
      const needA = await makeNeed(db, {
        organizationId: w.orgs.tajik,
        country: "TJK",
        pillar: "I",
        title: "Scanners",
      });
      const needB = await makeNeed(db, { organizationId: w.orgs.tajik, country: "TJK", pillar: "I", title: "Dogs" });
      const needC = await makeNeed(db, {
        organizationId: w.orgs.tajik,
        country: "TJK",
        pillar: "I",
        title: "Radios",
      });
      await proposeMatch(db, w.tajik, { needId: needA, projectId: project }, "127.0.0.1"); // waits for donor A
      await proposeMatch(db, w.donorA, { needId: needB, projectId: project }, "127.0.0.1"); // waits for the beneficiary
      const decided = await proposeMatch(db, w.donorA, { needId: needC, projectId: project }, "127.0.0.1");
      await decideMatch(db, w.tajik, { matchId: decided.id, version: 1, decision: "reject" }, "127.0.0.1");

      const donorA = await queuesOf(db, w.donorA);
      expect(donorA.matchesToDecide.count).toBe(1);
      expect(titles(donorA.matchesToDecide)).toEqual(["Scanners ← Border teams"]);
      expect(donorA.matchesAwaitingOther.count).toBe(1);
      expect(titles(donorA.matchesAwaitingOther)).toEqual(["Dogs ← Border teams"]);
      const donorB = await queuesOf(db, w.donorB);
      expect([donorB.matchesToDecide.count, donorB.matchesAwaitingOther.count]).toEqual([0, 0]);
      const tajik = await queuesOf(db, w.tajik);
      expect(titles(tajik.matchesToDecide)).toEqual(["Dogs ← Border teams"]);
      const kyrgyz = await queuesOf(db, w.kyrgyz);
      expect(kyrgyz.matchesToDecide.count).toBe(0);
      const staff = await queuesOf(db, w.coordinator);
      // Newest first; the rejected one waits for nobody.
      expect(titles(staff.matchesToDecide)).toEqual(["Dogs ← Border teams", "Scanners ← Border teams"]);
      expect(staff.matchesToDecide.entries[0].href).toMatch(/^\/matches\/\d+$/);
    }));

  it("lists pending access requests oldest first, the overdue ones (past 48 hours) marked", () =>
    fresh(async ({ db }) => {
      const w = await world(db);
      // Coordinators see a request once its applicant has confirmed the address (e-mail ownership).
      const request = async (
        name: string,
        createdAt: Date,
        status: "pending" | "approved" = "pending",
        confirmed = true,
      ) => {
        const user = await db
          .insertInto("users")
          .values({
            email: `${name}@example.org`,
            full_name: name,
            password_hash: "x",
            role: "donor",
            status: status === "pending" ? "pending" : "active",
            organization_id: null,
            country_iso3: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await db
          .insertInto("access_requests")
          .values({
            user_id: user.id,
            requested_role: "donor",
            organization_id: w.orgs.donorA,
            country_iso3: "NOR",
            justification: "Work",
            status,
            created_at: createdAt,
            email_verified_at: confirmed ? createdAt : null,
          })
          .execute();
      };
      await request("Recent Applicant", new Date(NOW.getTime() - 2 * 3_600_000));
      await request("Old Applicant", new Date(NOW.getTime() - 50 * 3_600_000));
      await request("Answered Applicant", daysAgo(5), "approved");
      await request("Unconfirmed Applicant", new Date(NOW.getTime() - 60 * 3_600_000), "pending", false);
      const staff = await queuesOf(db, w.coordinator);
      expect(staff.accessRequests.count).toBe(2);
      expect(titles(staff.accessRequests)).toEqual(["Old Applicant", "Recent Applicant"]);
      expect(staff.accessRequests.entries.map((e) => e.tag)).toEqual(["overdue", undefined]);
      expect(staff.accessRequests.parts).toEqual([{ key: "overdue", count: 1, href: "/admin/requests" }]);
      // Donors and beneficiaries have no such queue.
      expect((await queuesOf(db, w.donorA)).accessRequests).toBeUndefined();
      expect((await queuesOf(db, w.tajik)).accessRequests).toBeUndefined();
    }));

  it("shows duplicate candidates to coordinators and, as similar projects, to the donors concerned", () =>
    fresh(async ({ db }) => {
      const w = await world(db);
      const mine = await makeProject(db, {
        organizationId: w.orgs.donorA,
        title: "Mine",
        countries: ["TJK"],
        pillars: ["I"],
        start: "2026-01-01",
      });
      const theirs = await makeProject(db, {
        organizationId: w.orgs.donorB,
        title: "Theirs",
        countries: ["TJK"],
        pillars: ["I"],
        start: "2026-01-01",
      });
      const other = await makeProject(db, {
        organizationId: w.orgs.donorB,
        title: "Other",
        countries: ["TJK"],
        pillars: ["I"],
        start: "2026-01-01",
      });
      const pair = (a: number, b: number, status: "candidate" | "dismissed") =>
        db
          .insertInto("duplicate_pairs")
          .values({ project_a_id: Math.min(a, b), project_b_id: Math.max(a, b), score: "0.8", reasons: "{}", status })
          .execute();
      await pair(mine, theirs, "candidate");
      await pair(theirs, other, "dismissed");
      const staff = await queuesOf(db, w.coordinator);
      expect(staff.duplicates.count).toBe(1);
      expect(titles(staff.duplicates)).toEqual(["Mine ↔ Theirs"]);
      const donorA = await queuesOf(db, w.donorA);
      expect(donorA.similarProjects.count).toBe(1);
      expect(donorA.similarProjects.entries[0]).toMatchObject({ title: "Mine", href: `/projects/${mine}` });
      const donorB = await queuesOf(db, w.donorB);
      expect(donorB.similarProjects.entries.map((e) => e.href)).toEqual([`/projects/${theirs}`]);
      expect((await queuesOf(db, w.tajik)).duplicates).toBeUndefined();
    }));

  it("shows gap cells flagged since the coordinator last marked them seen, by the gap matrix's own flag", () =>
    fresh(async ({ db }) => {
      const w = await world(db);
      // A critical need with no project: flagged (uncovered priority need, and no project for needs).
      await makeNeed(db, { organizationId: w.orgs.tajik, country: "TJK", pillar: "II", priority: "critical" });
      // A low-priority need served by an active project: not flagged.
      await makeNeed(db, { organizationId: w.orgs.kyrgyz, country: "KGZ", pillar: "I", priority: "low" });
      await makeProject(db, {
        organizationId: w.orgs.donorA,
        countries: ["KGZ"],
        pillars: ["I"],
        start: "2026-01-01",
      });
      const first = (await queuesOf(db, w.coordinator)).flaggedCells;
      expect(first.count).toBe(1);
      expect(first.entries[0]).toMatchObject({ key: "TJK/II", tag: "new", href: "/gaps?cell=TJK-II#drill" });
      expect(first.seenAt).toBeNull();
      await markFlaggedCellsSeen(db, w.coordinator.id, TODAY, NOW);
      const after = (await queuesOf(db, w.coordinator)).flaggedCells;
      expect(after.count).toBe(0);
      expect(after.seenAt).toBe(NOW.toISOString());
      // Another coordinator has not marked anything: the cell is new to them.
      const other = asActor(await makeActor(db, "coordinator", { organizationId: w.orgs.unit }));
      expect((await queuesOf(db, other)).flaggedCells.count).toBe(1);
      // A cell flagged later is new again; the seen one stays seen.
      await makeNeed(db, { organizationId: w.orgs.kyrgyz, country: "KGZ", pillar: "IV", priority: "high" });
      const later = (await queuesOf(db, w.coordinator)).flaggedCells;
      expect(later.entries.map((e) => e.key)).toEqual(["KGZ/IV"]);
      expect((await queuesOf(db, w.donorA)).flaggedCells).toBeUndefined();
    }));

  it("shows draft and overdue invoices to the coordination unit, and its own due invoices to the billed donor", () =>
    fresh(async ({ db }) => {
      const f = await makeFundingWorld(db);
      const otherDonor = asActor(await makeActor(db, "donor", { organizationId: f.otherDonorOrgId }));
      const pledge = await createPledge(db, f.donor, pledgeInput(f.donorOrgId, { amount: "900000.00" }));
      const draft = await createInvoiceDraft(db, f.coordinator, { pledgeId: pledge.id, amount: "1000.00" });
      const issue = async (amount: string, issueDate: string, dueDate: string) => {
        const d = await createInvoiceDraft(db, f.coordinator, { pledgeId: pledge.id, amount });
        return issueInvoice(db, f.coordinator, d.id, { issueDate, dueDate });
      };
      const overdue = await issue("2000.00", "2026-04-01", "2026-05-01");
      const due = await issue("3000.00", "2026-06-01", "2026-07-01");
      const staff = await queuesOf(db, f.coordinator);
      expect(staff.draftInvoices.entries.map((e) => e.href)).toEqual([`/invoices/${draft.id}`]);
      expect(staff.overdueInvoices.count).toBe(1);
      expect(staff.overdueInvoices.entries[0]).toMatchObject({
        href: `/invoices/${overdue.id}`,
        tag: "overdue",
        date: "2026-05-01",
      });
      const donor = await queuesOf(db, f.donor);
      expect(donor.invoicesDue.count).toBe(2);
      // Latest due first; the draft is not the donor's to see.
      expect(donor.invoicesDue.entries.map((e) => [e.href, e.tag])).toEqual([
        [`/invoices/${due.id}`, undefined],
        [`/invoices/${overdue.id}`, "overdue"],
      ]);
      expect(donor.invoicesDue.parts).toEqual([{ key: "overdue", count: 1, href: "/invoices" }]);
      expect((await queuesOf(db, otherDonor)).invoicesDue.count).toBe(0);
    }));

  it("shows currencies whose rate is older than the allowed age", () =>
    fresh(async ({ db }) => {
      const w = await world(db);
      // The shipped rates are dated 2025-10-31: fresh three weeks later, outdated two months later.
      expect((await queuesOf(db, w.coordinator, new Date("2025-11-20T09:00:00Z"))).staleRates.count).toBe(0);
      await setRate(db, "EUR", "2025-12-31", "1.1");
      const stale = (await queuesOf(db, w.coordinator, new Date("2026-01-05T09:00:00Z"))).staleRates;
      const known = await db.selectFrom("exchange_rates").select("currency").distinct().execute();
      expect(stale.count).toBe(known.length - 1);
      expect(stale.entries.every((e) => e.title !== "EUR" && e.date === "2025-10-31")).toBe(true);
    }));

  it(
    "shows a donor the new needs where its active or planned " +
      "projects work, and its projects past their end still active",
    () =>
      fresh(async ({ db }) => {
        const w = await world(db);
        await makeProject(db, {
          organizationId: w.orgs.donorA,
          countries: ["TJK"],
          pillars: ["II"],
          start: "2026-01-01",
        });
        await makeProject(db, {
          organizationId: w.orgs.donorA,
          countries: ["KGZ"],
          pillars: ["III"],
          status: "completed",
          start: "2020-01-01",
          end: "2021-01-01",
        });
        const fitting = await makeNeed(db, {
          organizationId: w.orgs.tajik,
          country: "TJK",
          pillar: "II",
          title: "Fits",
        });
        await makeNeed(db, { organizationId: w.orgs.tajik, country: "TJK", pillar: "III", title: "Other pillar" });
        await makeNeed(db, {
          organizationId: w.orgs.kyrgyz,
          country: "KGZ",
          pillar: "III",
          title: "Only a completed project there",
        });
        const old = await makeNeed(db, {
          organizationId: w.orgs.tajik,
          country: "TJK",
          pillar: "II",
          title: "Listed long ago",
        });
        await db
          .updateTable("needs")
          .set({ created_at: daysAgo(45) })
          .where("id", "=", old)
          .execute();
        await db
          .updateTable("needs")
          .set({ created_at: daysAgo(1) })
          .where("id", "=", fitting)
          .execute();
        const ended = await makeProject(db, {
          organizationId: w.orgs.donorA,
          title: "Ended",
          countries: ["TJK"],
          pillars: ["I"],
          start: "2024-01-01",
          end: "2026-03-31",
        });
        await makeProject(db, {
          organizationId: w.orgs.donorA,
          title: "Running",
          countries: ["TJK"],
          pillars: ["I"],
          start: "2024-01-01",
          end: "2027-03-31",
        });
        await makeProject(db, {
          organizationId: w.orgs.donorB,
          title: "B ended",
          countries: ["TJK"],
          pillars: ["I"],
          start: "2024-01-01",
          end: "2026-01-31",
        });

        const donorA = await queuesOf(db, w.donorA);
        expect(titles(donorA.newNeeds)).toEqual(["Fits"]);
        expect(donorA.newNeeds.days).toBe(30);
        expect(donorA.endedStillActive.entries.map((e) => e.href)).toEqual([`/projects/${ended}`]);
        const donorB = await queuesOf(db, w.donorB);
        expect(donorB.newNeeds.count).toBe(0);
        expect(titles(donorB.endedStillActive)).toEqual(["B ended"]);
      }),
  );

  it(
    "shows a beneficiary its country's coverage, needs with no " +
      "suggestion and newly active projects, not another country's",
    () =>
      fresh(async ({ db }) => {
        const w = await world(db);
        await makeProject(db, {
          organizationId: w.orgs.donorA,
          title: "Regional, started last week",
          countries: ["KGZ", "TJK"],
          pillars: ["II"],
          start: "2026-06-08",
        });
        await makeProject(db, {
          organizationId: w.orgs.donorA,
          title: "Started long ago",
          countries: ["TJK"],
          pillars: ["I"],
          start: "2025-01-01",
        });
        await makeProject(db, {
          organizationId: w.orgs.donorA,
          title: "Planned",
          countries: ["TJK"],
          pillars: ["I"],
          status: "pipeline",
          start: "2026-09-01",
        });
        await makeProject(db, {
          organizationId: w.orgs.donorA,
          title: "Kyrgyz only",
          countries: ["KGZ"],
          pillars: ["III"],
          start: "2026-06-10",
        });
        const served = await makeNeed(db, {
          organizationId: w.orgs.tajik,
          country: "TJK",
          pillar: "II",
          title: "Served",
        });
        await makeNeed(db, {
          organizationId: w.orgs.tajik,
          country: "TJK",
          pillar: "IV",
          title: "Nobody works on this",
        });
        await makeNeed(db, {
          organizationId: w.orgs.tajik,
          country: "TJK",
          pillar: "IV",
          title: "Withdrawn",
          withdrawn: true,
        });
        await makeNeed(db, { organizationId: w.orgs.kyrgyz, country: "KGZ", pillar: "IV", title: "Kyrgyz, unserved" });
        await db.updateTable("needs").set({ status: "met" }).where("id", "=", served).execute();

        const tajik = await queuesOf(db, w.tajik);
        expect(tajik.needCoverage.parts?.map((p) => [p.key, p.count])).toEqual([
          ["open", 1],
          ["partially_met", 0],
          ["met", 1],
        ]);
        expect(tajik.needCoverage.parts?.[0].href).toBe("/needs?country=TJK&status=open");
        expect(titles(tajik.needsWithoutSuggestion)).toEqual(["Nobody works on this"]);
        expect(titles(tajik.newlyActiveProjects)).toEqual(["Regional, started last week"]);
        const kyrgyz = await queuesOf(db, w.kyrgyz);
        expect(titles(kyrgyz.needsWithoutSuggestion)).toEqual(["Kyrgyz, unserved"]);
        expect(titles(kyrgyz.newlyActiveProjects)).toEqual(["Kyrgyz only", "Regional, started last week"]);
        expect(kyrgyz.needCoverage.parts?.map((p) => p.count)).toEqual([1, 0, 0]);
        // A need whose only fitting project is already proposed for it has no suggestion left.
        const proposedOnly = await makeNeed(db, {
          organizationId: w.orgs.tajik,
          country: "TJK",
          pillar: "I",
          title: "Only the planned one fits",
        });
        const others = await db
          .selectFrom("projects")
          .select("id")
          .where("title", "in", ["Started long ago", "Planned"])
          .execute();
        for (const p of others) await proposeMatch(db, w.tajik, { needId: proposedOnly, projectId: p.id }, "127.0.0.1");
        expect(titles((await queuesOf(db, w.tajik)).needsWithoutSuggestion)).toEqual([
          "Only the planned one fits",
          "Nobody works on this",
        ]);
      }),
  );

  it(
    "opens /matches on the proposals awaiting my decision in my " +
      "organization; 'all' lists everything; Decide only for those who may",
    () =>
      fresh(async ({ db, mode }) => {
        const w = await world(db);
        const tajik = await makeActor(db, "beneficiary", { organizationId: w.orgs.tajik, countryIso3: "TJK" });
        const kyrgyz = await makeActor(db, "beneficiary", { organizationId: w.orgs.kyrgyz, countryIso3: "KGZ" });
        const donor = await makeActor(db, "donor", { organizationId: w.orgs.donorA });
        const project = await makeProject(db, {
          organizationId: w.orgs.donorA,
          title: "Regional",
          countries: ["TJK", "KGZ"],
          pillars: ["I"],
          start: "2026-01-01",
        });
        const tjkNeed = await makeNeed(db, {
          organizationId: w.orgs.tajik,
          country: "TJK",
          pillar: "I",
          title: "Tajik need",
        });
        const kgzNeed = await makeNeed(db, {
          organizationId: w.orgs.kyrgyz,
          country: "KGZ",
          pillar: "I",
          title: "Kyrgyz need",
        });
        const toTajik = await proposeMatch(db, asActor(donor), { needId: tjkNeed, projectId: project }, "127.0.0.1");
        await proposeMatch(db, asActor(donor), { needId: kgzNeed, projectId: project }, "127.0.0.1");
        const context = requestContext(db, mode);
        const list = async (who: TestActor, query = "") => {
          const data = (await matchesPage.loader({
            request: new Request(`http://localhost/matches${query}`, { headers: { cookie: who.cookie } }),
            params: {},
            context,
          } as never)) as {
            rows: Array<{ need_title: string }>;
            status: string;
            scope: string;
          };
          return { ...data, titles: data.rows.map((r) => r.need_title).sort() };
        };
        const opened = await list(tajik);
        expect([opened.status, opened.scope, opened.titles]).toEqual(["awaiting", "mine", ["Tajik need"]]);
        expect((await list(tajik, "?status=all&scope=all")).titles).toEqual(["Kyrgyz need", "Tajik need"]);
        expect((await list(tajik, "?status=all")).titles).toEqual(["Tajik need"]);
        // The donor proposed both: nothing awaits its decision, both are its organization's.
        expect((await list(donor)).titles).toEqual([]);
        expect((await list(donor, "?status=proposed")).titles).toEqual(["Kyrgyz need", "Tajik need"]);
        const coordinator = await makeActor(db, "coordinator", { organizationId: w.orgs.unit });
        expect((await list(coordinator)).titles).toEqual(["Kyrgyz need", "Tajik need"]);

        const page = async (who: TestActor) =>
          (
            (await matchPage.loader({
              request: new Request(`http://localhost/matches/${toTajik.id}`, { headers: { cookie: who.cookie } }),
              params: { id: String(toTajik.id) },
              context,
            } as never)) as { mayDecide: boolean }
          ).mayDecide;
        expect(await page(tajik)).toBe(true);
        expect(await page(kyrgyz)).toBe(false);
        expect(await page(donor)).toBe(false);
        expect(await page(coordinator)).toBe(true);
      }),
  );
});
