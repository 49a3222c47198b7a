import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { withParams } from "~/marketplace/filters";
import type { Option } from "./fields";

// Filters (a GET form: they live in the URL and work without JavaScript) and pagination.

export function FilterSelect({
  name,
  label,
  value,
  options,
  anyLabel,
}: {
  name: string;
  label: string;
  value?: string | number;
  options: readonly Option[];
  anyLabel?: string;
}) {
  const t = useT();
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value === undefined ? "" : String(value)}>
        <option value="">{anyLabel ?? t("market.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FilterForm({ label, children, mine }: { label: string; children: ReactNode; mine?: boolean }) {
  const t = useT();
  const location = useLocation();
  return (
    <Form method="get" className="filters" aria-label={label}>
      {mine ? <input type="hidden" name="mine" value="1" /> : null}
      {children}
      <div className="actions">
        <button type="submit" className="primary">
          {t("market.apply")}
        </button>
        <Link to={mine ? `${location.pathname}?mine=1` : location.pathname}>{t("market.reset")}</Link>
      </div>
    </Form>
  );
}

export function Pagination({
  page,
  pageCount,
  total,
  label,
}: {
  page: number;
  pageCount: number;
  total: number;
  label: string;
}) {
  const t = useT();
  const locale = useLocale();
  const { search } = useLocation();
  return (
    <nav className="pagination" aria-label={label}>
      <p>
        {t("market.results", { count: formatNumber(locale, total) })} ·{" "}
        {t("market.pageOf", { page: formatNumber(locale, page), pages: formatNumber(locale, pageCount) })}
      </p>
      {page > 1 ? (
        <Link to={withParams(search, { page: page - 1 })} rel="prev">
          {t("market.previous")}
        </Link>
      ) : null}
      {page < pageCount ? (
        <Link to={withParams(search, { page: page + 1 })} rel="next">
          {t("market.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** A year range for the period filter: a few years back and ahead. */
export function yearOptions(from = 2015, to = 2032): Option[] {
  const years: Option[] = [];
  for (let y = to; y >= from; y -= 1) years.push({ value: String(y), label: String(y) });
  return years;
}
