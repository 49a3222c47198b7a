import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, toActor } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { FormErrors } from "~/components/form";
import { CitedRecommendations } from "~/components/consultative/cited-recommendations";
import { Period } from "~/components/marketplace/tables";
import { citationsOf } from "~/consultative/citing.server";
import { useLocale, useT } from "~/i18n";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { canEditProject, closeProject } from "~/projects/projects.server";
import { findProjectRow, getProjectDetail } from "~/projects/queries.server";
import { CLOSED_STATUSES, CloseProjectSchema } from "~/projects/schema";
import { redirectWithFlash } from "~/flash/flash.server";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";
import { actsForOrganization, can } from "~/accounts/permissions";
import { similarProjectsFor } from "~/duplicates/review.server";
import { MatchSummaryList, SuggestionList } from "~/matches/components/suggestions";
import { listMatches } from "~/matches/queries.server";
import { suggestNeedsForProject } from "~/matches/suggestions.server";
import { StatusConflictNotice } from "~/components/marketplace/status-conflict";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "title.project", data?.project.title);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  const locale = resolveLocale(request, user.locale);
  const project = await loadRecord(getProjectDetail(context.db, id, locale));
  const actor = toActor(user);
  const open = project.status === "active" || project.status === "pipeline";
  const [similar, matches, suggestions, citations] = await Promise.all([
    similarProjectsFor(context.db, id),
    listMatches(context.db, { projectId: id, page: 1, pageSize: 50 }),
    open ? suggestNeedsForProject(context.db, context.search, id) : Promise.resolve([]),
    citationsOf(context.db, "project", id, locale),
  ]);
  return {
    project,
    canEdit: canEditProject(actor, project),
    // Donors propose their own projects; coordinators any.
    canPropose:
      open &&
      can(actor.role, "match:propose") &&
      (can(actor.role, "match:decide-any") ||
        (actor.role === "donor" && actsForOrganization(actor, project.organization_id))),
    similar,
    citations,
    matches: matches.rows.map((m) => ({
      id: m.id,
      status: m.status,
      otherTitle: m.need_title,
      otherHref: `/needs/${m.need_id}`,
    })),
    suggestions,
  };
}

