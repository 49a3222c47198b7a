import type { Kysely, Transaction } from "kysely";
import type { Database, Delivery, Locale } from "../../db/schema";
import { translator } from "~/i18n";
import { composeMail } from "~/mail/compose";
import { enqueueMail, type NewMail } from "~/mail/outbox.server";
import { DEFAULT_DELIVERY, type NotificationEventType } from "./events";
import { planNotifications, type NotificationEvent, type NotificationPlan } from "./plans.server";
import { notificationText } from "./render";

export type { NotificationEvent };

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Tells the people an event concerns: a notification in the app for each, and an e-mail at once or
 * in the next daily digest as each chose. Call it in the transaction of the action, so that both
 * commit or roll back with it; nothing is sent here (the mail outbox's worker sends). The actor is
 * never told of their own action.
 */
export async function notify(
  db: Db,
  event: NotificationEvent,
  options: { actorId?: number | null } = {},
): Promise<void> {
  const plans = (await planNotifications(db, event))
    .map((plan) => ({ ...plan, recipients: [...new Set(plan.recipients)].filter((id) => id !== options.actorId) }))
    .filter((plan) => plan.recipients.length > 0);
  if (!plans.length) return;
  const recipients = await loadRecipients(db, plans);
  for (const plan of plans) await deliver(db, plan, recipients);
}

interface Recipient {
  id: number;
  email: string;
  fullName: string;
  locale: Locale;
  deliveries: Map<string, Delivery>;
}

async function loadRecipients(db: Db, plans: NotificationPlan[]): Promise<Map<number, Recipient>> {
  const ids = [...new Set(plans.flatMap((p) => p.recipients))];
  const events = [...new Set(plans.map((p) => p.event))];
  const [users, preferences] = await Promise.all([
    db.selectFrom("users").select(["id", "email", "full_name", "locale"]).where("id", "in", ids).execute(),
    db
      .selectFrom("notification_preferences")
      .selectAll()
      .where("user_id", "in", ids)
      .where("event", "in", events)
      .execute(),
  ]);
  const map = new Map<number, Recipient>();
  for (const u of users)
    map.set(u.id, { id: u.id, email: u.email, fullName: u.full_name, locale: u.locale, deliveries: new Map() });
  for (const p of preferences) map.get(p.user_id)?.deliveries.set(p.event, p.delivery);
  return map;
}

export function deliveryOf(recipient: { deliveries: Map<string, Delivery> }, event: NotificationEventType): Delivery {
  return recipient.deliveries.get(event) ?? DEFAULT_DELIVERY[event];
}

async function deliver(db: Db, plan: NotificationPlan, recipients: Map<number, Recipient>): Promise<void> {
  const people = plan.recipients.map((id) => recipients.get(id)).filter((r): r is Recipient => r !== undefined);
  if (!people.length) return;
  const params = JSON.stringify(plan.params);
  await db
    .insertInto("notifications")
    .values(
      people.map((r) => ({
        user_id: r.id,
        event: plan.event,
        params,
        link: plan.link,
        digest_pending: deliveryOf(r, plan.event) === "digest",
      })),
    )
    .execute();
  const mails: NewMail[] = people
    .filter((r) => deliveryOf(r, plan.event) === "immediate")
    .map((r) => {
      const text = notificationText(r.locale, plan.event, plan.params);
      const subject = translator(r.locale)("mail.subjectPrefix") + text;
      const composed = composeMail({
        locale: r.locale,
        recipientName: r.fullName,
        subject,
        paragraphs: [],
        items: [{ text, link: plan.link }],
        settingsFooter: true,
      });
      return { ...composed, userId: r.id, to: r.email, locale: r.locale, kind: plan.event };
    });
  await enqueueMail(db, mails);
}
