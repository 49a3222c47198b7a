import type { Kysely } from "kysely";
import type { Actor } from "../../app/accounts/permissions";
import { createInvoiceDraft } from "../../app/funding/invoice-drafts.server";
import { issueInvoice, replaceInvoice, voidInvoice } from "../../app/funding/invoice-lifecycle.server";
import { recordPayment } from "../../app/funding/payments.server";
import { createPledge } from "../../app/funding/pledge-announce.server";
import type { Database } from "../schema";
import { addDays } from "./marketplace";

// Pledges and invoices for the demo, made through the funding domain as the demo users would make
// them: the demo donor announces its own pledges, the admin records other donors' ones, and the
// demo coordinator invoices them, so every invoice state shows (draft, issued, overdue, partly paid,
// paid, void, and void replaced by a new invoice), with payments.

export interface DemoActors {
  donor: Actor;
  admin: Actor;
  coordinator: Actor;
}

export async function generateDemoFunding(
  db: Kysely<Database>,
  actors: DemoActors,
  donors: { demo: number; others: number[] },
  today: string,
): Promise<{ pledges: number; invoices: number; payments: number }> {
  const year = Number(today.slice(0, 4));
  const period = { periodStart: `${year}-01-01`, periodEnd: `${year + 1}-12-31` };
  const own = await createPledge(db, actors.donor, {
    organizationId: donors.demo,
    amount: "500000.00",
    currency: "EUR",
    purposeKind: "programme",
    ...period,
    note: "Demo: annual programme support.",
  });
  const german = await createPledge(db, actors.admin, {
    organizationId: donors.others[0],
    amount: "300000.00",
    currency: "USD",
    purposeKind: "pillar",
    pillarCode: "I",
    ...period,
  });
  const japanese = await createPledge(db, actors.admin, {
    organizationId: donors.others[1],
    amount: "200000.00",
    currency: "USD",
    purposeKind: "country",
    countryIso3: "TJK",
    ...period,
  });

  const { coordinator } = actors;
  const draft = (pledgeId: number, amount: string) => createInvoiceDraft(db, coordinator, { pledgeId, amount });
  const issued = async (pledgeId: number, amount: string, issuedDaysAgo: number, termsDays: number) => {
    const invoice = await draft(pledgeId, amount);
    const issueDate = addDays(today, -issuedDaysAgo);
    return issueInvoice(db, coordinator, invoice.id, { issueDate, dueDate: addDays(issueDate, termsDays) });
  };
  const pay = (invoiceId: number, amount: string, daysAgo: number, reference: string) =>
    recordPayment(
      db,
      coordinator,
      invoiceId,
      { amount, paidOn: addDays(today, -daysAgo), bankReference: reference },
      { today },
    );

  await draft(german.id, "50000.00");
  await issued(own.id, "100000.00", 10, 30); // issued, due in 20 days
  await issued(own.id, "80000.00", 75, 30); // issued, overdue for 45 days
  const partly = await issued(japanese.id, "60000.00", 40, 45);
  await pay(partly.id, "25000.00", 20, "DEMO-BANK-0001");
  const paid = await issued(german.id, "100000.00", 90, 30);
  await pay(paid.id, "100000.00", 70, "DEMO-BANK-0002");
  const voided = await issued(japanese.id, "40000.00", 30, 30);
  await voidInvoice(db, coordinator, voided.id, "Demo: issued to the wrong department.");
  const wrong = await issued(own.id, "70000.00", 20, 30);
  const { draft: replacement } = await replaceInvoice(db, coordinator, wrong.id, {
    reason: "Demo: the amount was wrong.",
  });
  await issueInvoice(db, coordinator, replacement.id, { issueDate: addDays(today, -18), dueDate: addDays(today, 12) });
  return { pledges: 3, invoices: 8, payments: 2 };
}
