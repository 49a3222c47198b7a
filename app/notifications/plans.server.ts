import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { formatMoney } from "~/i18n/format";
import type { NotificationEventType, NotificationParams } from "./events";

// For each event: who is told, the sentence's parts and the item it links to. One query or two per
// event, whatever the number of recipients.

type Db = Kysely<Database> | Transaction<Database>;

export type NotificationEvent =
  | { type: "access.submitted"; requestId: number }
  | { type: "access.approved"; userId: number }
  | { type: "access.rejected"; userId: number; reason: string }
  | { type: "match.proposed"; matchId: number }
  | { type: "match.decided"; matchId: number }
  | { type: "duplicate.found"; pairIds: number[] }
  | { type: "duplicate.marked"; pairId: number }
  | { type: "invoice.issued"; invoiceId: number }
  | { type: "invoice.paid"; invoiceId: number; amount: string }
  | { type: "need.listed"; needId: number };

/** One notification, the same for a group of recipients. */
export interface NotificationPlan {
  event: NotificationEventType;
  recipients: number[];
  link: string;
  params: NotificationParams;
}

const money = (amount: string, currency: string) => ({
  en: formatMoney("en", amount, currency.trim()),
  ru: formatMoney("ru", amount, currency.trim()),
});

function activeUsers(db: Db) {
  return db.selectFrom("users").select("id").where("status", "=", "active");
}

async function ids(query: { execute(): Promise<Array<{ id: number }>> }): Promise<number[]> {
  return (await query.execute()).map((r) => r.id);
}

const staff = (db: Db) => ids(activeUsers(db).where("role", "in", ["coordinator", "admin"]));

