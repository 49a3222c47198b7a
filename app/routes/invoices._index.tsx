import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { forbidden, requireUser, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { InvoiceStatus, Pagination } from "~/components/funding";
import { orResponse } from "~/errors/reply.server";
import { isOverdue, listInvoices } from "~/funding/invoices.server";
import { today } from "~/forms/dates";
import { INVOICE_STATUSES, readListFilters } from "~/funding/schemas";
import { useLocale, useT } from "~/i18n";
import { formatDate, formatMoney } from "~/i18n/format";
import { DownloadCsvLink } from "~/components/download-csv-link";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.invoices");

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const actor = toActor(user);
  const staff = can(actor.role, "invoice:manage");
  // The coordination unit sees every invoice; a donor, the issued invoices of its organization.
  if (!staff && !can(actor.role, "pledge:create")) throw forbidden();
  const filters = readListFilters(new URL(request.url));
  const page = await orResponse(
    listInvoices(context.db, actor, { status: filters.status, page: filters.page, pageSize: PAGE_SIZE }),
  );
  const asOf = today();
  return {
    staff,
    status: filters.status ?? null,
    page: {
      ...page,
      items: page.items.map((i) => ({
        id: i.id,
        number: i.number,
        pledgeId: i.pledgeId,
        billToName: i.billToName,
        currency: i.currency,
        total: i.total,
        outstanding: i.outstanding,
        issueDate: i.issueDate,
        dueDate: i.dueDate,
        status: i.status,
        overdue: isOverdue(i, asOf),
      })),
    },
  };
}

export default function Invoices() {
  const { staff, status, page } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("invoices.title")}</h1>
      <p className="lead">{staff ? t("invoices.introStaff") : t("invoices.introDonor")}</p>
      <StatusFilter staff={staff} status={status} />
      <p className="download">
        <DownloadCsvLink />
      </p>
      {staff ? (
        <p>
          {t("invoices.createHint")} <Link to="/pledges">{t("nav.pledges")}</Link>
        </p>
      ) : null}
      {page.items.length === 0 ? (
        <p role="status">{t("invoices.none")}</p>
      ) : (
        <table>
          <caption>{t("invoices.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("invoices.number")}</th>
              <th scope="col">{t("invoices.billTo")}</th>
              <th scope="col">{t("invoices.issueDate")}</th>
              <th scope="col">{t("invoices.dueDate")}</th>
              <th scope="col" className="num">
                {t("invoices.total")}
              </th>
              <th scope="col" className="num">
                {t("invoices.outstanding")}
              </th>
              <th scope="col">{t("invoices.status")}</th>
              <th scope="col">{t("invoices.pdf")}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((i) => {
              const label = i.number ?? t("invoices.draftNo", { id: i.id });
              return (
                <tr key={i.id} className={i.overdue ? "is-overdue" : undefined}>
                  <th scope="row">
                    <Link to={`/invoices/${i.id}`}>{label}</Link>
                  </th>
                  <td>{i.billToName}</td>
                  <td>{i.issueDate ? formatDate(locale, i.issueDate) : "—"}</td>
                  <td>{i.dueDate ? formatDate(locale, i.dueDate) : "—"}</td>
                  <td className="num">{formatMoney(locale, i.total, i.currency)}</td>
                  <td className="num">{formatMoney(locale, i.outstanding, i.currency)}</td>
                  <td>
                    <InvoiceStatus status={i.status} overdue={i.overdue} />
                  </td>
                  <td>
                    <a
                      href={`/invoices/${i.id}.pdf`}
                      download
                      aria-label={t("invoices.downloadOne", { number: label })}
                    >
                      {t("invoices.download")}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}

type InvoicesData = ReturnType<typeof useLoaderData<typeof loader>>;

function StatusFilter({ staff, status }: Pick<InvoicesData, "staff" | "status">) {
  const t = useT();
  return (
    <Form method="get" className="filters" aria-label={t("funding.filters")}>
      <div className="field">
        <label htmlFor="f-status">{t("invoices.status")}</label>
        <select id="f-status" name="status" defaultValue={status ?? ""}>
          <option value="">{t("funding.all")}</option>
          {INVOICE_STATUSES.filter((s) => staff || s !== "draft").map((s) => (
            <option key={s} value={s}>
              {t(`invoiceStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary">
        {t("funding.apply")}
      </button>
      <Link to="/invoices">{t("funding.reset")}</Link>
    </Form>
  );
}
