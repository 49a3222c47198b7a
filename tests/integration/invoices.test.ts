import { sql } from "kysely";
import { expect, it } from "vitest";
import { FundingError } from "~/funding/errors";
import { createInvoiceDraft, deleteDraft, editDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice, replaceInvoice, voidInvoice } from "~/funding/invoice-lifecycle.server";
import { getInvoice, isOverdue } from "~/funding/invoices.server";
import { isValidCreditorReference } from "~/funding/creditor-reference";
import { recordPayment } from "~/funding/payments.server";
import { renderInvoicePdf } from "~/funding/invoice-pdf.server";
import { describeEachDatabase } from "../support/database";
import { refusalOf } from "../support/refusal";
import { pdfText } from "../support/pdf-text";
import { makeFundingWorld, makePledge, type FundingWorld } from "../support/factories";

// The invoices here are dated in the 2030s; payments are recorded as on a day after all of them.
const AFTER_ALL = { today: "2031-12-31" };

const refusal = refusalOf(FundingError);

describeEachDatabase("invoices", (use) => {
  let world: FundingWorld;
  const setup = async () => (world ??= await makeFundingWorld(use().db));

  it("numbers 20 concurrent issues with no gap and no duplicate", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "20000.00" });
    const drafts = [];
    for (let i = 0; i < 20; i++)
      drafts.push(await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "1000.00" }));
    expect(drafts.every((d) => d.number === null && d.status === "draft")).toBe(true);
    const issued = await Promise.all(
      drafts.map((d) => issueInvoice(db, world.coordinator, d.id, { issueDate: "2031-03-01" })),
    );
    const sequences = issued.map((i) => i.sequence!).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(issued.map((i) => i.number)).size).toBe(20);
    expect(issued.map((i) => i.number).sort()[0]).toBe("PP-2031-0001");
    const counter = await db
      .selectFrom("invoice_counters")
      .selectAll()
      .where("year", "=", 2031)
      .executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(20);
  });

  it("restarts the sequence each year and never reuses a number, even a void one's", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "500.00" });
    const issue = async (date: string) =>
      issueInvoice(
        db,
        world.coordinator,
        (await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "100.00" })).id,
        { issueDate: date },
      );
    const a = await issue("2028-12-31");
    const b = await issue("2029-01-01");
    expect([a.number, b.number]).toEqual(["PP-2028-0001", "PP-2029-0001"]);
    await voidInvoice(db, world.coordinator, b.id, "Wrong amount");
    const c = await issue("2029-01-02");
    expect(c.number).toBe("PP-2029-0002");
    expect((await getInvoice(db, world.coordinator, b.id)).number).toBe("PP-2029-0001");
    // A failed issue (no settings would be one; here: a due date before the issue date) takes no number.
    const d = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "100.00" });
    expect(
      (await refusal(issueInvoice(db, world.coordinator, d.id, { issueDate: "2029-02-01", dueDate: "2029-01-01" })))
        .code,
    ).toBe("invalid");
    expect((await issueInvoice(db, world.coordinator, d.id, { issueDate: "2029-02-01" })).number).toBe("PP-2029-0003");
  });

  it("issues with a due date, a checkable payment reference and a snapshot of the settings", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "1000.00" });
    const draft = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id });
    expect(draft.total).toBe("1000.00");
    expect(draft.lines).toHaveLength(1);
    const issued = await issueInvoice(db, world.coordinator, draft.id, {
      issueDate: "2030-05-10",
      expectedVersion: draft.version,
    });
    expect(issued).toMatchObject({
      status: "issued",
      issueDate: "2030-05-10",
      dueDate: "2030-06-09",
      currency: "EUR",
      outstanding: "1000.00",
    });
    expect(isValidCreditorReference(issued.paymentReference!)).toBe(true);
    expect(issued.paymentReference).toMatch(/^RF\d{2}PP2030\d{4}$/);
    expect(issued.bankInstructions?.iban).toBe("AT611904300234573201");
    expect(isOverdue(issued, "2030-06-09")).toBe(false);
    expect(isOverdue(issued, "2030-06-10")).toBe(true);
    expect(isOverdue(draft, "2099-01-01")).toBe(false);
    // The PDF of the stored invoice carries its snapshot of the settings.
    const text = await pdfText(await renderInvoicePdf(await getInvoice(db, world.coordinator, issued.id)));
    for (const expected of [
      issued.number!,
      issued.paymentReference!,
      "Paris Pact Coordination Unit (test)",
      "AT61 1904 3002 3457 3201",
      "€1,000.00",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("enforces the status rules", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "300.00" });
    const draft = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "100.00" });
    expect((await refusal(voidInvoice(db, world.coordinator, draft.id, "No reason"))).code).toBe("not_voidable");
    expect(
      (
        await refusal(
          recordPayment(
            db,
            world.coordinator,
            draft.id,
            { amount: "1.00", paidOn: "2030-01-01", bankReference: "X" },
            AFTER_ALL,
          ),
        )
      ).code,
    ).toBe("not_payable");
    expect((await refusal(replaceInvoice(db, world.coordinator, draft.id, { reason: "why" }))).code).toBe(
      "not_replaceable",
    );
    const issued = await issueInvoice(db, world.coordinator, draft.id, { issueDate: "2030-01-15" });
    expect((await refusal(issueInvoice(db, world.coordinator, draft.id))).code).toBe("not_draft");
    expect((await refusal(deleteDraft(db, world.coordinator, issued.id, issued.version))).code).toBe("not_draft");
    const voided = await voidInvoice(db, world.coordinator, issued.id, "Sent to the wrong address");
    expect(voided).toMatchObject({
      status: "void",
      voidReason: "Sent to the wrong address",
      number: issued.number,
      outstanding: "0.00",
    });
    expect((await refusal(voidInvoice(db, world.coordinator, issued.id, "again"))).code).toBe("not_voidable");
    expect(
      (
        await refusal(
          recordPayment(
            db,
            world.coordinator,
            issued.id,
            { amount: "1.00", paidOn: "2030-02-01", bankReference: "X" },
            AFTER_ALL,
          ),
        )
      ).code,
    ).toBe("not_payable");
    // Donors cannot manage invoices; they see their own issued invoices only.
    expect((await refusal(createInvoiceDraft(db, world.donor, { pledgeId: pledge.id }))).code).toBe("forbidden");
    expect((await getInvoice(db, world.donor, issued.id)).number).toBe(issued.number);
    const other = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "50.00" });
    expect((await refusal(getInvoice(db, world.donor, other.id))).code).toBe("not_found");
    await deleteDraft(db, world.coordinator, other.id, other.version);
    expect((await refusal(getInvoice(db, world.coordinator, other.id))).code).toBe("not_found");
  });

  it("never changes an issued invoice: the domain refuses and so does the database", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "900.00" });
    const draft = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "900.00" });
    const edited = await editDraft(db, world.coordinator, draft.id, draft.version, {
      lines: [
        { description: "Tranche 1", quantity: "2", unitPrice: "300.00" },
        { description: "Tranche 2", quantity: "1.5", unitPrice: "133.33" },
      ],
    });
    expect(edited.total).toBe("800.00"); // 600.00 + 199.995 rounded half up to 200.00
    expect((await refusal(editDraft(db, world.coordinator, draft.id, draft.version, { language: "ru" }))).code).toBe(
      "stale",
    );
    const issued = await issueInvoice(db, world.coordinator, draft.id, { issueDate: "2030-03-01" });
    expect(
      (await refusal(editDraft(db, world.coordinator, issued.id, issued.version, { billToName: "Someone else" }))).code,
    ).toBe("not_draft");

    const attempts = [
      sql`UPDATE invoices SET total = 1 WHERE id = ${issued.id}`,
      sql`UPDATE invoices SET bill_to_name = 'X', version = version + 1 WHERE id = ${issued.id}`,
      sql`UPDATE invoices
        SET status = 'draft', number = NULL, year = NULL, sequence = NULL, issue_date = NULL, issued_at = NULL
        WHERE id = ${issued.id}`,
      sql`UPDATE invoice_lines SET unit_price = 1, amount = round(quantity, 2) WHERE invoice_id = ${issued.id}`,
      sql`INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, amount)
        VALUES (${issued.id}, 9, 'extra', 1, 1, 1)`,
      sql`DELETE FROM invoice_lines WHERE invoice_id = ${issued.id}`,
      sql`DELETE FROM invoices WHERE id = ${issued.id}`,
    ];
    for (const statement of attempts)
      await expect(statement.execute(db)).rejects.toThrow(/cannot be changed|cannot be deleted|only be added/);
    const after = await getInvoice(db, world.coordinator, issued.id);
    expect(after).toMatchObject({ total: "800.00", billToName: issued.billToName, status: "issued" });
    expect(after.lines.map((l) => l.amount)).toEqual(["600.00", "200.00"]);
    // Once void, nothing moves at all, not even the status.
    await voidInvoice(db, world.coordinator, issued.id, "Duplicate");
    await expect(
      sql`UPDATE invoices SET status = 'issued', void_reason = NULL WHERE id = ${issued.id}`.execute(db),
    ).rejects.toThrow(/cannot be changed/);
    await expect(sql`UPDATE invoices SET void_reason = 'edited' WHERE id = ${issued.id}`.execute(db)).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it("records payments, moves the status with the money and refuses an overpayment", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "1000.00" });
    const draft = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "1000.00" });
    const issued = await issueInvoice(db, world.coordinator, draft.id, { issueDate: "2030-04-01" });
    const first = await recordPayment(
      db,
      world.coordinator,
      issued.id,
      { amount: "400.10", paidOn: "2030-04-20", bankReference: "STMT-1" },
      AFTER_ALL,
    );
    expect(first.invoice).toMatchObject({ status: "partly_paid", paid: "400.10", outstanding: "599.90" });
    const over = await refusal(
      recordPayment(
        db,
        world.coordinator,
        issued.id,
        { amount: "599.91", paidOn: "2030-04-21", bankReference: "STMT-2" },
        AFTER_ALL,
      ),
    );
    expect(over.code).toBe("overpayment");
    expect(over.details.outstanding).toBe("599.90");
    expect(over.fields.amount).toBeDefined();
    expect(
      (
        await refusal(
          recordPayment(
            db,
            world.coordinator,
            issued.id,
            { amount: "1.00", paidOn: "2030-03-31", bankReference: "early" },
            AFTER_ALL,
          ),
        )
      ).fields.paidOn,
    ).toBeDefined();
    expect(
      (
        await refusal(
          recordPayment(
            db,
            world.coordinator,
            issued.id,
            { amount: "1.001", paidOn: "2030-05-01", bankReference: "x" },
            AFTER_ALL,
          ),
        )
      ).code,
    ).toBe("invalid");
    const second = await recordPayment(
      db,
      world.coordinator,
      issued.id,
      { amount: "599.90", paidOn: "2030-05-02", bankReference: "STMT-2" },
      AFTER_ALL,
    );
    expect(second.invoice).toMatchObject({ status: "paid", paid: "1000.00", outstanding: "0.00" });
    expect(second.invoice.payments.map((p) => p.bankReference)).toEqual(["STMT-1", "STMT-2"]);
    expect(isOverdue(second.invoice, "2099-01-01")).toBe(false);
    expect(
      (
        await refusal(
          recordPayment(
            db,
            world.coordinator,
            issued.id,
            { amount: "0.01", paidOn: "2030-05-03", bankReference: "x" },
            AFTER_ALL,
          ),
        )
      ).code,
    ).toBe("not_payable");
    expect((await refusal(voidInvoice(db, world.coordinator, issued.id, "paid already"))).code).toBe("not_voidable");
    await expect(sql`DELETE FROM invoice_payments WHERE invoice_id = ${issued.id}`.execute(db)).rejects.toThrow(
      /cannot be changed or deleted/,
    );
  });

  it("refuses a tranche above what of the pledge is not yet invoiced, and frees a void invoice's amount", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "1000.00" });
    const a = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "600.00" });
    const tooMuch = await refusal(createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "400.01" }));
    expect(tooMuch).toMatchObject({ code: "exceeds_pledge", details: { available: "400.00", requested: "400.01" } });
    const b = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id });
    expect(b.total).toBe("400.00");
    expect(
      (
        await refusal(
          editDraft(db, world.coordinator, a.id, a.version, { lines: [{ description: "more", unitPrice: "600.01" }] }),
        )
      ).code,
    ).toBe("exceeds_pledge");
    const issuedA = await issueInvoice(db, world.coordinator, a.id, { issueDate: "2030-06-01" });
    // Replacing voids A and drafts the same 600.00 again: its own amount is what is freed.
    const { voided, draft } = await replaceInvoice(db, world.coordinator, issuedA.id, {
      reason: "Wrong bill-to address",
    });
    expect(voided.status).toBe("void");
    expect(draft).toMatchObject({ status: "draft", number: null, total: "600.00", replacesInvoiceId: issuedA.id });
    expect(draft.lines).toEqual(issuedA.lines);
    expect((await getInvoice(db, world.coordinator, issuedA.id)).replacedByInvoiceId).toBe(draft.id);
    expect((await refusal(replaceInvoice(db, world.coordinator, issuedA.id))).code).toBe("already_replaced");
    expect(
      (await refusal(createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "0.01" }))).code,
    ).toBe("exceeds_pledge");
  });

  it("writes an audit row for every change, in the same transaction", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "100.00" });
    const draft = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id });
    const issued = await issueInvoice(db, world.coordinator, draft.id, { issueDate: "2030-07-01" });
    await recordPayment(
      db,
      world.coordinator,
      issued.id,
      { amount: "10.00", paidOn: "2030-07-02", bankReference: "A" },
      AFTER_ALL,
    );
    await replaceInvoice(db, world.coordinator, issued.id, { reason: "Replaced for the test" });
    const rows = await db
      .selectFrom("audit_log")
      .select(["action", "entity_id", "actor_user_id"])
      .where("entity_type", "=", "invoice")
      .where("entity_id", "=", String(issued.id))
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      "invoice.create_draft",
      "invoice.issue",
      "invoice.payment",
      "invoice.void",
    ]);
    expect(rows.every((r) => r.actor_user_id === world.coordinator.id)).toBe(true);
    const pledgeAudit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "pledge")
      .where("entity_id", "=", String(pledge.id))
      .execute();
    expect(pledgeAudit.map((r) => r.action)).toEqual(["pledge.create"]);
    // A refused change leaves no audit row behind.
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("audit_log")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await refusal(createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "1000.00" }));
    expect(await count()).toBe(before);
  });

  it("refuses to issue before the invoicing settings exist", async () => {
    const { db } = use();
    await setup();
    const pledge = await makePledge(db, world, { amount: "100.00" });
    const draft = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id });
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom("settings").execute();
        const error = await refusal(issueInvoice(trx, world.coordinator, draft.id, { issueDate: "2030-08-01" }));
        expect(error.code).toBe("settings_missing");
        throw new Error("rollback"); // puts the settings back for the other tests
      })
      .catch((e: Error) => expect(e.message).toBe("rollback"));
    expect((await getInvoice(db, world.coordinator, draft.id)).status).toBe("draft");
  });

  it(
    "dates a payment neither after today nor before the issue " +
      "date, each refused on the date field with its own reason",
    async () => {
      const { db } = use();
      await setup();
      const pledge = await makePledge(db, world, { amount: "300.00" });
      const issuedToday = await issueInvoice(
        db,
        world.coordinator,
        (await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "100.00" })).id,
      );
      // The real clock: 2030-01-01 is in the future.
      const future = await refusal(
        recordPayment(db, world.coordinator, issuedToday.id, {
          amount: "1.00",
          paidOn: "2030-01-01",
          bankReference: "X",
        }),
      );
      expect([future.code, future.fields.paidOn]).toEqual(["invalid", "A payment cannot be dated in the future"]);
      const issued = await issueInvoice(
        db,
        world.coordinator,
        (await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "100.00" })).id,
        { issueDate: "2030-09-10" },
      );
      const day = { today: "2030-09-20" };
      const tomorrow = await refusal(
        recordPayment(
          db,
          world.coordinator,
          issued.id,
          { amount: "1.00", paidOn: "2030-09-21", bankReference: "X" },
          day,
        ),
      );
      expect(tomorrow.fields.paidOn).toBe("A payment cannot be dated in the future");
      const early = await refusal(
        recordPayment(
          db,
          world.coordinator,
          issued.id,
          { amount: "1.00", paidOn: "2030-09-09", bankReference: "X" },
          day,
        ),
      );
      expect(early.fields.paidOn).toBe("A payment cannot be dated before the issue date");
      // Both ends are allowed: the issue date and today.
      await recordPayment(
        db,
        world.coordinator,
        issued.id,
        { amount: "1.00", paidOn: "2030-09-10", bankReference: "first day" },
        day,
      );
      const last = await recordPayment(
        db,
        world.coordinator,
        issued.id,
        { amount: "1.00", paidOn: "2030-09-20", bankReference: "today" },
        day,
      );
      expect(last.invoice.payments.map((p) => p.paidOn)).toEqual(["2030-09-10", "2030-09-20"]);
    },
  );

  it(
    "keeps in a payment's audit entry what it changed: amount, " +
      "date, reference and the invoice's status and balance",
    async () => {
      const { db } = use();
      await setup();
      const pledge = await makePledge(db, world, { amount: "100.00" });
      const issued = await issueInvoice(
        db,
        world.coordinator,
        (await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id })).id,
        { issueDate: "2030-07-01" },
      );
      await recordPayment(
        db,
        world.coordinator,
        issued.id,
        { amount: "10.00", paidOn: "2030-07-02", bankReference: "STMT-77" },
        AFTER_ALL,
      );
      const entry = await db
        .selectFrom("audit_log")
        .select(["before", "after"])
        .where("entity_type", "=", "invoice")
        .where("entity_id", "=", String(issued.id))
        .where("action", "=", "invoice.payment")
        .executeTakeFirstOrThrow();
      expect(entry.before).toEqual({ status: "issued", paid: "0.00", outstanding: "100.00" });
      expect(entry.after).toEqual({
        amount: "10.00",
        paid_on: "2030-07-02",
        bank_reference: "STMT-77",
        status: "partly_paid",
        paid: "10.00",
        outstanding: "90.00",
      });
    },
  );

  it(
    "does not invoice a pledge whose currency has no " + "rate, nor issue with bank details that are not valid",
    async () => {
      const { db } = use();
      await setup();
      const pledge = await makePledge(db, world, { amount: "100.00" });
      await expect(makePledge(db, world, { currency: "XYZ" })).rejects.toMatchObject({
        code: "invalid",
        fields: { currency: "No exchange rate is known for this currency" },
      });
      const draft = await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "10.00" });
      await db
        .transaction()
        .execute(async (trx) => {
          // Rows stored before these checks existed.
          await trx.updateTable("pledges").set({ currency: "XYZ" }).where("id", "=", pledge.id).execute();
          const refused = await refusal(
            createInvoiceDraft(trx, world.coordinator, { pledgeId: pledge.id, amount: "10.00" }),
          );
          expect([refused.code, refused.fields._form]).toEqual([
            "invalid",
            "The pledge's currency has no exchange rate",
          ]);
          await trx.updateTable("pledges").set({ currency: "EUR" }).where("id", "=", pledge.id).execute();
          await sql`UPDATE settings
            SET value = jsonb_set(value, '{iban}', '"NOT AN IBAN"')
            WHERE key = 'invoicing.bank'`.execute(trx);
          expect(
            (await refusal(issueInvoice(trx, world.coordinator, draft.id, { issueDate: "2030-08-01" }))).code,
          ).toBe("settings_missing");
          throw new Error("rollback");
        })
        .catch((e: Error) => expect(e.message).toBe("rollback"));
      expect((await getInvoice(db, world.coordinator, draft.id)).status).toBe("draft");
    },
  );
});
