import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuditFiltersSchema, parseSearchParams } from "~/accounts/schemas";
import { listAudit } from "~/accounts/audit-log.server";
import { requirePermission } from "~/accounts/guards.server";
import { AuditChanges, auditActionLabel, auditKindLabel } from "~/components/admin/audit-changes";
import { FilterInput, FilterSelect } from "~/components/filters";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n";
import { formatDateTime } from "~/i18n/format";
import { DownloadCsvLink } from "~/components/download-csv-link";

const PAGE_SIZE = 50;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminAudit");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "audit:read");
  const filters = parseSearchParams(AuditFiltersSchema, request.url);
  const log = await listAudit(context.db, {
    entityType: filters.entity,
    action: filters.action,
    actor: filters.actor,
    from: filters.from,
    to: filters.to,
    page: filters.page,
    pageSize: PAGE_SIZE,
  });
  return { ...log, filters };
}

export default function AuditLog() {
  const { rows, total, entityTypes, filters } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.intro")}</p>
      <AuditFilters filters={filters} entityTypes={entityTypes} />
      <p className="download">
        <DownloadCsvLink />
      </p>
      {rows.length === 0 ? <p role="status">{t("audit.empty")}</p> : <AuditTable rows={rows} />}
      <Pagination page={filters.page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}

type AuditData = SerializeFrom<typeof loader>;

/** The filters of the log (a GET form: the URL is the state). */
function AuditFilters({ filters, entityTypes }: Pick<AuditData, "filters" | "entityTypes">) {
  const t = useT();
  return (
    <Form method="get" className="filters" role="search" aria-label={t("list.filters")} key={JSON.stringify(filters)}>
      <FilterSelect
        id="audit-entity"
        name="entity"
        label={t("audit.entity")}
        value={filters.entity}
        options={entityTypes.map((e) => ({ value: e, label: auditKindLabel(t, e) }))}
      />
      <FilterInput
        id="audit-action"
        name="action"
        label={t("audit.action")}
        hint={t("audit.actionHint")}
        value={filters.action}
        type="text"
      />
      <FilterInput id="audit-actor" name="actor" label={t("audit.actor")} value={filters.actor} />
      <FilterInput id="audit-from" name="from" label={t("audit.from")} value={filters.from} type="date" />
      <FilterInput id="audit-to" name="to" label={t("audit.to")} value={filters.to} type="date" />
      <div>
        <button type="submit" className="primary">
          {t("list.filter")}
        </button>{" "}
        <Link to="/admin/audit">{t("list.clear")}</Link>
      </div>
    </Form>
  );
}

/** The entries, newest first: when, who, what, on which record, and what changed. */
function AuditTable({ rows }: Pick<AuditData, "rows">) {
  const t = useT();
  return (
    <table className="audit">
      <caption className="visually-hidden">{t("audit.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("audit.when")}</th>
          <th scope="col">{t("audit.who")}</th>
          <th scope="col">{t("audit.what")}</th>
          <th scope="col">{t("audit.record")}</th>
          <th scope="col">{t("audit.changes")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <AuditRow key={row.id} row={row} />
        ))}
      </tbody>
    </table>
  );
}

function AuditRow({ row }: { row: AuditData["rows"][number] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <tr>
      <th scope="row">
        <time dateTime={new Date(row.at).toISOString()}>{formatDateTime(locale, row.at)}</time>
      </th>
      <td>
        {row.actor_name ? (
          <>
            {row.actor_name}
            <br />
            <span className="hint">{row.actor_email}</span>
          </>
        ) : (
          t("audit.nobody")
        )}
        {row.ip ? (
          <>
            <br />
            <span className="hint">{t("audit.fromIp", { ip: row.ip })}</span>
          </>
        ) : null}
      </td>
      <td>
        {auditActionLabel(t, row.action)}
        <br />
        <span className="hint code">{row.action}</span>
      </td>
      <td>
        {auditKindLabel(t, row.entity_type)} <span className="code">#{row.entity_id}</span>
      </td>
      <td>
        <AuditChanges before={row.before} after={row.after} />
      </td>
    </tr>
  );
}
