import { Form, Link } from "@remix-run/react";
import { useT } from "~/i18n";
import { PRIORITIES } from "../filters";
import { SORTS } from "./matrix-model";
import type { GapPageData } from "./view-data";

// The gap page's controls: the filters form (a GET, so it works without JavaScript) and the sort links.

export function GapFilters({ data }: { data: GapPageData }) {
  const t = useT();
  const { filters } = data;
  return (
    <Form method="get" className="filters" aria-label={t("gaps.filters")}>
      <div className="field">
        <label htmlFor="f-route">{t("gaps.route")}</label>
        <select id="f-route" name="route" defaultValue={filters.route ?? ""}>
          <option value="">{t("gaps.all")}</option>
          {data.routeOptions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-pillar">{t("gaps.pillar")}</label>
        <select id="f-pillar" name="pillar" defaultValue={filters.pillar ?? ""}>
          <option value="">{t("gaps.all")}</option>
          {data.pillarOptions.map((p) => (
            <option key={p.code} value={p.code}>
              {p.code} — {p.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="inline">
        <legend>{t("gaps.priority")}</legend>
        {PRIORITIES.map((p) => (
          <label key={p}>
            <input type="checkbox" name="priority" value={p} defaultChecked={filters.priority?.includes(p)} />{" "}
            {t(`priority.${p}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="f-from">{t("gaps.from")}</label>
        <input id="f-from" type="date" name="from" defaultValue={filters.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="f-to">{t("gaps.to")}</label>
        <input id="f-to" type="date" name="to" defaultValue={filters.to ?? ""} />
      </div>
      {data.sort !== "route" ? <input type="hidden" name="sort" value={data.sort} /> : null}
      <button type="submit" className="primary">
        {t("gaps.apply")}
      </button>
      <Link to="/gaps">{t("gaps.reset")}</Link>
    </Form>
  );
}

export function SortLinks({ sort, href }: { sort: GapPageData["sort"]; href: (s: (typeof SORTS)[number]) => string }) {
  const t = useT();
  return (
    <nav aria-label={t("gaps.sortLabel")} className="sort-links">
      {t("gaps.sortLabel")}:{" "}
      {SORTS.map((s) => (
        <Link key={s} to={href(s)} aria-current={sort === s ? "true" : undefined} preventScrollReset>
          {t(`gaps.sort.${s}`)}
        </Link>
      ))}
    </nav>
  );
}
