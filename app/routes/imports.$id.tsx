import { pageTitle } from "~/i18n/titles";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { plural } from "~/i18n/plural";
import { renderReason, type Reason } from "~/iati/reasons";
import { getImport, getImportItems } from "~/iati/store.server";
import { canSeeImport, confirmImport, discardImport, runningOf } from "~/iati/uploads.server";
import { resolveLocale } from "~/i18n/locale.server";
import { notFound } from "~/marketplace/route-helpers.server";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";

// One import: its report activity by activity with lines, then confirm or discard a preview.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.import");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "project:create");
  const id = idParam(params.id);
  const row = await loadRecord(getImport(context.db, id), (r) => canSeeImport(toActor(user), r), { refuseAs: 404 });
  const locale = resolveLocale(request, user.locale);
  const items = await getImportItems(context.db, id);
  const render = (reasons: Reason[]) => reasons.map((r) => renderReason(r, locale));
  return {
    id,
    fileName: row.file_name,
    status: row.status,
    version: row.version,
    ranBy: row.ran_by_name,
    counts: row.counts as Record<string, number>,
    running: row.status === "preview" ? runningOf(row.counts) : null,
    fileReasons: render(row.reasons as unknown as Reason[]),
    items: items.map((i) => ({
      position: i.position,
      line: i.line,
      identifier: i.iati_identifier,
      disposition: i.disposition,
      reasons: render(i.reasons),
      projectId: i.project_id,
      pillar: i.pillar,
      countries: i.countries,
    })),
  };
}

/** The page again, with the reason above the buttons. */
const refuse = (error: MessageKey, status: number) => data({ error }, { status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "project:create");
  const id = idParam(params.id);
  await loadRecord(getImport(context.db, id), (r) => canSeeImport(toActor(user), r), { refuseAs: 404 });
  const form = await readForm(request, context);
  const intent = form.get("intent");
  if (intent !== "confirm" && intent !== "discard") return refuse("form.invalid", 400);
  const outcome =
    intent === "confirm"
      ? (await confirmImport(context.db, toActor(user), id, context.clientIp)).outcome
      : await discardImport(context.db, toActor(user), id);
  if (outcome === "not_found") throw notFound();
  if (outcome === "not_preview") return refuse("imports.notPreview", 409);
  if (outcome === "expired") return refuse("imports.expired", 409);
  return redirect(`/imports/${id}${intent === "confirm" ? "?confirmed=1" : ""}`);
}

/** While the import runs, the page asks again every two seconds (its status line is a live region). */
function useRefreshWhile(active: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
}

export default function ImportReportPage() {
  const report = useLoaderData<typeof loader>();
  useRefreshWhile(Boolean(report.running && !report.running.stalled));
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const activities = report.counts.activities ?? 0;
  return (
    <>
      <h1>{t("imports.reportTitle", { file: report.fileName })}</h1>
      <p>
        {t(`imports.status.${report.status}`)}
        {report.version ? ` — ${t("imports.version", { version: report.version })}` : ""}
        {report.counts.activities !== undefined ? ` — ${t("imports.counts", report.counts)}` : ""}
      </p>
      {report.running ? (
        <p role="status" className="lead">
          {plural(t, locale, report.running.stalled ? "imports.stalled" : "imports.running", activities, {
            done: report.running.done,
            total: activities,
          })}
        </p>
      ) : report.status === "preview" ? (
        <p className="lead">{t("imports.previewNote")}</p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="error">
          {t(actionData.error)}
        </p>
      ) : null}
      {report.status === "preview" && (!report.running || report.running.stalled) ? (
        <Form method="post">
          <CsrfInput />
          <button type="submit" name="intent" value="confirm">
            {t("imports.confirm")}
          </button>{" "}
          <button type="submit" name="intent" value="discard">
            {t("imports.discard")}
          </button>
        </Form>
      ) : null}
      {report.fileReasons.length ? (
        <section>
          <h2>{t("imports.fileReasons")}</h2>
          <ul>
            {report.fileReasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a href={`/imports/${report.id}.csv`}>{t("imports.csv")}</a>
      </p>
      <ItemsTable report={report} />
    </>
  );
}

/** Each activity of the file, line by line: what the import did with it and why. */
function ItemsTable({ report }: { report: SerializeFrom<typeof loader> }) {
  const t = useT();
  return (
    <table>
      <thead>
        <tr>
          <th>{t("imports.col.line")}</th>
          <th>{t("imports.col.identifier")}</th>
          <th>{t("imports.col.disposition")}</th>
          <th>{t("imports.col.reasons")}</th>
          <th>{t("imports.col.pillar")}</th>
          <th>{t("imports.col.countries")}</th>
        </tr>
      </thead>
      <tbody>
        {report.items.map((item) => (
          <tr key={item.position} data-disposition={item.disposition}>
            <td>{item.line}</td>
            <td>
              {item.projectId && report.status === "done" ? (
                <Link to={`/projects/${item.projectId}`}>{item.identifier}</Link>
              ) : (
                item.identifier
              )}
            </td>
            <td>{t(`imports.disposition.${item.disposition}`)}</td>
            <td>{item.reasons.join(" ")}</td>
            <td>{item.pillar}</td>
            <td>{item.countries.join(", ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
