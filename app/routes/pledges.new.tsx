import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, requirePermission, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { PromiseNote } from "~/components/funding";
import { PledgeForm } from "~/components/pledge-form";
import { refusalReply } from "~/errors/reply.server";
import { fundingPickers } from "~/funding/pickers.server";
import { createPledge } from "~/funding/pledge-announce.server";
import { PLEDGE_FIELDS, PledgeFormSchema } from "~/funding/schemas";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { readForm } from "~/utils/csrf.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.pledgeNew");

async function requirePledger(request: Request, context: LoaderFunctionArgs["context"]) {
  const user = await requirePermission(request, context, "pledge:create");
  // A donor without an organization has no one to announce for.
  if (user.organizationId === null && !can(user.role, "record:edit-any")) throw forbidden();
  return user;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePledger(request, context);
  const pickers = await fundingPickers(context.db, resolveLocale(request, user.locale));
  const staff = can(user.role, "record:edit-any");
  return {
    pickers,
    lockedOrganization: staff ? null : { id: user.organizationId!, name: user.organizationName ?? "" },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePledger(request, context);
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: PledgeFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { version: _version, ...input } = submission.value;
  try {
    await createPledge(context.db, toActor(user), input);
  } catch (error) {
    return refusalReply(error, submission, {
      locale: resolveLocale(request, user.locale),
      fields: PLEDGE_FIELDS,
    });
  }
  return redirect("/pledges?created=1");
}

export default function NewPledge() {
  const { pickers, lockedOrganization } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("pledges.newTitle")}</h1>
      <PromiseNote />
      <PledgeForm
        lastResult={actionData?.result}
        defaults={{ purposeKind: "programme", organizationId: lockedOrganization?.id }}
        organizations={pickers.donors}
        lockedOrganization={lockedOrganization}
        pillars={pickers.pillars}
        countries={pickers.countries}
        currencies={pickers.currencies}
        submitLabel={t("pledges.submitNew")}
      />
    </>
  );
}