/** Closing a project (completed or cancelled): the owner's, or a coordinator's. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  await loadRecord(findProjectRow(context.db, id), (r) => canEditProject(toActor(user), r));
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: CloseProjectSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await closeProject(
      context.db,
      toActor(user),
      id,
      submission.value.version,
      submission.value.status,
      context.clientIp,
    );
  } catch (error) {
    return refusedWrite(error, submission);
  }
  return redirectWithFlash(`/projects/${id}`, { key: "projects.closedNotice" }, context);
}

export default function ProjectPage() {
  const { project, canEdit, canPropose, similar, citations, matches, suggestions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const closed = project.status === "completed" || project.status === "cancelled";
  return (
    <>
      <p>
        <Link to="/projects">{t("projects.backToList")}</Link>
      </p>
      <h1 lang={project.language}>{project.title}</h1>
      <p className="lead" lang={project.language}>
        {project.summary}
      </p>
      {canEdit ? (
        <div className="actions">
          <Link to={`/projects/${project.id}/edit`} className="button">
            {t("projects.edit")}
          </Link>
        </div>
      ) : null}
      <ProjectFacts project={project} citations={citations} />
      {project.description ? (
        <section aria-labelledby="description">
          <h2 id="description">{t("projects.field.description")}</h2>
          <p className="prewrap" lang={project.language}>
            {project.description}
          </p>
        </section>
      ) : null}
      <SimilarProjects similar={similar} />
      <MatchSummaryList matches={matches} />
      {!closed ? (
        <SuggestionList
          kind="need"
          recordId={project.id}
          suggestions={suggestions}
          canPropose={() => canPropose}
          returnTo={`/projects/${project.id}`}
        />
      ) : null}
      {canEdit && !closed ? (
        <section aria-labelledby="close">
          <h2 id="close">{t("projects.closeTitle")}</h2>
          <p>{t("projects.closeIntro")}</p>
          <FormErrors id="close-errors" errors={actionData?.result.error?.[""] ?? undefined} />
          <Form method="post" className="actions">
            <CsrfInput />
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="version" value={project.version} />
            {CLOSED_STATUSES.map((s) => (
              <button
                key={s}
                type="submit"
                name="status"
                value={s}
                className={s === "cancelled" ? "danger" : "secondary"}
              >
                {t(`projects.closeAs.${s}`)}
              </button>
            ))}
          </Form>
        </section>
      ) : null}
    </>
  );
}

type ProjectData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Donor, status, period, budget, classification, countries, source: the project's facts. */
function ProjectFacts({ project, citations }: Pick<ProjectData, "project" | "citations">) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className="details">
      <dt>{t("projects.donor")}</dt>
      <dd>
        <Link to={`/projects?organization=${project.organization_id}`}>{project.organization_name}</Link>
      </dd>
      <dt>{t("market.status")}</dt>
      <dd>
        {t(`projectStatus.${project.status}`)}
        <StatusConflictNotice project={project} />
      </dd>
      <dt>{t("market.period")}</dt>
      <dd>
        <Period start={project.start_date} end={project.end_date} />
      </dd>
      <dt>{t("projects.field.budget")}</dt>
      <dd>{formatMoney(locale, project.budget, project.currency)}</dd>
      <dt>{t("projects.field.pillars")}</dt>
      <dd>
        {project.pillars.map((p) => `${p.code}: ${p.name}`).join("; ")}
        {project.classification_review ? <em> — {t("projects.classificationReview")}</em> : null}
      </dd>
      <dt>{t("projects.field.capacityAreas")}</dt>
      <dd>
        {project.capacityAreas.length
          ? project.capacityAreas.map((a) => `${a.code} ${a.name}`).join("; ")
          : t("market.none")}
      </dd>
      <dt>{t("projects.field.dacCode")}</dt>
      <dd>
        <span className="code">{project.dac_code}</span> {project.dac_name}
      </dd>
      <dt>{t("projects.field.countries")}</dt>
      <dd>
        {project.countries.map((c, i) => (
          <span key={c.iso3}>
            {i ? ", " : ""}
            <Link to={`/countries/${c.iso3}`}>{c.name}</Link>
          </span>
        ))}
      </dd>
      <dt>{t("consult.cited")}</dt>
      <dd>
        <CitedRecommendations citations={citations} legacy={project.recommendation} />
      </dd>
      <dt>{t("projects.field.implementer")}</dt>
      <dd>{project.implementing_organization ?? t("market.none")}</dd>
      <dt>{t("projects.field.iati")}</dt>
      <dd className="code">{project.iati_identifier}</dd>
      {project.source_publisher ? (
        <>
          <dt>{t("projects.source")}</dt>
          <dd data-testid="project-source">
            {t("projects.sourceText", {
              file: project.source_file ?? "",
              publisher: project.source_publisher,
              updated: !project.source_last_updated
                ? t("projects.sourceNever")
                : Number.isNaN(Date.parse(project.source_last_updated))
                  ? project.source_last_updated
                  : formatDateTime(locale, project.source_last_updated),
            })}
          </dd>
        </>
      ) : null}
      <dt>{t("market.updated")}</dt>
      <dd>{t("market.updatedAt", { when: formatDateTime(locale, project.updated_at), version: project.version })}</dd>
    </dl>
  );
}

/** Possible duplicates: other projects much like this one. */
function SimilarProjects({ similar }: Pick<ProjectData, "similar">) {
  const t = useT();
  return similar.length ? (
    <section aria-labelledby="similar" className="notice warning">
      <h2 id="similar">{t("dup.similarTitle")}</h2>
      <p>{t("dup.similarIntro")}</p>
      <ul>
        {similar.map((s) => (
          <li key={s.id}>
            <Link to={`/projects/${s.id}`}>{s.title}</Link> ({s.organization_name})
          </li>
        ))}
      </ul>
    </section>
  ) : null;
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
