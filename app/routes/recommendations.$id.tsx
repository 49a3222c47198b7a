import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, requireUser, toActor } from "~/accounts/guards.server";
import { RecommendationForm } from "~/components/consultative/recommendation-form";
import { TrackerTable, ValuationNote } from "~/components/consultative/tracker-table";
import { canManageConsultative } from "~/consultative/edit.server";
import { meetingOptions } from "~/consultative/meetings.server";
import { findRecommendation, updateRecommendation } from "~/consultative/recommendations.server";
import { RecommendationSchema } from "~/consultative/schema";
import { trackRecommendations } from "~/consultative/tracker.server";
import { CitingNeeds, CitingProjects, ScrollBox } from "~/components/consultative/citing-lists";
import { citingNeedsPage, citingProjectsPage } from "~/consultative/citing.server";
import { queryPage, readQuery } from "~/forms/query";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { today } from "~/forms/dates";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.recommendation");

const CitingPagesSchema = z.object({ needsPage: queryPage(), projectsPage: queryPage() });

// One recommendation: its texts, status, and (whatever its status) the tracker's figures with
// its countries in a table, then the needs and projects citing it, a page of each at a time.
// Coordinators edit it here.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  const row = await loadRecord(findRecommendation(context.db, id));
  const locale = resolveLocale(request, user.locale);
  const asOf = today();
  const pages = readQuery(CitingPagesSchema, new URL(request.url).searchParams);
  const [tracker, needs, projects] = await Promise.all([
    trackRecommendations(context.db, {}, asOf, locale, { ids: [id], anyStatus: true }),
    citingNeedsPage(context.db, id, locale, asOf, pages.needsPage),
    citingProjectsPage(context.db, id, locale, pages.projectsPage),
  ]);
  return {
    row: { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() },
    tracker,
    needs,
    projects,
    meetings: canManageConsultative(user) ? await meetingOptions(context.db) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "record:edit-any");
  const id = idParam(params.id);
  const row = await loadRecord(findRecommendation(context.db, id));
  const submission = parseWithZod(await readForm(request, context), { schema: RecommendationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  if (submission.value.version === undefined)
    return data({ result: submission.reply({ formErrors: ["form.stale"] }) }, { status: 409 });
  try {
    await updateRecommendation(
      context.db,
      toActor(user),
      id,
      submission.value.version,
      { ...submission.value, meetingId: row.meeting_id },
      context.clientIp,
    );
  } catch (error) {
    return refusedWrite(error, submission);
  }
  return redirectWithFlash(`/recommendations/${id}`, { key: "market.saved" }, context);
}

export default function RecommendationPage() {
  const { row, tracker, needs, projects, meetings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const figures = tracker.rows[0];
  return (
    <>
      <p>
        <Link to="/recommendations">{t("consult.tracker.title")}</Link> ·{" "}
        <Link to={`/meetings/${row.meeting_id}`}>{figures?.recommendation.meetingLabel}</Link>
      </p>
      <h1>{t("consult.recs.number", { number: row.number })}</h1>
      <p>
        {t("consult.field.status")}: {t(`consult.status.${row.status}`)}
        {figures?.recommendation.endorsedBy ? ` (${figures.recommendation.endorsedBy})` : ""}
        {figures?.recommendation.supersededBy ? ` → ${figures.recommendation.supersededBy}` : ""}
      </p>
      <blockquote lang="en">{row.text_en}</blockquote>
      <blockquote lang="ru">{row.text_ru}</blockquote>
      <ValuationNote asOf={tracker.asOf} rateDates={tracker.rateDates} />
      {figures ? <TrackerTable rows={[figures]} /> : null}
      {figures?.countries.length ? (
        <ScrollBox label={t("consult.tracker.countries")}>
          <table>
            <caption>{t("consult.tracker.countries")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("consult.field.country")}</th>
                <th scope="col">{t("consult.tracker.needs")}</th>
                <th scope="col">{t("consult.tracker.cost")}</th>
                <th scope="col">{t("consult.tracker.coverage")}</th>
                <th scope="col">{t("consult.tracker.unmet")}</th>
              </tr>
            </thead>
            <tbody>
              {figures.countries.map((c) => (
                <tr key={c.iso3}>
                  <td>
                    <Link to={`/countries/${c.iso3}`}>{c.name}</Link>
                  </td>
                  <td>{formatNumber(locale, c.needs)}</td>
                  <td>{formatNumber(locale, c.costUsd, 2)}</td>
                  <td>{formatNumber(locale, c.coverageUsd, 2)}</td>
                  <td>{formatNumber(locale, c.unmetUsd, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : null}
      <CitingNeeds needs={needs} />
      <CitingProjects projects={projects} />
      <p className="hint">{t("consult.citing.notCounted")}</p>
      {meetings ? (
        <>
          <h2>{t("consult.recs.edit")}</h2>
          <RecommendationForm
            meetingId={row.meeting_id}
            meetings={meetings}
            version={row.version}
            lastResult={actionData?.result}
            defaultValue={{
              number: String(row.number),
              pillar: row.pillar_code,
              textEn: row.text_en,
              textRu: row.text_ru,
              status: row.status,
              endorsedBy: row.endorsed_by_meeting_id ? String(row.endorsed_by_meeting_id) : undefined,
              supersededBy: row.superseded_by_meeting_id ? String(row.superseded_by_meeting_id) : undefined,
            }}
          />
        </>
      ) : null}
    </>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
