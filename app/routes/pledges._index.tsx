import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser, toActor } from "~/accounts/guards.server";
import { actsForOrganization, can } from "~/accounts/permissions";
import { Pagination, PromiseNote, Purpose } from "~/components/funding";
import { orResponse } from "~/errors/reply.server";
import { toCents } from "~/money/decimal";
import { fundingPickers } from "~/funding/pickers.server";
import { listPledges } from "~/funding/pledges.server";
import { readListFilters } from "~/funding/schemas";
import { useLocale, useT } from "~/i18n";
import { formatDate, formatMoney } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { DownloadCsvLink } from "~/components/download-csv-link";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.pledges");

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const actor = toActor(user);
  const url = new URL(request.url);
  const filters = readListFilters(url);
  const staff = can(actor.role, "invoice:manage");
  const [page, pickers] = await Promise.all([
    orResponse(
      listPledges(context.db, actor, {
        donorOrganizationId: filters.donor,
        pillarCode: filters.pillar,
        countryIso3: filters.country,
        year: filters.year,
        page: filters.page,
        pageSize: PAGE_SIZE,
      }),
    ),
    fundingPickers(context.db, resolveLocale(request, user.locale)),
  ]);
  return {
    filters,
    page: {
      ...page,
      items: page.items.map((p) => ({
        ...p,
        canEdit: can(actor.role, "pledge:create") && actsForOrganization(actor, p.organizationId),
        canInvoice: staff && toCents(p.remaining) > 0n,
      })),
    },
    pickers,
    staff,
    canCreate:
      can(actor.role, "pledge:create") && (actor.organizationId !== null || can(actor.role, "record:edit-any")),
  };
}

export default function Pledges() {
  const { filters, page, pickers, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const [search] = useSearchParams();
  const done = search.get("created") ? "pledges.created" : search.get("updated") ? "pledges.updated" : null;
  return (
    <>
      <h1>{t("pledges.title")}</h1>
      {done ? (
        <div className="notice success" role="status">
          <p>{t(done)}</p>
        </div>
      ) : null}
      <p className="lead">{t("pledges.intro")}</p>
      <PromiseNote />
      {canCreate ? (
        <p>
          <Link className="button" to="/pledges/new">
            {t("pledges.new")}
          </Link>
        </p>
      ) : null}
      <PledgeFilters filters={filters} pickers={pickers} />
      <p className="download">
        <DownloadCsvLink />
      </p>

      <PledgeTable items={page.items} pickers={pickers} />
      <Pagination page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}

type PledgesData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Filters the list by donor, pillar, country and year. */
function PledgeFilters({ filters, pickers }: Pick<PledgesData, "filters" | "pickers">) {
  const t = useT();
  return (
    <Form method="get" className="filters" aria-label={t("funding.filters")}>
      <div className="field">
        <label htmlFor="f-donor">{t("pledges.donor")}</label>
        <select id="f-donor" name="donor" defaultValue={filters.donor ?? ""}>
          <option value="">{t("funding.all")}</option>
          {pickers.donors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-pillar">{t("pledges.pillar")}</label>
        <select id="f-pillar" name="pillar" defaultValue={filters.pillar ?? ""}>
          <option value="">{t("funding.all")}</option>
          {pickers.pillars.map((p) => (
            <option key={p.code} value={p.code}>
              {p.code} — {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-country">{t("pledges.country")}</label>
        <select id="f-country" name="country" defaultValue={filters.country ?? ""}>
          <option value="">{t("funding.all")}</option>
          {pickers.countries.map((c) => (
            <option key={c.iso3} value={c.iso3}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-year">{t("funding.year")}</label>
        <input id="f-year" name="year" type="number" min={1990} max={2100} defaultValue={filters.year ?? ""} />
      </div>
      <button type="submit" className="primary">
        {t("funding.apply")}
      </button>
      <Link to="/pledges">{t("funding.reset")}</Link>
    </Form>
  );
}

function PledgeTable({ items, pickers }: { items: PledgesData["page"]["items"]; pickers: PledgesData["pickers"] }) {
  const t = useT();
  const locale = useLocale();
  return items.length === 0 ? (
    <p role="status">{t("pledges.none")}</p>
  ) : (
    <table>
      <caption>{t("pledges.tableCaption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("pledges.donor")}</th>
          <th scope="col">{t("pledges.purpose")}</th>
          <th scope="col">{t("pledges.period")}</th>
          <th scope="col" className="num">
            {t("pledges.amount")}
          </th>
          <th scope="col" className="num">
            {t("pledges.invoiced")}
          </th>
          <th scope="col" className="num">
            {t("pledges.remaining")}
          </th>
          <th scope="col">{t("funding.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((p) => (
          <tr key={p.id}>
            <th scope="row">
              {p.organizationName}
              {p.note ? <p className="hint">{p.note}</p> : null}
            </th>
            <td>
              <Purpose pledge={p} pillars={pickers.pillars} countries={pickers.countries} />
            </td>
            <td>
              {formatDate(locale, p.periodStart)} – {formatDate(locale, p.periodEnd)}
            </td>
            <td className="num">{formatMoney(locale, p.amount, p.currency)}</td>
            <td className="num">{formatMoney(locale, p.invoiced, p.currency)}</td>
            <td className="num">{formatMoney(locale, p.remaining, p.currency)}</td>
            <td>
              {p.canEdit ? (
                <Link to={`/pledges/${p.id}/edit`} aria-label={t("pledges.editOne", { id: p.id })}>
                  {t("pledges.edit")}
                </Link>
              ) : null}{" "}
              {p.canInvoice ? (
                <Link to={`/invoices/new?pledge=${p.id}`} aria-label={t("pledges.invoiceOne", { id: p.id })}>
                  {t("pledges.invoice")}
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
