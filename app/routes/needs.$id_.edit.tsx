import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, toActor } from "~/accounts/guards.server";
import { NeedForm } from "~/components/marketplace/need-form";
import { recommendationPicker } from "~/consultative/picker.server";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { needCountriesFor } from "~/marketplace/need-countries.server";
import { marketplaceOptions } from "~/marketplace/options.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { canEditNeed, updateNeed } from "~/needs/needs.server";
import { findNeedRow } from "~/needs/queries.server";
import { NeedSchema } from "~/needs/schema";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.needEdit");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  const need = await loadRecord(findNeedRow(context.db, id), (row) => canEditNeed(toActor(user), row));
  const options = await marketplaceOptions(context.db, resolveLocale(request, user.locale), [need.country_iso3]);
  const countries = needCountriesFor(user, options);
  const picker = await recommendationPicker(context.db, resolveLocale(request, user.locale), { kind: "need", id });
  return {
    picker,
    id,
    version: need.version,
    title: need.title,
    options,
    countries: countries.some((c) => c.iso3 === need.country_iso3)
      ? countries
      : options.countries.filter((c) => c.iso3 === need.country_iso3),
    defaultValue: {
      country: need.country_iso3,
      title: need.title,
      description: need.description,
      pillar: need.pillar_code,
      capacityArea: need.capacity_area_code,
      priority: need.priority,
      estimatedCost: need.estimated_cost ?? undefined,
      currency: need.currency ?? undefined,
      wantedStart: need.wanted_start ?? undefined,
      wantedEnd: need.wanted_end ?? undefined,
      recommendation: need.recommendation ?? undefined,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  await loadRecord(findNeedRow(context.db, id), (row) => canEditNeed(toActor(user), row));
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: NeedSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  if (submission.value.version === undefined)
    return data({ result: submission.reply({ formErrors: ["form.stale"] }) }, { status: 409 });
  try {
    await updateNeed(context.db, toActor(user), id, submission.value.version, submission.value, context.clientIp);
  } catch (error) {
    return refusedWrite(error, submission);
  }
  return redirectWithFlash(`/needs/${id}`, { key: "market.saved" }, context);
}

export default function EditNeed() {
  const { id, version, title, options, countries, defaultValue, picker } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const stale = actionData?.result.error?.[""]?.includes("form.stale");
  return (
    <>
      <h1>{t("needs.editTitle", { title })}</h1>
      {stale ? (
        <p>
          <a href={`/needs/${id}`} target="_blank" rel="noreferrer">
            {t("market.openCurrent")}
          </a>
        </p>
      ) : null}
      <NeedForm
        options={options}
        countries={countries}
        defaultValue={defaultValue}
        lastResult={actionData?.result}
        version={version}
        cancelTo={`/needs/${id}`}
        picker={picker}
      />
    </>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
