import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, MailOutboxTable } from "../../db/schema";
import type { ComposedMail } from "./compose";
import type { MailTransport } from "./transport.server";

// Mail goes through an outbox: a domain write adds its messages in its own transaction, so they
// commit or roll back with it, and sending never fails (nor slows) the user's action. A worker sends
// due messages; a failed message is retried later, waiting longer after each failure, and never
// dropped. Each row is claimed by one worker (FOR UPDATE SKIP LOCKED, like the search outbox) and
// marked sent at once after the server accepted it, so no message is sent twice.

type Db = Kysely<Database> | Transaction<Database>;

export interface NewMail extends ComposedMail {
  userId: number | null;
  to: string;
  locale: string;
  /** What the message is: a notification event, "digest", or an account message ("reset_password"). */
  kind: string;
}

export async function enqueueMail(db: Db, mails: NewMail[]): Promise<void> {
  if (!mails.length) return;
  await db
    .insertInto("mail_outbox")
    .values(
      mails.map((m) => ({
        user_id: m.userId,
        to_address: m.to,
        locale: m.locale,
        kind: m.kind,
        subject: m.subject,
        text_body: m.text,
        html_body: m.html,
      })),
    )
    .execute();
}

/** The wait after the n-th failure in a row: 30 s, doubling, at most an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

/** How long a claim lasts: a worker that dies leaves its messages to others after this. */
export const MAIL_CLAIM_SECONDS = 300;

/** A claimed message as the outbox holds it. Claimed in raw SQL: UPDATE … FROM a SKIP LOCKED subquery. */
const ClaimedMail = z.object({
  id: column.bigint,
  to_address: column.text,
  subject: column.text,
  text_body: column.text,
  html_body: column.text,
  attempts: column.int,
}) satisfies z.ZodType<
  Pick<Selectable<MailOutboxTable>, "id" | "to_address" | "subject" | "text_body" | "html_body" | "attempts">
>;
type ClaimedMail = z.infer<typeof ClaimedMail>;

/**
 * Claims due messages. `now` is the database's clock unless a time is given: a message queued by the
 * same server a moment ago is due at once, which a JavaScript Date (whole milliseconds) would deny
 * within the millisecond of its `send_after` (microseconds, `now()` at insert).
 */
async function claimDue(db: Kysely<Database>, now: Date | undefined, batchSize: number): Promise<ClaimedMail[]> {
  const at = now ? sql`${now}::timestamptz` : sql`now()`;
  const rows = await rawRows(
    db,
    "outbox.claimDue",
    ClaimedMail,
    sql`
    UPDATE mail_outbox o SET claimed_until = ${at} + make_interval(secs => ${MAIL_CLAIM_SECONDS})
    FROM (
      SELECT id FROM mail_outbox
      WHERE sent_at IS NULL AND send_after <= ${at} AND (claimed_until IS NULL OR claimed_until < ${at})
      ORDER BY send_after, id LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) AS due
    WHERE o.id = due.id
    RETURNING o.id, o.to_address, o.subject, o.text_body, o.html_body, o.attempts`,
  );
  return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

export interface MailDrainResult {
  sent: number;
  failed: number;
  error?: string;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
}

/**
 * Sends the due messages, oldest first, until none is due or one fails. After a failure the rest
 * of the batch is released untouched: the server is likely down, and they wait for the next pass.
 */
export async function drainMailOutbox(
  db: Kysely<Database>,
  transport: MailTransport,
  options: { batchSize?: number; now?: Date; messageIdDomain?: string } = {},
): Promise<MailDrainResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 50;
  const result: MailDrainResult = { sent: 0, failed: 0 };
  for (;;) {
    const batch = await claimDue(db, options.now, batchSize);
    if (!batch.length) return result;
    for (const [index, mail] of batch.entries()) {
      try {
        await transport.send({
          messageId: `<outbox-${mail.id}@${options.messageIdDomain ?? "adam.local"}>`,
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text_body,
          html: mail.html_body,
        });
      } catch (error) {
        result.failed += 1;
        result.error = errorText(error);
        const attempts = mail.attempts + 1;
        const retryAt = new Date(now.getTime() + retryDelaySeconds(attempts) * 1000);
        await db
          .updateTable("mail_outbox")
          .set({ attempts, last_error: result.error, last_attempt_at: now, send_after: retryAt, claimed_until: null })
          .where("id", "=", mail.id)
          .execute();
        const rest = batch.slice(index + 1).map((m) => m.id);
        if (rest.length)
          await db.updateTable("mail_outbox").set({ claimed_until: null }).where("id", "in", rest).execute();
        return result;
      }
      await db
        .updateTable("mail_outbox")
        .set({ sent_at: new Date(), last_attempt_at: now, claimed_until: null })
        .where("id", "=", mail.id)
        .execute();
      result.sent += 1;
    }
    if (batch.length < batchSize) return result;
  }
}

export interface MailWorkerOptions {
  intervalMs?: number;
  maxBackoffMs?: number;
  onError?: (error: string) => void;
}

/** Sends due mail every intervalMs, pausing longer while the server fails. Returns a stop function. */
export function startMailWorker(
  db: Kysely<Database>,
  transport: MailTransport,
  options: MailWorkerOptions = {},
): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 5_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      const result = await drainMailOutbox(db, transport);
      failures = result.error ? failures + 1 : 0;
      if (result.error) options.onError?.(result.error);
    } catch (error) {
      failures += 1; // the database itself failed: try again later
      options.onError?.(errorText(error));
    }
  };
  const schedule = () => {
    if (stopped) return;
    const delay = failures === 0 ? intervalMs : Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures, 16));
    timer = setTimeout(() => {
      running = pass().then(schedule);
    }, delay);
    timer.unref(); // the worker alone must not keep the process alive
  };
  running = pass().then(schedule);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
    transport.close();
  };
}

/** Sent messages are kept a while for the outbox page, then deleted. */
export async function deleteSentMail(db: Kysely<Database>, olderThanDays = 30, now = new Date()): Promise<void> {
  await db
    .deleteFrom("mail_outbox")
    .where("sent_at", "<", new Date(now.getTime() - olderThanDays * 86_400_000))
    .execute();
}

export async function listOutbox(db: Kysely<Database>, options: { page: number; pageSize: number; to?: string }) {
  let query = db.selectFrom("mail_outbox");
  if (options.to) query = query.where((eb) => eb(eb.fn("lower", ["to_address"]), "=", options.to!.toLowerCase()));
  const [rows, total] = await Promise.all([
    query
      .select([
        "id",
        "to_address",
        "locale",
        "kind",
        "subject",
        "text_body",
        "created_at",
        "send_after",
        "attempts",
        "last_error",
        "sent_at",
      ])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
