import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { FilterForm, FilterSelect, Pagination, yearOptions } from "~/components/marketplace/list-controls";
import { NeedTable } from "~/components/marketplace/tables";
import { useT, type MessageKey } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { NEED_SORTS, parseNeedFilters } from "~/marketplace/filters";
import { marketplaceOptions } from "~/marketplace/options.server";
import { listNeeds } from "~/needs/queries.server";
import { NEED_STATUSES, PRIORITIES } from "~/needs/schema";

export const meta: MetaFunction = () => [{ title: "ADAM — Needs" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const locale = resolveLocale(request, user.locale);
  const filters = parseNeedFilters(new URL(request.url).searchParams);
  // "My organization": the organization filter is the reader's own, whatever the URL says.
  const effective = filters.mine ? { ...filters, organization: user.organizationId ?? -1 } : filters;
  const [result, options] = await Promise.all([listNeeds(context.db, effective, locale), marketplaceOptions(context.db, locale)]);
  return { result, options, filters, canCreate: can(user.role, "need:create") };
}

export default function Needs() {
  const { result, options, filters, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const pillar = options.pillars.find((p) => p.code === filters.pillar);
  const areas = (pillar ? [pillar] : options.pillars).flatMap((p) => p.capacityAreas);
  return (
    <>
      <h1>{filters.mine ? t("needs.mineTitle") : t("needs.title")}</h1>
      <p className="lead">{t("needs.intro")}</p>
      <div className="actions">
        {canCreate ? (
          <Link to="/needs/new" className="button">
            {t("needs.new")}
          </Link>
        ) : null}
        {filters.mine ? <Link to="/needs">{t("needs.all")}</Link> : <Link to="/needs?mine=1">{t("needs.mine")}</Link>}
      </div>
      <FilterForm label={t("market.filters")} mine={Boolean(filters.mine)}>
        <FilterSelect name="pillar" label={t("market.pillar")} value={filters.pillar} options={options.pillars.map((p) => ({ value: p.code, label: `${p.code}: ${p.name}` }))} />
        <FilterSelect name="area" label={t("market.area")} value={filters.area} options={areas.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` }))} />
        <FilterSelect name="country" label={t("market.country")} value={filters.country} options={options.countries.map((c) => ({ value: c.iso3, label: c.name }))} />
        <FilterSelect name="route" label={t("market.route")} value={filters.route} options={options.routes.map((r) => ({ value: r.code, label: r.name }))} />
        <FilterSelect name="priority" label={t("needs.field.priority")} value={filters.priority} options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}` as MessageKey) }))} />
        <FilterSelect name="status" label={t("market.status")} value={filters.status} options={NEED_STATUSES.map((s) => ({ value: s, label: t(`needStatus.${s}` as MessageKey) }))} />
        {filters.mine ? null : (
          <FilterSelect name="organization" label={t("needs.agency")} value={filters.organization} options={options.agencies.map((o) => ({ value: String(o.id), label: o.name }))} />
        )}
        <FilterSelect name="year" label={t("market.year")} value={filters.year} options={yearOptions()} />
        <FilterSelect
          name="sort"
          label={t("market.sort")}
          value={filters.sort === "updated" ? undefined : filters.sort}
          anyLabel={t("sort.updated")}
          options={NEED_SORTS.filter((s) => s !== "updated").map((s) => ({ value: s, label: t(`sort.${s}` as MessageKey) }))}
        />
      </FilterForm>
      <NeedTable rows={result.rows} caption={t("needs.tableCaption")} />
      <Pagination page={result.page} pageCount={result.pageCount} total={result.total} label={t("market.pagination")} />
    </>
  );
}
