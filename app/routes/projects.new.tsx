import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { ProjectForm } from "~/components/marketplace/project-form";
import { recommendationPicker } from "~/consultative/picker.server";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { marketplaceOptions } from "~/marketplace/options.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { createProject } from "~/projects/projects.server";
import { ProjectSchema } from "~/projects/schema";
import { readForm } from "~/utils/csrf.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.projectNew");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "project:create");
  const picker = await recommendationPicker(context.db, resolveLocale(request, user.locale));
  return {
    picker,
    options: await marketplaceOptions(context.db, resolveLocale(request, user.locale)),
    chooseOrganization: can(user.role, "record:edit-any"),
    organizationName: user.organizationName,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "project:create");
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: ProjectSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let created: { id: number };
  try {
    created = await createProject(context.db, toActor(user), submission.value, context.clientIp);
  } catch (error) {
    return refusedWrite(error, submission);
  }
  return redirectWithFlash(`/projects/${created.id}`, { key: "market.saved" }, context);
}

export default function NewProject() {
  const { options, chooseOrganization, organizationName, picker } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("projects.newTitle")}</h1>
      <p className="lead">
        {organizationName ? t("projects.newIntro", { organization: organizationName }) : t("projects.rulesIntro")}
      </p>
      <ProjectForm
        options={options}
        lastResult={actionData?.result}
        chooseOrganization={chooseOrganization}
        defaultValue={{ status: "pipeline" }}
        cancelTo="/projects"
        picker={picker}
      />
    </>
  );
}
