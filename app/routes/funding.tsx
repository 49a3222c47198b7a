import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { PromiseNote } from "~/components/funding";
import { orResponse } from "~/errors/reply.server";
import { fundingSummary, type SummaryRow } from "~/funding/funding-summary.server";
import { fundingPickers } from "~/funding/pickers.server";
import { readListFilters } from "~/funding/schemas";
import { useLocale, useT } from "~/i18n";
import { formatDate, formatMoney } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import { resolveLocale } from "~/i18n/locale.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.funding");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const actor = toActor(user);
  const locale = resolveLocale(request, user.locale);
  const filters = readListFilters(new URL(request.url));
  // The coordination unit sees every donor; anyone else only their own organization's funding.
  const staff = can(actor.role, "invoice:manage");
  const summary = await orResponse(
    fundingSummary(context.db, actor, {
      donorOrganizationId: staff ? filters.donor : undefined,
      year: filters.year,
      locale,
    }),
  );
  const { donors } = staff ? await fundingPickers(context.db, locale) : { donors: [] };
  return {
    staff,
    donors,
    filters: { donor: filters.donor ?? null, year: filters.year ?? null },
    totals: summary.totals,
    byDonor: summary.byDonor,
    byPillar: summary.byPillar,
    byYear: summary.byYear,
    ratesUsed: summary.ratesUsed,
    missingRates: summary.missingRates.length,
  };
}

export default function Funding() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const usd = (v: string) => formatMoney(locale, v, "USD");
  return (
    <>
      <h1>{t("funding.title")}</h1>
      <p className="lead">{data.staff ? t("funding.introStaff") : t("funding.introDonor")}</p>
      <PromiseNote />
      <FundingFilters data={data} />
      <dl className="stats">
        <div>
          <dt>{t("funding.pledged")}</dt>
          <dd>{usd(data.totals.pledgedUsd)}</dd>
        </div>
        <div>
          <dt>{t("funding.invoiced")}</dt>
          <dd>{usd(data.totals.invoicedUsd)}</dd>
        </div>
        <div>
          <dt>{t("funding.paid")}</dt>
          <dd>{usd(data.totals.paidUsd)}</dd>
        </div>
      </dl>
      <details>
        <summary>{t("funding.howTitle")}</summary>
        <ul>
          <li>{t("funding.howPledged")}</li>
          <li>{t("funding.howInvoiced")}</li>
          <li>{t("funding.howPaid")}</li>
        </ul>
      </details>
      <section aria-labelledby="rates">
        <h2 id="rates">{t("funding.rates")}</h2>
        {data.ratesUsed.length === 0 ? (
          <p>{t("funding.noRates")}</p>
        ) : (
          <ul>
            {data.ratesUsed.map((r) => (
              <li key={`${r.currency}-${r.rateDate}`}>
                {t("funding.rate", { currency: r.currency, rate: r.usdPerUnit, date: formatDate(locale, r.rateDate) })}
              </li>
            ))}
          </ul>
        )}
        {data.missingRates > 0 ? (
          <p className="notice warning" role="status">
            {plural(t, locale, "funding.missingRates", data.missingRates)}
          </p>
        ) : null}
      </section>
      {data.staff ? (
        <SummaryTable id="by-donor" caption={t("funding.byDonor")} heading={t("pledges.donor")} rows={data.byDonor} />
      ) : null}
      <SummaryTable id="by-pillar" caption={t("funding.byPillar")} heading={t("pledges.pillar")} rows={data.byPillar} />
      <SummaryTable id="by-year" caption={t("funding.byYear")} heading={t("funding.year")} rows={data.byYear} />
    </>
  );
}

function FundingFilters({ data }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const t = useT();
  return (
    <Form method="get" className="filters" aria-label={t("funding.filters")}>
      {data.staff ? (
        <div className="field">
          <label htmlFor="f-donor">{t("pledges.donor")}</label>
          <select id="f-donor" name="donor" defaultValue={data.filters.donor ?? ""}>
            <option value="">{t("funding.all")}</option>
            {data.donors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="f-year">{t("funding.year")}</label>
        <input id="f-year" name="year" type="number" min={1990} max={2100} defaultValue={data.filters.year ?? ""} />
      </div>
      <button type="submit" className="primary">
        {t("funding.apply")}
      </button>
      <Link to="/funding">{t("funding.reset")}</Link>
    </Form>
  );
}

/** One breakdown of the totals (by donor, pillar or year), in USD. */
function SummaryTable({
  id,
  caption,
  heading,
  rows,
}: {
  id: string;
  caption: string;
  heading: string;
  rows: SummaryRow[];
}) {
  const t = useT();
  const locale = useLocale();
  const usd = (v: string) => formatMoney(locale, v, "USD");
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{caption}</h2>
      {rows.length === 0 ? (
        <p>{t("funding.nothing")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{heading}</th>
              <th scope="col" className="num">
                {t("funding.pledged")}
              </th>
              <th scope="col" className="num">
                {t("funding.invoiced")}
              </th>
              <th scope="col" className="num">
                {t("funding.paid")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{usd(r.pledgedUsd)}</td>
                <td className="num">{usd(r.invoicedUsd)}</td>
                <td className="num">{usd(r.paidUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
