import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n";
import type { NEED_SORTS, PROJECT_SORTS } from "~/marketplace/filters";
import type { MarketplaceOptions } from "~/marketplace/options.server";
import type { Option } from "./fields";
import { FilterForm, FilterSelect, Pagination, yearOptions } from "./list-controls";
import { DownloadCsvLink } from "~/components/download-csv-link";

// The page shared by the projects' and the needs' lists: title, actions, the filters both have,
// the table and its pages. Each list adds its own filters (status, priority) and its table.

type ListSort = (typeof PROJECT_SORTS)[number] | (typeof NEED_SORTS)[number];
/** The words each list has under its own prefix (projects.title, needs.title…). */
type ListWord = "new" | "all" | "mine" | "mineTitle" | "title" | "intro";

interface CommonFilters {
  mine?: "1";
  pillar?: string;
  area?: string;
  country?: string;
  route?: string;
  organization?: number;
  year?: number;
  sort: string;
}

interface Props {
  /** "projects" or "needs": the URL (/projects) and the prefix of the page's messages (projects.title…). */
  kind: "projects" | "needs";
  filters: CommonFilters;
  options: MarketplaceOptions;
  canCreate: boolean;
  /** The filters only this list has, placed after country and route. */
  ownFilters: ReactNode;
  organization: { label: string; options: readonly Option[] };
  sorts: readonly ListSort[];
  table: ReactNode;
  result: { page: number; pageCount: number; total: number };
}

/** New record, mine or all, and the CSV download. */
function ListActions({
  kind,
  mine,
  canCreate,
  message,
}: {
  kind: Props["kind"];
  mine: boolean;
  canCreate: boolean;
  message: (key: ListWord) => string;
}) {
  return (
    <div className="actions">
      {canCreate ? (
        <Link to={`/${kind}/new`} className="button">
          {message("new")}
        </Link>
      ) : null}
      {mine ? <Link to={`/${kind}`}>{message("all")}</Link> : <Link to={`/${kind}?mine=1`}>{message("mine")}</Link>}
      <DownloadCsvLink path={`/${kind}`} />
    </div>
  );
}

export function MarketplaceListPage({
  kind,
  filters,
  options,
  canCreate,
  ownFilters,
  organization,
  sorts,
  table,
  result,
}: Props) {
  const t = useT();
  const message = (key: ListWord) => t(`${kind}.${key}`);
  const pillar = options.pillars.find((p) => p.code === filters.pillar);
  const areas = (pillar ? [pillar] : options.pillars).flatMap((p) => p.capacityAreas);
  return (
    <>
      <h1>{filters.mine ? message("mineTitle") : message("title")}</h1>
      <p className="lead">{message("intro")}</p>
      <ListActions kind={kind} mine={Boolean(filters.mine)} canCreate={canCreate} message={message} />
      <FilterForm label={t("market.filters")} mine={Boolean(filters.mine)}>
        <FilterSelect
          name="pillar"
          label={t("market.pillar")}
          value={filters.pillar}
          options={options.pillars.map((p) => ({ value: p.code, label: `${p.code}: ${p.name}` }))}
        />
        <FilterSelect
          name="area"
          label={t("market.area")}
          value={filters.area}
          options={areas.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` }))}
        />
        <FilterSelect
          name="country"
          label={t("market.country")}
          value={filters.country}
          options={options.countries.map((c) => ({ value: c.iso3, label: c.name }))}
        />
        <FilterSelect
          name="route"
          label={t("market.route")}
          value={filters.route}
          options={options.routes.map((r) => ({ value: r.code, label: r.name }))}
        />
        {ownFilters}
        {/* "My organization" fixes the organization: no choice to offer. */}
        {filters.mine ? null : (
          <FilterSelect
            name="organization"
            label={organization.label}
            value={filters.organization}
            options={organization.options}
          />
        )}
        <FilterSelect name="year" label={t("market.year")} value={filters.year} options={yearOptions()} />
        <FilterSelect
          name="sort"
          label={t("market.sort")}
          value={filters.sort === "updated" ? undefined : filters.sort}
          anyLabel={t("sort.updated")}
          options={sorts.filter((s) => s !== "updated").map((s) => ({ value: s, label: t(`sort.${s}`) }))}
        />
      </FilterForm>
      {table}
      <Pagination page={result.page} pageCount={result.pageCount} total={result.total} label={t("market.pagination")} />
    </>
  );
}
