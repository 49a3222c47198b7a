import { Link, useLocation } from "@remix-run/react";
import { formatNumber } from "~/i18n/format";
import { useLocale, useT } from "~/i18n";

/** Previous/next links that keep the page's other query parameters (its filters). */
export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (target: number) => {
    const params = new URLSearchParams(location.search);
    if (target <= 1) params.delete("page");
    else params.set("page", String(target));
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}`;
  };
  return (
    <nav aria-label={t("list.pagination")} className="pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {t("list.previous")}
        </Link>
      ) : null}
      <span>
        {t("list.pageOf", {
          page: formatNumber(locale, Math.min(page, pages)),
          pages: formatNumber(locale, pages),
        })}{" "}
        · {t("list.total", { total: formatNumber(locale, total) })}
      </span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next">
          {t("list.next")}
        </Link>
      ) : null}
    </nav>
  );
}
