import { Link } from "@remix-run/react";
import type { NeedStatus, Priority, ProjectStatus } from "../../../db/values";
import type { ReactNode } from "react";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { formatDate, formatMoney } from "~/i18n/format";
import { StatusConflictTag } from "./status-conflict";

// The project and need tables of the lists and the country page.

export interface ProjectRowView {
  id: number;
  title: string;
  status: ProjectStatus;
  start_date: string;
  end_date: string | null;
  budget: string;
  currency: string;
  language: string;
  organization_name: string;
  organization_id: number;
  pillars: string[];
  countries: Array<{ iso3: string; name: string }>;
}

function Period({ start, end }: { start: string | null; end: string | null }) {
  const t = useT();
  const locale = useLocale();
  if (!start && !end) return <>{t("market.noPeriod")}</>;
  return (
    <>
      {start ? formatDate(locale, start) : "…"} – {end ? formatDate(locale, end) : t("market.openEnded")}
    </>
  );
}

export { Period };

/**
 * A list's table: a caption for screen readers, one header per column with the amount last and
 * right-aligned, and "no results" instead of an empty table.
 */
function RecordTable({
  caption,
  empty,
  columns,
  amount,
  children,
}: {
  caption: string;
  empty: boolean;
  columns: readonly MessageKey[];
  amount: MessageKey;
  children: ReactNode;
}) {
  const t = useT();
  if (empty) return <p>{t("market.noResults")}</p>;
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((key) => (
            <th scope="col" key={key}>
              {t(key)}
            </th>
          ))}
          <th scope="col" className="num">
            {t(amount)}
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

const PROJECT_COLUMNS = [
  "projects.field.title",
  "projects.donor",
  "market.pillar",
  "projects.field.countries",
  "market.status",
  "market.period",
] as const satisfies readonly MessageKey[];

const NEED_COLUMNS = [
  "needs.field.title",
  "market.country",
  "market.area",
  "needs.field.priority",
  "market.status",
  "market.period",
] as const satisfies readonly MessageKey[];

export function ProjectTable({ rows, caption }: { rows: readonly ProjectRowView[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <RecordTable caption={caption} empty={rows.length === 0} columns={PROJECT_COLUMNS} amount="projects.field.budget">
      {rows.map((p) => (
        <tr key={p.id}>
          <th scope="row" lang={p.language}>
            <Link to={`/projects/${p.id}`}>{p.title}</Link>
          </th>
          <td>{p.organization_name}</td>
          <td>{p.pillars.join(", ")}</td>
          <td>
            {p.countries.slice(0, 4).map((c, i) => (
              <span key={c.iso3}>
                {i ? ", " : ""}
                <Link to={`/countries/${c.iso3}`}>{c.name}</Link>
              </span>
            ))}
            {p.countries.length > 4 ? ` ${t("market.andMore", { count: p.countries.length - 4 })}` : null}
          </td>
          <td>
            {t(`projectStatus.${p.status}`)}
            <StatusConflictTag project={p} />
          </td>
          <td>
            <Period start={p.start_date} end={p.end_date} />
          </td>
          <td className="num">{formatMoney(locale, p.budget, p.currency)}</td>
        </tr>
      ))}
    </RecordTable>
  );
}

export interface NeedRowView {
  id: number;
  title: string;
  status: NeedStatus;
  priority: Priority;
  pillar_code: string;
  capacity_area_code: string;
  area_name: string;
  estimated_cost: string | null;
  currency: string | null;
  wanted_start: string | null;
  wanted_end: string | null;
  language: string;
  country_iso3: string;
  country_name: string;
}

export function NeedTable({ rows, caption }: { rows: readonly NeedRowView[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <RecordTable caption={caption} empty={rows.length === 0} columns={NEED_COLUMNS} amount="needs.field.cost">
      {rows.map((n) => (
        <tr key={n.id}>
          <th scope="row" lang={n.language}>
            <Link to={`/needs/${n.id}`}>{n.title}</Link>
          </th>
          <td>
            <Link to={`/countries/${n.country_iso3}`}>{n.country_name}</Link>
          </td>
          <td>
            {n.capacity_area_code} {n.area_name}
          </td>
          <td>{t(`priority.${n.priority}`)}</td>
          <td>{t(`needStatus.${n.status}`)}</td>
          <td>
            <Period start={n.wanted_start} end={n.wanted_end} />
          </td>
          <td className="num">
            {n.estimated_cost && n.currency ? formatMoney(locale, n.estimated_cost, n.currency) : t("needs.noCost")}
          </td>
        </tr>
      ))}
    </RecordTable>
  );
}
