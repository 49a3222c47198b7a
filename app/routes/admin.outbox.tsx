import { pageTitle } from "~/i18n/titles";
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/accounts/guards.server";
import { Notice } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import { readQuery } from "~/forms/query";
import { smtpHost, smtpUrl } from "~/mail/config.server";
import { listOutbox } from "~/mail/outbox.server";
import { OutboxQuery } from "~/notifications/schemas";

// The mail outbox, newest first: without a mail server (no SMTP_URL) messages stay here, and an
// administrator reads them (the links in them included) so that a demo works without mail.

const PAGE_SIZE = 20;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminOutbox");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "settings:manage");
  const query = readQuery(OutboxQuery, new URL(request.url).searchParams);
  const { rows, total } = await listOutbox(context.db, { page: query.page, pageSize: PAGE_SIZE, to: query.to });
  return {
    total,
    page: query.page,
    to: query.to ?? "",
    smtpHost: smtpHost(smtpUrl()),
    rows: rows.map((r) => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      body: r.text_body,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
      attempts: r.attempts,
      nextAttempt: r.send_after.toISOString(),
      lastError: r.last_error,
    })),
  };
}

export default function Outbox() {
  const { rows, total, page, to, smtpHost } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <Notice kind={smtpHost ? "info" : "warning"}>
        <p>{smtpHost ? t("outbox.smtp", { host: smtpHost }) : t("outbox.noSmtp")}</p>
      </Notice>
      <Form method="get" className="actions">
        <div className="field">
          <label htmlFor="outbox-to">{t("outbox.filterTo")}</label>
          <input id="outbox-to" name="to" type="email" defaultValue={to} autoComplete="off" />
        </div>
        <button type="submit">{t("outbox.filter")}</button>
      </Form>
      {rows.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      {rows.map((m) => (
        <article key={m.id} className="card" aria-labelledby={`mail-${m.id}`}>
          <h2 id={`mail-${m.id}`}>{m.subject}</h2>
          <dl>
            <dt>{t("outbox.to")}</dt>
            <dd>{m.to}</dd>
            <dt>{t("outbox.created")}</dt>
            <dd>{formatDateTime(locale, m.createdAt)}</dd>
            <dt>{t("outbox.status")}</dt>
            <dd>
              {m.sentAt
                ? t("outbox.sent", { at: formatDateTime(locale, m.sentAt) })
                : m.attempts > 0
                  ? plural(t, locale, "outbox.failing", m.attempts, {
                      attempts: formatNumber(locale, m.attempts),
                      at: formatDateTime(locale, m.nextAttempt),
                      error: m.lastError ?? "",
                    })
                  : t("outbox.waiting")}
            </dd>
          </dl>
          <details>
            <summary>{t("outbox.body")}</summary>
            <div className="outbox-body">{m.body}</div>
          </details>
        </article>
      ))}
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
