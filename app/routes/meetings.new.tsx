import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { MeetingForm } from "~/components/consultative/meeting-form";
import { countryOptions, createMeeting } from "~/consultative/meetings.server";
import { MeetingSchema } from "~/consultative/schema";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { readForm } from "~/utils/csrf.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.meetingNew");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "record:edit-any");
  return { countries: await countryOptions(context.db, resolveLocale(request, user.locale)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "record:edit-any");
  const submission = parseWithZod(await readForm(request, context), { schema: MeetingSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const { id } = await createMeeting(context.db, toActor(user), submission.value, context.clientIp);
    return redirectWithFlash(`/meetings/${id}`, { key: "market.saved" }, context);
  } catch (error) {
    return refusedWrite(error, submission);
  }
}

export default function NewMeeting() {
  const { countries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("consult.meetings.add")}</h1>
      <MeetingForm countries={countries} lastResult={actionData?.result} defaultValue={{ kind: "EWG" }} />
    </>
  );
}
