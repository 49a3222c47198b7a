import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../../db/schema";
import {
  approveRequest,
  listPendingRequests,
  rejectRequest,
  requestAccess,
  verifyApplicantEmail,
} from "~/accounts/access-requests.server";
import { scanProject } from "~/duplicates/detect.server";
import { decidePair } from "~/duplicates/review.server";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice } from "~/funding/invoice-lifecycle.server";
import { recordPayment } from "~/funding/payments.server";
import { drainMailOutbox, enqueueMail, retryDelaySeconds } from "~/mail/outbox.server";
import { smtpTransport, type MailTransport } from "~/mail/transport.server";
import { decideMatch } from "~/matches/decisions.server";
import { proposeMatch } from "~/matches/proposals.server";
import { createNeed } from "~/needs/needs.server";
import { formatMoney } from "~/i18n/format";
import { compileDigests } from "~/notifications/digest.server";
import { addFollow, savePreferences } from "~/notifications/queries.server";
import {
  makeOrganization,
  makeFundingWorld,
  makePledge,
  makeProject,
  beneficiaryOf,
  donorOf,
  needInput,
  staff,
  type MarketActor,
} from "../../support/factories";
import { describeEachDatabase } from "../../support/database";
import { BORDER, BORDER_TOO } from "../../support/duplicate-fixtures";
import { startTestSmtp, type TestSmtp } from "../../support/smtp";

// Every notification event, end to end: the domain action, the outbox written in its transaction,
// the worker, and a real SMTP server on loopback that receives the messages.

const IP = "127.0.0.1";

async function emailOf(db: Kysely<Database>, userId: number) {
  return (await db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow()).email;
}

