import { PILLAR_CODES } from "../../db/values";
import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { TrackerTable, ValuationNote } from "~/components/consultative/tracker-table";
import { countryOptions, meetingOptions, routeOptions } from "~/consultative/meetings.server";
import { trackerFiltersFrom, trackRecommendations, type TrackerFilters } from "~/consultative/tracker.server";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { today } from "~/forms/dates";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.recommendations");

// The tracker: every endorsed recommendation with what answers it, valued today. Signed-in members.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const locale = resolveLocale(request, user.locale);
  const filters = trackerFiltersFrom(new URL(request.url).searchParams);
  const [tracker, meetings, routes, countries] = await Promise.all([
    trackRecommendations(context.db, filters, today(), locale),
    meetingOptions(context.db),
    routeOptions(context.db, locale),
    countryOptions(context.db, locale),
  ]);
  return { tracker, filters, meetings: meetings.filter((m) => m.kind === "EWG"), routes, countries };
}

/** The CSV link carries the filters the page applied (unreadable ones already dropped). */
function csvHref(filters: TrackerFilters): string {
  const chosen = Object.entries(filters).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]));
  const query = new URLSearchParams(chosen).toString();
  return `/recommendations.csv${query ? `?${query}` : ""}`;
}

export default function Tracker() {
  const { tracker, filters, meetings, routes, countries } = useLoaderData<typeof loader>();
  const t = useT();
  const select = (
    name: string,
    label: string,
    value: string | number | undefined,
    options: { value: string | number; label: string }[],
  ) => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">{t("consult.filter.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <h1>{t("consult.tracker.title")}</h1>
      <p className="lead">{t("consult.tracker.intro")}</p>
      <Form method="get" className="row filters">
        {select(
          "pillar",
          t("consult.field.pillar"),
          filters.pillar,
          PILLAR_CODES.map((p) => ({ value: p, label: p })),
        )}
        {select(
          "meeting",
          t("consult.field.meeting"),
          filters.meeting,
          meetings.map((m) => ({ value: m.id, label: m.label })),
        )}
        {select(
          "route",
          t("consult.field.route"),
          filters.route,
          routes.map((r) => ({ value: r.code, label: r.name })),
        )}
        {select(
          "country",
          t("consult.field.country"),
          filters.country,
          countries.map((c) => ({ value: c.iso3, label: c.name })),
        )}
        <button type="submit">{t("consult.filter.apply")}</button>
      </Form>
      <p>
        <a href={csvHref(filters)} download>
          {t("consult.tracker.csv")}
        </a>
      </p>
      <ValuationNote asOf={tracker.asOf} rateDates={tracker.rateDates} />
      <TrackerTable rows={tracker.rows} />
    </>
  );
}
