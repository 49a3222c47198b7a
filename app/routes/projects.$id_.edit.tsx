import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, toActor } from "~/accounts/guards.server";
import { ProjectForm } from "~/components/marketplace/project-form";
import { recommendationPicker } from "~/consultative/picker.server";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { marketplaceOptions } from "~/marketplace/options.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { canEditProject, updateProject } from "~/projects/projects.server";
import { findProjectRow, getProjectDetail } from "~/projects/queries.server";
import { ProjectSchema } from "~/projects/schema";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.projectEdit");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  const locale = resolveLocale(request, user.locale);
  const project = await loadRecord(getProjectDetail(context.db, id, locale), (p) => canEditProject(toActor(user), p));
  const picker = await recommendationPicker(context.db, locale, { kind: "project", id });
  return {
    picker,
    id,
    version: project.version,
    title: project.title,
    options: await marketplaceOptions(context.db, locale, project.links.countries),
    defaultValue: {
      title: project.title,
      summary: project.summary,
      description: project.description || undefined,
      pillars: project.links.pillars,
      capacityAreas: project.links.capacityAreas,
      dacCode: project.dac_code,
      countries: project.links.countries,
      implementingOrganization: project.implementing_organization ?? undefined,
      status: project.status,
      startDate: project.start_date,
      endDate: project.end_date ?? undefined,
      budget: project.budget,
      currency: project.currency,
      iatiIdentifier: project.iati_identifier,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  await loadRecord(findProjectRow(context.db, id), (row) => canEditProject(toActor(user), row));
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: ProjectSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  if (submission.value.version === undefined)
    return data({ result: submission.reply({ formErrors: ["form.stale"] }) }, { status: 409 });
  try {
    await updateProject(context.db, toActor(user), id, submission.value.version, submission.value, context.clientIp);
  } catch (error) {
    return refusedWrite(error, submission);
  }
  return redirectWithFlash(`/projects/${id}`, { key: "market.saved" }, context);
}

export default function EditProject() {
  const { id, version, title, options, defaultValue, picker } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const stale = actionData?.result.error?.[""]?.includes("form.stale");
  return (
    <>
      <h1>{t("projects.editTitle", { title })}</h1>
      {stale ? (
        <p>
          <a href={`/projects/${id}`} target="_blank" rel="noreferrer">
            {t("market.openCurrent")}
          </a>
        </p>
      ) : null}
      <ProjectForm
        options={options}
        defaultValue={defaultValue}
        lastResult={actionData?.result}
        version={version}
        cancelTo={`/projects/${id}`}
        picker={picker}
      />
    </>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
