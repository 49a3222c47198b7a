import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { NeedForm } from "~/components/marketplace/need-form";
import { recommendationPicker } from "~/consultative/picker.server";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { needCountriesFor } from "~/marketplace/need-countries.server";
import { marketplaceOptions } from "~/marketplace/options.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { createNeed } from "~/needs/needs.server";
import { NeedSchema } from "~/needs/schema";
import { readForm } from "~/utils/csrf.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.needNew");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "need:create");
  const options = await marketplaceOptions(
    context.db,
    resolveLocale(request, user.locale),
    user.countryIso3 ? [user.countryIso3] : [],
  );
  const picker = await recommendationPicker(context.db, resolveLocale(request, user.locale));
  return { options, countries: needCountriesFor(user, options), ownCountry: user.countryIso3 ?? undefined, picker };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "need:create");
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: NeedSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let created: { id: number };
  try {
    created = await createNeed(context.db, toActor(user), submission.value, context.clientIp);
  } catch (error) {
    return refusedWrite(error, submission);
  }
  return redirectWithFlash(`/needs/${created.id}`, { key: "market.saved" }, context);
}

export default function NewNeed() {
  const { options, countries, ownCountry, picker } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("needs.newTitle")}</h1>
      <p className="lead">{t("needs.newIntro")}</p>
      <NeedForm
        options={options}
        countries={countries}
        lastResult={actionData?.result}
        defaultValue={{ country: ownCountry, priority: "medium" }}
        cancelTo="/needs"
        picker={picker}
      />
    </>
  );
}
