import { Link, useLocation } from "@remix-run/react";
import type { InvoiceStatus as InvoiceStatusValue } from "../../db/schema";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";

// Small pieces shared by the pledge, invoice and funding pages.

/** Previous / next links that keep the other query parameters. */
export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (n: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(n));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pagination" aria-label={t("funding.pagination")}>
      {page > 1 ? <Link to={href(page - 1)}>{t("funding.previous")}</Link> : null}
      <span>
        {t("funding.pageOf", {
          page: formatNumber(locale, page),
          pages: formatNumber(locale, pages),
          total: formatNumber(locale, total),
        })}
      </span>
      {page < pages ? <Link to={href(page + 1)}>{t("funding.next")}</Link> : null}
    </nav>
  );
}

/** The status in words; an overdue invoice says so in words too, not only in colour. */
export function InvoiceStatus({ status, overdue }: { status: InvoiceStatusValue; overdue: boolean }) {
  const t = useT();
  return (
    <>
      <span className="badge">{t(`invoiceStatus.${status}`)}</span>
      {overdue ? <strong className="overdue"> {t("invoices.overdue")}</strong> : null}
    </>
  );
}

export interface PurposeView {
  purposeKind: string;
  pillarCode: string | null;
  countryIso3: string | null;
  projectId: number | null;
  needId: number | null;
}

const pillarName = (pillars: Array<{ code: string; name: string }>, code: string | null) =>
  pillars.find((p) => p.code === code)?.name ?? "";

/** What a pledge is for, in words. */
export function Purpose({
  pledge,
  pillars,
  countries,
}: {
  pledge: PurposeView;
  pillars: Array<{ code: string; name: string }>;
  countries: Array<{ iso3: string; name: string }>;
}) {
  const t = useT();
  switch (pledge.purposeKind) {
    case "pillar":
      return (
        <>{`${t("pillars.pillar", { code: pledge.pillarCode ?? "" })}: ${pillarName(pillars, pledge.pillarCode)}`}</>
      );
    case "country":
      return <>{countries.find((c) => c.iso3 === pledge.countryIso3)?.name ?? pledge.countryIso3}</>;
    case "project":
      return <>{t("pledges.forProject", { id: pledge.projectId ?? "" })}</>;
    case "need":
      return <>{t("pledges.forNeed", { id: pledge.needId ?? "" })}</>;
    default:
      return <>{t("purpose.programme")}</>;
  }
}

/** The reminder that sits on every page showing pledges. */
export function PromiseNote() {
  const t = useT();
  return (
    <p className="notice" role="note">
      {t("pledges.promiseNote")}
    </p>
  );
}
