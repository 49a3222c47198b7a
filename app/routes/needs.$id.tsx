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
import { formatDate, formatDateTime, formatMoney } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { canEditNeed, withdrawNeed } from "~/needs/needs.server";
import { findNeedRow, getNeedDetail } from "~/needs/queries.server";
import { WithdrawNeedSchema } from "~/needs/schema";
import { redirectWithFlash } from "~/flash/flash.server";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";
import { actsForCountry, actsForOrganization, can } from "~/accounts/permissions";
import { MatchSummaryList, SuggestionList } from "~/matches/components/suggestions";
import { coverageOf } from "~/matches/coverage.server";
import { listMatches } from "~/matches/queries.server";
import { suggestProjectsForNeed } from "~/matches/suggestions.server";
import { today } from "~/forms/dates";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "title.need", data?.need.title);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  const locale = resolveLocale(request, user.locale);
  const need = await loadRecord(getNeedDetail(context.db, id, locale));
  const actor = toActor(user);
  const open = need.status === "open" || need.status === "partially_met";
  const [coverage, matches, suggestions, citations] = await Promise.all([
    coverageOf(context.db, id, today()),
    listMatches(context.db, { needId: id, page: 1, pageSize: 50 }),
    open ? suggestProjectsForNeed(context.db, context.search, id) : Promise.resolve([]),
    citationsOf(context.db, "need", id, locale),
  ]);
  const staff = can(actor.role, "match:decide-any");
  const forCountry = actor.role === "beneficiary" && actsForCountry(actor, need.country_iso3);
  return {
    need,
    canEdit: canEditNeed(actor, need),
    coverage,
    citations,
    matches: matches.rows.map((m) => ({
      id: m.id,
      status: m.status,
      otherTitle: m.project_title,
      otherHref: `/projects/${m.project_id}`,
    })),
    // Coordinators and the country's beneficiaries propose any suggestion; a donor only its own projects.
    suggestions: suggestions.map((s) => ({
      ...s,
      proposable:
        open &&
        can(actor.role, "match:propose") &&
        (staff || forCountry || (actor.role === "donor" && actsForOrganization(actor, s.organizationId))),
    })),
  };
}

/** Withdrawing a need: its country's beneficiaries, or a coordinator. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  await loadRecord(findNeedRow(context.db, id), (r) => canEditNeed(toActor(user), r));
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: WithdrawNeedSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await withdrawNeed(context.db, toActor(user), id, submission.value.version, context.clientIp);
  } catch (error) {
    return refusedWrite(error, submission);
  }
  return redirectWithFlash(`/needs/${id}`, { key: "needs.withdrawnNotice" }, context);
}

export default function NeedPage() {
  const { need, canEdit, coverage, citations, matches, suggestions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/needs">{t("needs.backToList")}</Link>
      </p>
      <h1 lang={need.language}>{need.title}</h1>
      {canEdit ? (
        <div className="actions">
          <Link to={`/needs/${need.id}/edit`} className="button">
            {t("needs.edit")}
          </Link>
        </div>
      ) : null}
      <NeedFacts need={need} citations={citations} />
      <section aria-labelledby="description">
        <h2 id="description">{t("needs.field.description")}</h2>
        <p className="prewrap" lang={need.language}>
          {need.description}
        </p>
      </section>
      <NeedCoverage coverage={coverage} />
      <MatchSummaryList matches={matches} />
      {need.status === "open" || need.status === "partially_met" ? (
        <SuggestionList
          kind="project"
          recordId={need.id}
          suggestions={suggestions}
          canPropose={(s) => Boolean((s as { proposable?: boolean }).proposable)}
          returnTo={`/needs/${need.id}`}
        />
      ) : null}
      {canEdit && need.status !== "withdrawn" ? (
        <section aria-labelledby="withdraw">
          <h2 id="withdraw">{t("needs.withdrawTitle")}</h2>
          <p>{t("needs.withdrawIntro")}</p>
          <FormErrors id="withdraw-errors" errors={actionData?.result.error?.[""] ?? undefined} />
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="version" value={need.version} />
            <button type="submit" className="danger">
              {t("needs.withdraw")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

type NeedData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Where, who, what, how much and when: the need's facts. */
function NeedFacts({ need, citations }: Pick<NeedData, "need" | "citations">) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className="details">
      <dt>{t("market.country")}</dt>
      <dd>
        <Link to={`/countries/${need.country_iso3}`}>{need.country_name}</Link>
      </dd>
      <dt>{t("needs.agency")}</dt>
      <dd>{need.organization_name}</dd>
      <dt>{t("market.pillar")}</dt>
      <dd>
        {need.pillar_code}: {need.pillar_name}
      </dd>
      <dt>{t("market.area")}</dt>
      <dd>
        {need.capacity_area_code} {need.area_name}
      </dd>
      <dt>{t("needs.field.priority")}</dt>
      <dd>{t(`priority.${need.priority}`)}</dd>
      <dt>{t("market.status")}</dt>
      <dd>{t(`needStatus.${need.status}`)}</dd>
      <dt>{t("needs.field.cost")}</dt>
      <dd>
        {need.estimated_cost && need.currency
          ? formatMoney(locale, need.estimated_cost, need.currency)
          : t("needs.noCost")}
      </dd>
      <dt>{t("market.period")}</dt>
      <dd>
        <Period start={need.wanted_start} end={need.wanted_end} />
      </dd>
      <dt>{t("consult.cited")}</dt>
      <dd>
        <CitedRecommendations citations={citations} legacy={need.recommendation} />
      </dd>
      <dt>{t("market.updated")}</dt>
      <dd>{t("market.updatedAt", { when: formatDateTime(locale, need.updated_at), version: need.version })}</dd>
    </dl>
  );
}

/** How much of the need's cost the confirmed matches cover, in US dollars. */
function NeedCoverage({ coverage }: Pick<NeedData, "coverage">) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="coverage">
      <h2 id="coverage">{t("match.coverage")}</h2>
      <p>
        {coverage.costUsd === null
          ? t("match.coverageNoCost")
          : t("match.coverageText", {
              cost: formatMoney(locale, coverage.costUsd, "USD"),
              coverage: formatMoney(locale, coverage.coverageUsd, "USD"),
              unmet: formatMoney(locale, coverage.unmetUsd ?? "0", "USD"),
              date: coverage.rateDate ? formatDate(locale, coverage.rateDate) : "—",
            })}
      </p>
    </section>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
