import { Form, Link } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { useLocale, useT } from "~/i18n";
import { formatDate } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import { NOUN_OF, type Queue } from "../queue";

/** One queue: its heading with the count (read out with it), what to do, the newest few, a link to all. */
export function QueueSection({ queue }: { queue: Queue }) {
  const t = useT();
  const locale = useLocale();
  const id = `queue-${queue.key}`;
  const countOf = (count: number) => plural(t, locale, `queue.count.${NOUN_OF[queue.key]}`, count);
  return (
    <section aria-labelledby={id} className="queue">
      <h3 id={id}>
        {t(`queue.${queue.key}.title`)} <span className="badge">{countOf(queue.count)}</span>
      </h3>
      <p className="hint">{t(`queue.${queue.key}.todo`, { days: queue.days ?? 0 })}</p>
      {queue.parts?.length ? (
        <ul className="queue-parts">
          {queue.parts.map((part) => {
            const text = `${countOf(part.count)} ${t(`queue.part.${part.key}`)}`;
            return <li key={part.key}>{part.href ? <Link to={part.href}>{text}</Link> : text}</li>;
          })}
        </ul>
      ) : null}
      {queue.key === "flaggedCells" ? (
        <p className="hint">
          {queue.seenAt ? t("queue.seenSince", { date: formatDate(locale, queue.seenAt) }) : t("queue.seenNever")}
        </p>
      ) : null}
      {queue.entries.length ? (
        <ul className="queue-entries">
          {queue.entries.map((entry) => (
            <li key={entry.key}>
              {entry.href ? <Link to={entry.href}>{entry.title}</Link> : entry.title}
              {entry.date ? <span className="hint"> — {formatDate(locale, entry.date)}</span> : null}
              {entry.tag ? <span className={`badge ${entry.tag}`}>{t(`queue.tag.${entry.tag}`)}</span> : null}
            </li>
          ))}
        </ul>
      ) : queue.key !== "needCoverage" && queue.count === 0 ? (
        <p>{t("queue.none")}</p>
      ) : null}
      {queue.canMarkSeen ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="mark-cells-seen" />
          <button type="submit" className="secondary">
            {t("queue.markSeen")}
          </button>
        </Form>
      ) : null}
      {queue.href && queue.count > queue.entries.length ? (
        <p>
          <Link to={queue.href}>{t("queue.all")}</Link>
        </p>
      ) : null}
    </section>
  );
}