async function accessSubmitted(db: Db, requestId: number): Promise<NotificationPlan[]> {
  const request = await db
    .selectFrom("access_requests as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .leftJoin("organizations as o", "o.id", "r.organization_id")
    .select(["u.full_name", "o.name", "r.new_organization_name"])
    .where("r.id", "=", requestId)
    .executeTakeFirstOrThrow();
  const organization = request.name ?? request.new_organization_name ?? "";
  return [
    {
      event: "access.submitted",
      recipients: await staff(db),
      link: "/admin/requests",
      params: { name: request.full_name, organization },
    },
  ];
}

async function matchPair(db: Db, matchId: number) {
  return db
    .selectFrom("matches as m")
    .innerJoin("needs as n", "n.id", "m.need_id")
    .innerJoin("projects as p", "p.id", "m.project_id")
    .select([
      "m.proposed_side",
      "m.proposed_by",
      "m.status",
      "n.country_iso3",
      "n.title as need",
      "p.title as project",
      "p.organization_id",
    ])
    .where("m.id", "=", matchId)
    .executeTakeFirstOrThrow();
}

/**
 * The other side: the need's country's beneficiaries for a donor's proposal, the project's donors for a
 * beneficiary's, both for a coordinator's.
 */
async function matchProposed(db: Db, matchId: number): Promise<NotificationPlan[]> {
  const m = await matchPair(db, matchId);
  const beneficiaries =
    m.proposed_side === "beneficiary"
      ? []
      : await ids(activeUsers(db).where("role", "=", "beneficiary").where("country_iso3", "=", m.country_iso3));
  const donors =
    m.proposed_side === "donor"
      ? []
      : await ids(activeUsers(db).where("role", "=", "donor").where("organization_id", "=", m.organization_id));
  return [
    {
      event: "match.proposed",
      recipients: [...beneficiaries, ...donors],
      link: `/matches/${matchId}`,
      params: { need: m.need, project: m.project },
    },
  ];
}

async function matchDecided(db: Db, matchId: number): Promise<NotificationPlan[]> {
  const m = await matchPair(db, matchId);
  const decision = m.status === "confirmed" ? "confirmed" : "rejected";
  const params = {
    need: m.need,
    project: m.project,
    decision: {
      en: decision === "confirmed" ? "confirmed" : "rejected",
      ru: decision === "confirmed" ? "подтверждено" : "отклонено",
    },
  };
  return [{ event: "match.decided", recipients: [m.proposed_by], link: `/matches/${matchId}`, params }];
}

async function duplicateFound(db: Db, pairIds: number[]): Promise<NotificationPlan[]> {
  if (!pairIds.length) return [];
  const [pairs, recipients] = await Promise.all([
    db
      .selectFrom("duplicate_pairs as d")
      .innerJoin("projects as a", "a.id", "d.project_a_id")
      .innerJoin("projects as b", "b.id", "d.project_b_id")
      .select(["d.id", "a.title as a", "b.title as b"])
      .where("d.id", "in", pairIds)
      .orderBy("d.id")
      .execute(),
    staff(db),
  ]);
  return pairs.map((p) => ({
    event: "duplicate.found",
    recipients,
    link: `/duplicates/${p.id}`,
    params: { a: p.a, b: p.b },
  }));
}

/** Each project's donors are told, with a link to their own project (the pair's page is the coordinators'). */
async function duplicateMarked(db: Db, pairId: number): Promise<NotificationPlan[]> {
  const sides = await db
    .selectFrom("duplicate_pairs as d")
    .innerJoin("projects as p", (join) =>
      join.on((eb) => eb.or([eb("p.id", "=", eb.ref("d.project_a_id")), eb("p.id", "=", eb.ref("d.project_b_id"))])),
    )
    .select(["p.id", "p.title", "p.organization_id"])
    .where("d.id", "=", pairId)
    .orderBy("p.id")
    .execute();
  const plans: NotificationPlan[] = [];
  for (const side of sides) {
    const other = sides.find((s) => s.id !== side.id);
    if (!other) continue;
    const recipients = await ids(
      activeUsers(db).where("role", "=", "donor").where("organization_id", "=", side.organization_id),
    );
    plans.push({
      event: "duplicate.marked",
      recipients,
      link: `/projects/${side.id}`,
      params: { project: side.title, other: other.title },
    });
  }
  return plans;
}

async function invoiceEvent(
  db: Db,
  event: "invoice.issued" | "invoice.paid",
  invoiceId: number,
  amount?: string,
): Promise<NotificationPlan[]> {
  const invoice = await db
    .selectFrom("invoices")
    .select(["number", "bill_to_organization_id", "bill_to_name", "total", "currency"])
    .where("id", "=", invoiceId)
    .executeTakeFirstOrThrow();
  const recipients = await ids(activeUsers(db).where("organization_id", "=", invoice.bill_to_organization_id));
  const params = {
    number: invoice.number ?? "",
    organization: invoice.bill_to_name,
    amount: money(amount ?? invoice.total, invoice.currency),
  };
  return [{ event, recipients, link: `/invoices/${invoiceId}`, params }];
}

/** Donors who follow the need's pillar, its country, or a route its country is on. */
async function needListed(db: Db, needId: number): Promise<NotificationPlan[]> {
  const need = await db
    .selectFrom("needs as n")
    .innerJoin("countries as c", "c.iso3", "n.country_iso3")
    .select(["n.title", "n.pillar_code", "n.country_iso3", "c.name_en", "c.name_ru"])
    .where("n.id", "=", needId)
    .executeTakeFirstOrThrow();
  const country = need.country_iso3.trim();
  const recipients = await ids(
    activeUsers(db)
      .where("role", "=", "donor")
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("follows as f")
            .select("f.id")
            .whereRef("f.user_id", "=", "users.id")
            .where((w) =>
              w.or([
                w.and([w("f.kind", "=", "pillar"), w("f.code", "=", need.pillar_code)]),
                w.and([w("f.kind", "=", "country"), w("f.code", "=", country)]),
                w.and([
                  w("f.kind", "=", "route"),
                  w(
                    "f.code",
                    "in",
                    w.selectFrom("route_countries").select("route_code").where("country_iso3", "=", country),
                  ),
                ]),
              ]),
            ),
        ),
      ),
  );
  return [
    {
      event: "need.listed",
      recipients,
      link: `/needs/${needId}`,
      params: { title: need.title, pillar: need.pillar_code, country: { en: need.name_en, ru: need.name_ru } },
    },
  ];
}

export async function planNotifications(db: Db, event: NotificationEvent): Promise<NotificationPlan[]> {
  switch (event.type) {
    case "access.submitted":
      return accessSubmitted(db, event.requestId);
    case "access.approved":
      return [{ event: event.type, recipients: [event.userId], link: "/dashboard", params: {} }];
    case "access.rejected":
      return [{ event: event.type, recipients: [event.userId], link: "/login", params: { reason: event.reason } }];
    case "match.proposed":
      return matchProposed(db, event.matchId);
    case "match.decided":
      return matchDecided(db, event.matchId);
    case "duplicate.found":
      return duplicateFound(db, event.pairIds);
    case "duplicate.marked":
      return duplicateMarked(db, event.pairId);
    case "invoice.issued":
      return invoiceEvent(db, event.type, event.invoiceId);
    case "invoice.paid":
      return invoiceEvent(db, event.type, event.invoiceId, event.amount);
    case "need.listed":
      return needListed(db, event.needId);
  }
}
