import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { translator } from "~/i18n";
import { composeMail } from "~/mail/compose";
import { enqueueMail } from "~/mail/outbox.server";
import { inTransaction } from "~/utils/transaction.server";
import { notificationText } from "./render";

/** The hour (UTC) of the daily digest: it gathers what arrived before that hour and was not mailed yet. */
export const DIGEST_HOUR_UTC = 6;
/** A digest lists at most this many notifications; any more go in the next one. */
const DIGEST_MAX_ITEMS = 100;

/** The latest digest moment at or before `now`. */
export function digestCutoff(now: Date, hourUtc = DIGEST_HOUR_UTC): Date {
  const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  return cutoff > now ? new Date(cutoff.getTime() - 86_400_000) : cutoff;
}

/**
 * Writes one digest e-mail per person with notifications waiting since before today's digest hour,
 * each in its own transaction with the flags it clears, so that a run that stops half way (or two
 * runs at once) never mails a notification twice. Run hourly: a run after the digest hour finds
 * the day's notifications; later runs find nothing new until the next day.
 */
export async function compileDigests(db: Kysely<Database>, now = new Date()): Promise<number> {
  const cutoff = digestCutoff(now);
  const waiting = await db
    .selectFrom("notifications")
    .select("user_id")
    .distinct()
    .where("digest_pending", "=", true)
    .where("created_at", "<", cutoff)
    .execute();
  let written = 0;
  for (const { user_id: userId } of waiting) if (await compileOne(db, userId, cutoff)) written += 1;
  return written;
}

async function compileOne(db: Kysely<Database>, userId: number, cutoff: Date): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const items = await trx
      .selectFrom("notifications")
      .select(["id", "event", "params", "link"])
      .where("user_id", "=", userId)
      .where("digest_pending", "=", true)
      .where("created_at", "<", cutoff)
      .orderBy("created_at")
      .orderBy("id")
      .limit(DIGEST_MAX_ITEMS)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!items.length) return false;
    await trx
      .updateTable("notifications")
      .set({ digest_pending: false })
      .where(
        "id",
        "in",
        items.map((i) => i.id),
      )
      .execute();
    const user = await trx
      .selectFrom("users")
      .select(["email", "full_name", "locale", "status"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    if (user.status !== "active") return false;
    const t = translator(user.locale);
    const mail = composeMail({
      locale: user.locale,
      recipientName: user.full_name,
      subject: t("mail.digestSubject", { count: items.length }),
      paragraphs: [t("mail.digestIntro")],
      items: items.map((i) => ({ text: notificationText(user.locale, i.event, i.params), link: i.link })),
      settingsFooter: true,
    });
    await enqueueMail(trx, [{ ...mail, userId, to: user.email, locale: user.locale, kind: "digest" }]);
    return true;
  });
}