async function speaks(db: Kysely<Database>, userId: number, locale: "en" | "ru") {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

async function notificationsOf(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("notifications")
    .select(["event", "link", "params", "digest_pending", "read_at"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();
}

describeEachDatabase("notifications by e-mail", (use) => {
  let smtp: TestSmtp;
  let transport: MailTransport;
  const inbox = (address: string) => smtp.received.filter((m) => m.to.includes(address));
  const drain = (now?: Date) => drainMailOutbox(use().db, transport, { now });

  beforeAll(async () => {
    smtp = await startTestSmtp();
    transport = smtpTransport(smtp.url, "ADAM <adam@test.example>");
  });
  afterAll(async () => {
    transport.close();
    await smtp.stop();
  });

  it(
    "access request: verification mail to the applicant; coordinators " +
      "told only once confirmed; the answer told to the applicant",
    async () => {
      const { db } = use();
      const coordinator = await staff(db, "coordinator");
      const admin = await staff(db, "admin");
      await speaks(db, admin.id, "ru");
      const org = await makeOrganization(db, "beneficiary_agency", "TJK");
      const email = `applicant-${Date.now()}@test.example`;
      const input = {
        fullName: "Applicant One",
        email,
        password: "a good long password",
        requestedRole: "beneficiary" as const,
        countryIso3: "TJK",
        justification: "I lead the unit.",
        organization: { existingId: org.id },
        locale: "ru" as const,
      };
      const { userId, verifyToken } = await requestAccess(db, input, IP);

      await drain();
      const [verification] = inbox(email);
      expect(verification.subject).toBe("ADAM: подтвердите адрес электронной почты");
      expect(verification.text).toContain(`/verify-email?token=${verifyToken}`);
      expect(verification.html).toContain(`/verify-email?token=${verifyToken}`);
      // Not confirmed: not in the queue, nobody told.
      expect((await listPendingRequests(db)).rows.map((r) => r.userId)).not.toContain(userId);
      expect(await notificationsOf(db, coordinator.id)).toEqual([]);
      const requestId = (
        await db.selectFrom("access_requests").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow()
      ).id;
      await expect(
        approveRequest(db, coordinator, { requestId, role: "beneficiary", organizationId: org.id }, IP),
      ).rejects.toMatchObject({ code: "not_found" });

      expect(await verifyApplicantEmail(db, verifyToken, IP)).toBe(true);
      expect(await verifyApplicantEmail(db, verifyToken, IP)).toBe(false); // single use
      expect((await listPendingRequests(db)).rows.map((r) => r.userId)).toContain(userId);
      expect(await notificationsOf(db, coordinator.id)).toMatchObject([
        { event: "access.submitted", link: "/admin/requests", params: { name: "Applicant One" } },
      ]);

      await drain();
      const [toCoordinator] = inbox(await emailOf(db, coordinator.id));
      const orgName = (
        await db.selectFrom("organizations").select("name").where("id", "=", org.id).executeTakeFirstOrThrow()
      ).name;
      expect(toCoordinator.subject).toBe(`ADAM: New request for access from Applicant One (${orgName})`);
      expect(toCoordinator.text).toContain("http://localhost:3000/admin/requests");
      expect(toCoordinator.html).toContain('href="http://localhost:3000/admin/requests"');
      const [toAdmin] = inbox(await emailOf(db, admin.id));
      expect(toAdmin.subject).toMatch(/^ADAM: Новый запрос доступа: Applicant One/);
      expect(toAdmin.text).toContain("Открыть в ADAM: http://localhost:3000/admin/requests");

      await approveRequest(db, coordinator, { requestId, role: "beneficiary", organizationId: org.id }, IP);
      await drain();
      expect(inbox(email).map((m) => m.subject)).toEqual([
        "ADAM: подтвердите адрес электронной почты",
        "ADAM: Ваш запрос доступа к ADAM одобрен: вы можете войти",
      ]);

      const other = await requestAccess(db, { ...input, email: `other-${Date.now()}@test.example`, locale: "en" }, IP);
      await verifyApplicantEmail(db, other.verifyToken, IP);
      const otherRequest = (
        await db
          .selectFrom("access_requests")
          .select("id")
          .where("user_id", "=", other.userId)
          .executeTakeFirstOrThrow()
      ).id;
      await rejectRequest(db, coordinator, otherRequest, "Use your agency address.", IP);
      await drain();
      const rejected = inbox(await emailOf(db, other.userId)).at(-1)!;
      expect(rejected.subject).toBe(
        "ADAM: Your request for access to ADAM was rejected. Reason: Use your agency address.",
      );
    },
  );

  it(
    "match proposed reaches the other side at once; the " + "decision reaches the proposer in the daily digest, once",
    async () => {
      const { db } = use();
      const donor = await donorOf(db, "NOR");
      const beneficiary = await beneficiaryOf(db, "TJK");
      await speaks(db, beneficiary.id, "ru");
      const needId = (await createNeed(db, beneficiary, needInput({ title: "Sniffer dogs for Dushanbe airport" }))).id;
      const projectId = await makeProject(db, {
        organizationId: donor.organizationId!,
        title: "Canine units for Central Asia",
        summary: "Dogs.",
        countries: ["TJK"],
        pillars: ["I"],
        start: "2025-01-01",
        end: "2027-12-31",
      });
      const { id: matchId } = await proposeMatch(db, donor, { needId, projectId }, IP);
      // The proposer is not told of their own proposal.
      expect(await notificationsOf(db, donor.id)).toEqual([]);
      await drain();
      const [proposal] = inbox(await emailOf(db, beneficiary.id));
      expect(proposal.subject).toBe(
        "ADAM: Проект «Canine units for Central Asia» предложен для потребности «Sniffer dogs for Dushanbe airport»",
      );
      expect(proposal.text).toContain(`http://localhost:3000/matches/${matchId}`);
      expect(proposal.html).toContain(`href="http://localhost:3000/matches/${matchId}"`);
      expect(proposal.html).toContain('<html lang="ru">');

      await decideMatch(db, beneficiary, { matchId, version: 1, decision: "reject", note: "Not now" }, IP);
      expect(await notificationsOf(db, donor.id)).toMatchObject([
        { event: "match.decided", link: `/matches/${matchId}`, digest_pending: true },
      ]);
      await drain();
      const donorEmail = await emailOf(db, donor.id);
      expect(inbox(donorEmail)).toEqual([]); // a digest event: nothing at once

      const tomorrow = new Date(Date.now() + 86_400_000);
      const digestTime = new Date(
        Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 7),
      );
      expect(await compileDigests(db, digestTime)).toBeGreaterThanOrEqual(1);
      expect(await compileDigests(db, digestTime)).toBe(0); // nothing twice
      await drain();
      const digests = inbox(donorEmail);
      expect(digests).toHaveLength(1);
      expect(digests[0].subject).toBe("ADAM: your daily digest (1)");
      expect(digests[0].text).toContain(
        "The proposal of “Canine units for Central Asia” for “Sniffer dogs for Dushanbe airport” was rejected",
      );
      expect(digests[0].text).toContain(`http://localhost:3000/matches/${matchId}`);
      expect((await notificationsOf(db, donor.id))[0].digest_pending).toBe(false);
    },
  );

  it(
    "opting out ('never') keeps the notification in the app " +
      "and sends no e-mail; 'at once' overrides a digest default",
    async () => {
      const { db } = use();
      const donor = await donorOf(db, "NOR");
      const beneficiary = await beneficiaryOf(db, "KGZ");
      await savePreferences(db, beneficiary.id, [{ event: "match.proposed", delivery: "never" }]);
      await savePreferences(db, donor.id, [{ event: "match.decided", delivery: "immediate" }]);
      const needId = (await createNeed(db, beneficiary, needInput({ country: "KGZ", title: "Scanners for Osh" }))).id;
      const projectId = await makeProject(db, {
        organizationId: donor.organizationId!,
        title: "Container control in Kyrgyzstan",
        summary: "Scanners.",
        countries: ["KGZ"],
        pillars: ["I"],
        start: "2025-01-01",
        end: "2027-12-31",
      });
      const { id: matchId } = await proposeMatch(db, donor, { needId, projectId }, IP);
      await drain();
      expect(await notificationsOf(db, beneficiary.id)).toMatchObject([
        { event: "match.proposed", digest_pending: false },
      ]);
      expect(inbox(await emailOf(db, beneficiary.id))).toEqual([]);
      await decideMatch(db, beneficiary, { matchId, version: 1, decision: "reject" }, IP);
      await drain();
      expect(inbox(await emailOf(db, donor.id)).map((m) => m.subject)).toEqual([
        "ADAM: The proposal of “Container control in Kyrgyzstan” for “Scanners for Osh” was rejected",
      ]);
    },
  );

  it(
    "duplicate candidate found reaches coordinators; marked duplicate " +
      "reaches both projects' donors, with a link to their own project",
    async () => {
      const { db } = use();
      const coordinator = await staff(db, "coordinator");
      const donorA = await donorOf(db, "NOR");
      const donorB = await donorOf(db, "JPN");
      await speaks(db, donorB.id, "ru");
      const a = await makeProject(db, {
        organizationId: donorA.organizationId!,
        ...BORDER,
        countries: ["TJK"],
        pillars: ["I"],
        start: "2030-01-01",
        end: "2031-12-31",
      });
      const b = await makeProject(db, {
        organizationId: donorB.organizationId!,
        ...BORDER_TOO,
        countries: ["TJK"],
        pillars: ["I"],
        start: "2030-01-01",
        end: "2031-12-31",
      });
      await scanProject(db, a);
      await scanProject(db, b);
      const pair = await db
        .selectFrom("duplicate_pairs")
        .select(["id", "version"])
        .where("project_a_id", "=", Math.min(a, b))
        .where("project_b_id", "=", Math.max(a, b))
        .executeTakeFirstOrThrow();
      const found = (await notificationsOf(db, coordinator.id)).filter((n) => n.event === "duplicate.found");
      expect(found).toMatchObject([{ link: `/duplicates/${pair.id}` }]);
      await drain();
      expect(inbox(await emailOf(db, coordinator.id)).map((m) => m.subject)).toContain(
        `ADAM: Possible duplicate projects: “${BORDER.title}” and “${BORDER_TOO.title}”`,
      );

      await decidePair(
        db,
        coordinator,
        { pairId: pair.id, version: pair.version, decision: "duplicate", note: "Same project" },
        IP,
      );
      await drain();
      expect(await notificationsOf(db, donorA.id)).toMatchObject([
        { event: "duplicate.marked", link: `/projects/${a}` },
      ]);
      expect(inbox(await emailOf(db, donorA.id)).map((m) => m.subject)).toEqual([
        `ADAM: Your project “${BORDER.title}” was marked a duplicate of “${BORDER_TOO.title}”`,
      ]);
      expect(inbox(await emailOf(db, donorB.id)).map((m) => m.subject)).toEqual([
        `ADAM: Ваш проект «${BORDER_TOO.title}» отмечен как дубликат проекта «${BORDER.title}»`,
      ]);
    },
  );

  it("an invoice issued and a payment recorded reach the billed organization's users, in their language", async () => {
    const { db } = use();
    const world = await makeFundingWorld(db);
    await speaks(db, world.donor.id, "ru");
    const pledge = await makePledge(db, world);
    const draft = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "1000.00" });
    const issued = await issueInvoice(db, world.coordinator, draft.id, { issueDate: "2026-03-01" });
    await recordPayment(
      db,
      world.coordinator,
      issued.id,
      { amount: "400.00", paidOn: "2026-03-05", bankReference: "BANK-1" },
      { today: "2026-03-10" },
    );
    await drain();
    const mails = inbox(await emailOf(db, world.donor.id));
    expect(mails.map((m) => m.subject)).toEqual([
      `ADAM: Счёт ${issued.number} выставлен организации ${world.donorName}: ${formatMoney("ru", "1000.00", "EUR")}`,
    ]);
    expect(mails[0].text).toContain(`http://localhost:3000/invoices/${issued.id}`);
    // A payment is a digest event: in the app now, by e-mail in the digest.
    expect(await notificationsOf(db, world.donor.id)).toMatchObject([
      { event: "invoice.issued" },
      { event: "invoice.paid", digest_pending: true },
    ]);
  });

  it("a new need reaches the donors who follow its pillar, country or route, and nobody else", async () => {
    const { db } = use();
    const beneficiary = await beneficiaryOf(db, "TJK");
    const byPillar = await donorOf(db);
    const byCountry = await donorOf(db);
    const byRoute = await donorOf(db);
    const elsewhere = await donorOf(db);
    await addFollow(db, byPillar.id, "pillar", "I");
    await addFollow(db, byCountry.id, "country", "TJK");
    const route = await db
      .selectFrom("route_countries")
      .select("route_code")
      .where("country_iso3", "=", "TJK")
      .executeTakeFirstOrThrow();
    await addFollow(db, byRoute.id, "route", route.route_code);
    await addFollow(db, elsewhere.id, "country", "NOR");
    await addFollow(db, elsewhere.id, "pillar", "IV");
    await savePreferences(db, byCountry.id, [{ event: "need.listed", delivery: "immediate" }]);
    const { id: needId } = await createNeed(db, beneficiary, needInput({ title: "Drug testing kits" }));
    for (const follower of [byPillar, byCountry, byRoute]) {
      expect(await notificationsOf(db, follower.id)).toMatchObject([
        { event: "need.listed", link: `/needs/${needId}`, params: { title: "Drug testing kits", pillar: "I" } },
      ]);
    }
    expect(await notificationsOf(db, elsewhere.id)).toEqual([]);
    await drain();
    expect(inbox(await emailOf(db, byCountry.id)).map((m) => m.subject)).toEqual([
      "ADAM: New need in Tajikistan, pillar I: “Drug testing kits”",
    ]);
    expect(inbox(await emailOf(db, byPillar.id))).toEqual([]); // digest by default
  });

  it("the mail server down: the actions succeed, nothing is lost; back up: everything is delivered once", async () => {
    const { db } = use();
    await drain(); // start from an empty queue
    const before = smtp.received.length;
    await smtp.stop();
    const donor = await donorOf(db, "NOR");
    const beneficiaries: MarketActor[] = [await beneficiaryOf(db, "AFG"), await beneficiaryOf(db, "AFG")];
    const needId = (
      await createNeed(db, beneficiaries[0], needInput({ country: "AFG", title: "Border post equipment" }))
    ).id;
    const projectId = await makeProject(db, {
      organizationId: donor.organizationId!,
      title: "Border posts in Afghanistan",
      summary: "Equipment.",
      countries: ["AFG"],
      pillars: ["I"],
      start: "2025-01-01",
      end: "2027-12-31",
    });
    await proposeMatch(db, donor, { needId, projectId }, IP);
    const waiting = await db
      .selectFrom("mail_outbox")
      .select(["id", "to_address"])
      .where("sent_at", "is", null)
      .execute();
    expect(waiting.map((w) => w.to_address).sort()).toEqual(
      (await Promise.all(beneficiaries.map((b) => emailOf(db, b.id)))).sort(),
    );

    const now = new Date();
    const failed = await drain(now);
    expect(failed).toMatchObject({ sent: 0, failed: 1 });
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    const afterFailure = await db
      .selectFrom("mail_outbox")
      .select(["attempts", "send_after", "last_error"])
      .where(
        "id",
        "in",
        waiting.map((w) => w.id),
      )
      .orderBy("id")
      .execute();
    expect(afterFailure.map((r) => r.attempts)).toEqual([1, 0]); // the rest of the batch was not tried
    expect(afterFailure[0].send_after.getTime()).toBe(now.getTime() + retryDelaySeconds(1) * 1000);
    // Still down a minute later: the failed message waits for its back-off, the other fails now.
    expect(await drain(new Date(now.getTime() + 1_000))).toMatchObject({ sent: 0, failed: 1 });

    await smtp.start();
    // both wait out their back-off
    expect(await drain(new Date(now.getTime() + 2_000))).toMatchObject({ sent: 0, failed: 0 });
    expect(await drain(new Date(now.getTime() + 3_600_000))).toMatchObject({ sent: 2, failed: 0 });
    expect(await drain(new Date(now.getTime() + 7_200_000))).toMatchObject({ sent: 0, failed: 0 });
    const delivered = smtp.received.slice(before);
    expect(delivered.map((m) => m.to[0]).sort()).toEqual(waiting.map((w) => w.to_address).sort());
    expect(new Set(delivered.map((m) => m.messageId)).size).toBe(2);
    expect((await db.selectFrom("mail_outbox").select("id").where("sent_at", "is", null).execute()).length).toBe(0);
  });

  it("a message is due the moment it is queued, on the database's clock", async () => {
    const { db } = use();
    await drain();
    const before = smtp.received.length;
    // Queued and drained at once, 20 times: a drain in the same millisecond as the insert (the outbox
    // stores microseconds) must still find it.
    for (let i = 0; i < 20; i++) {
      const subject = `At once ${i}`;
      await enqueueMail(db, [
        { userId: null, to: "at-once@test.example", locale: "en", kind: "test", subject, text: "t", html: "<p>t</p>" },
      ]);
      expect(await drain()).toEqual({ sent: 1, failed: 0 });
    }
    expect(smtp.received.length - before).toBe(20);
  });

  it("two workers draining at once send each message once", async () => {
    const { db } = use();
    await drain();
    const before = smtp.received.length;
    const mails = Array.from({ length: 12 }, (_, i) => ({
      userId: null,
      to: `parallel-${i}@test.example`,
      locale: "en",
      kind: "test",
      subject: `Parallel ${i}`,
      text: "t",
      html: "<p>t</p>",
    }));
    await enqueueMail(db, mails);
    const results = await Promise.all([
      drainMailOutbox(db, transport, { batchSize: 3 }),
      drainMailOutbox(db, transport, { batchSize: 3 }),
    ]);
    expect(results[0].sent + results[1].sent).toBe(12);
    const delivered = smtp.received.slice(before);
    expect(delivered.map((m) => m.subject).sort()).toEqual(mails.map((m) => m.subject).sort());
  });
});
