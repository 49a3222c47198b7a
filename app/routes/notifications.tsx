import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { readQuery } from "~/forms/query";
import { listNotifications, markAllRead, setRead } from "~/notifications/queries.server";
import { notificationText } from "~/notifications/render";
import { NotificationActionSchema, NotificationsQuery } from "~/notifications/schemas";
import { readForm } from "~/utils/csrf.server";

const PAGE_SIZE = 25;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.notifications");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const query = readQuery(NotificationsQuery, new URL(request.url).searchParams);
  const list = await listNotifications(context.db, user.id, {
    page: query.page,
    pageSize: PAGE_SIZE,
    unreadOnly: query.show === "unread",
  });
  return {
    ...list,
    page: query.page,
    unreadOnly: query.show === "unread",
    rows: list.rows.map((r) => ({
      id: r.id,
      event: r.event,
      params: r.params,
      link: r.link,
      createdAt: r.created_at.toISOString(),
      read: r.read_at !== null,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseWithZod(await readForm(request, context), { schema: NotificationActionSchema });
  if (submission.status !== "success") return data({ ok: false }, { status: 400 });
  const value = submission.value;
  if (value.intent === "read-all") {
    await markAllRead(context.db, user.id);
    return { ok: true };
  }
  // Someone else's notification answers as one that does not exist.
  const found = await setRead(context.db, user.id, value.id, value.intent === "read");
  return found ? { ok: true } : data({ ok: false }, { status: 404 });
}

export default function Notifications() {
  const { rows, total, unread, matching, page, unreadOnly } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("notifications.title")}</h1>
      <p className="lead">
        {t("notifications.summary", { unread: formatNumber(locale, unread), total: formatNumber(locale, total) })}
      </p>
      <p>
        <Link to="/profile/notifications">{t("notifications.settings")}</Link>
      </p>
      <div className="toolbar">
        <nav aria-label={t("notifications.show")}>
          <Link to="/notifications" aria-current={unreadOnly ? undefined : "page"}>
            {t("notifications.showAll")}
          </Link>{" "}
          ·{" "}
          <Link to="/notifications?show=unread" aria-current={unreadOnly ? "page" : undefined}>
            {t("notifications.showUnread")}
          </Link>
        </nav>
        {unread > 0 ? (
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="read-all">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <ul className="notification-list">
          {rows.map((n) => {
            const text = notificationText(locale, n.event, n.params);
            return (
              <li key={n.id} className={n.read ? "notification read" : "notification unread"}>
                <p>
                  <span className="visually-hidden">
                    {n.read ? t("notifications.read") : t("notifications.unread")}:{" "}
                  </span>
                  {n.read ? (
                    <Link to={n.link}>{text}</Link>
                  ) : (
                    <strong>
                      <Link to={n.link}>{text}</Link>
                    </strong>
                  )}
                </p>
                <p className="meta">
                  <time dateTime={n.createdAt}>{formatDateTime(locale, n.createdAt)}</time>
                </p>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="id" value={n.id} />
                  <button
                    type="submit"
                    name="intent"
                    value={n.read ? "unread" : "read"}
                    aria-label={`${n.read ? t("notifications.markUnread") : t("notifications.markRead")}: ${text}`}
                  >
                    {n.read ? t("notifications.markUnread") : t("notifications.markRead")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={matching} />
    </>
  );
}
