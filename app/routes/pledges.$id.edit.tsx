import { pageTitle } from "~/i18n/titles";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { actsForOrganization, can } from "~/accounts/permissions";
import { PromiseNote } from "~/components/funding";
import { PledgeForm } from "~/components/pledge-form";
import { isFundingError } from "~/funding/errors";
import { orResponse, refusalReply } from "~/errors/reply.server";
import { fundingPickers } from "~/funding/pickers.server";
import { updatePledge } from "~/funding/pledge-announce.server";
import { getPledge } from "~/funding/pledges.server";
import { PLEDGE_FIELDS, PledgeFormSchema } from "~/funding/schemas";
import { useT } from "~/i18n";
import { formatMoney } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.pledgeEdit");

async function load(request: Request, context: LoaderFunctionArgs["context"], param: string | undefined) {
  const user = await requirePermission(request, context, "pledge:create");
  const id = idParam(param, "No such pledge");
  const actor = toActor(user);
  const pledge = await loadRecord(orResponse(getPledge(context.db, actor, id)), (p) =>
    actsForOrganization(actor, p.organizationId),
  );
  return { user, actor, pledge };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, pledge } = await load(request, context, params.id);
  const pickers = await fundingPickers(context.db, resolveLocale(request, user.locale));
  const staff = can(user.role, "record:edit-any");
  return {
    pledge,
    pickers,
    lockedOrganization: staff ? null : { id: pledge.organizationId, name: pledge.organizationName },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, actor, pledge } = await load(request, context, params.id);
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: PledgeFormSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), currentVersion: null }, { status: 400 });
  const { version, ...input } = submission.value;
  try {
    await updatePledge(context.db, actor, pledge.id, version ?? 0, input);
  } catch (error) {
    const currentVersion = isFundingError(error, "stale") ? Number(error.details.currentVersion) : null;
    const locale = resolveLocale(request, user.locale);
    return refusalReply(error, submission, {
      locale: locale,
      fields: PLEDGE_FIELDS,
      money: (amount) => formatMoney(locale, amount, pledge.currency),
      extra: { currentVersion },
    });
  }
  return redirect("/pledges?updated=1");
}

export default function EditPledge() {
  const { pledge, pickers, lockedOrganization } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { result: SubmissionResult<string[]>; currentVersion?: number | null } | undefined;
  const t = useT();
  return (
    <>
      <h1>{t("pledges.editTitle", { id: pledge.id })}</h1>
      <PromiseNote />
      <PledgeForm
        lastResult={actionData?.result}
        defaults={{ ...pledge, version: actionData?.currentVersion ?? pledge.version }}
        organizations={pickers.donors}
        lockedOrganization={lockedOrganization}
        pillars={pickers.pillars}
        countries={pickers.countries}
        currencies={pickers.currencies}
        submitLabel={t("form.save")}
      />
    </>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
