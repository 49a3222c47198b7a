import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser, toActor } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/form";
import { useLocale, useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { formatDate, formatMoney } from "~/i18n/format";
import { coverageOf } from "~/matches/coverage.server";
import { decideMatch } from "~/matches/decisions.server";
import { refusalReply } from "~/errors/reply.server";
import { canDecide } from "~/matches/decide-rule";
import { getMatch } from "~/matches/queries.server";
import { DecideSchema } from "~/matches/schema";
import { today } from "~/forms/dates";
import { knownCurrencies } from "~/money/exchange.server";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.match");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const match = await loadRecord(getMatch(context.db, idParam(params.id)));
  const [coverage, currencies] = await Promise.all([
    coverageOf(context.db, match.need_id, today()),
    knownCurrencies(context.db),
  ]);
  // The same rule as the decision itself: the form is offered only to those it would accept.
  return { match, coverage, currencies, mayDecide: canDecide(toActor(user), match) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id);
  const submission = parseWithZod(await readForm(request, context), { schema: DecideSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await decideMatch(context.db, toActor(user), { matchId: id, ...submission.value }, context.clientIp);
  } catch (error) {
    // The amount error carries figures, so it is worded in the user's language, in US dollars.
    const locale = resolveLocale(request, user.locale);
    return refusalReply(error, submission, { locale, money: (amount) => formatMoney(locale, amount, "USD") });
  }
  return redirect(`/matches/${id}?decided=1`);
}

export default function MatchPage() {
  const { match, coverage, currencies, mayDecide } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: {
      decision: "confirm",
      currency: match.need_currency?.trim() ?? "USD",
      version: String(match.version),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DecideSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <>
      <p>
        <Link to="/matches">{t("match.title")}</Link>
      </p>
      <h1>{t("match.detailTitle", { need: match.need_title, project: match.project_title })}</h1>
      {search.get("decided") ? (
        <div className="notice success" role="status">
          {t("match.decided")}
        </div>
      ) : null}
      <MatchFacts match={match} />
      <MatchCoverage coverage={coverage} />
      {match.status === "proposed" && !mayDecide ? <p>{t("queue.match.othersDecide")}</p> : null}
      {mayDecide ? (
        <section aria-labelledby="decide">
          <h2 id="decide">{t("match.decide")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <Form method="post" className="stack" {...getFormProps(form)}>
            <CsrfInput />
            <input type="hidden" name="version" value={match.version} />
            <SelectField
              field={fields.decision}
              label={t("match.decision")}
              options={[
                { value: "confirm", label: t("match.confirm") },
                { value: "reject", label: t("match.reject") },
              ]}
            />
            <TextField field={fields.amount} label={t("match.amount")} hint={t("match.amountHint")} optional />
            <SelectField
              field={fields.currency}
              label={t("match.currency")}
              options={currencies.map((c) => ({ value: c, label: c }))}
            />
            <TextAreaField field={fields.note} label={t("match.note")} optional />
            <div>
              <button type="submit" className="primary">
                {t("match.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

type MatchData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Who proposed what, its status, amount and note. */
function MatchFacts({ match }: Pick<MatchData, "match">) {
  const t = useT();
  const locale = useLocale();
  const usd = (v: string) => formatMoney(locale, v, "USD");
  return (
    <dl className="facts">
      <dt>{t("match.need")}</dt>
      <dd>
        <Link to={`/needs/${match.need_id}`}>{match.need_title}</Link> (
        {locale === "ru" ? match.country_ru : match.country_en})
      </dd>
      <dt>{t("match.project")}</dt>
      <dd>
        <Link to={`/projects/${match.project_id}`}>{match.project_title}</Link> ({match.donor_name})
      </dd>
      <dt>{t("match.status")}</dt>
      <dd>{t(`match.status.${match.status}`)}</dd>
      <dt>{t("match.proposedBy")}</dt>
      <dd>
        {t(`match.side.${match.proposed_side}`)}, {formatDate(locale, match.created_at)}
      </dd>
      {match.amount && match.currency ? (
        <>
          <dt>{t("match.amount")}</dt>
          <dd>
            {formatMoney(locale, match.amount, match.currency.trim())}
            {match.amount_usd && match.rate_date
              ? ` — ${t("match.amountUsd", {
                  amount: usd(match.amount_usd),
                  date: formatDate(locale, match.rate_date),
                })}`
              : ""}
          </dd>
        </>
      ) : null}
      {match.note ? (
        <>
          <dt>{t("match.note")}</dt>
          <dd>{match.note}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** How much of the need's cost the confirmed matches cover, in US dollars. */
function MatchCoverage({ coverage }: Pick<MatchData, "coverage">) {
  const t = useT();
  const locale = useLocale();
  const usd = (v: string) => formatMoney(locale, v, "USD");
  return (
    <section aria-labelledby="coverage">
      <h2 id="coverage">{t("match.coverage")}</h2>
      <p>
        {coverage.costUsd === null
          ? t("match.coverageNoCost")
          : t("match.coverageText", {
              cost: usd(coverage.costUsd),
              coverage: usd(coverage.coverageUsd),
              unmet: usd(coverage.unmetUsd ?? "0"),
              date: coverage.rateDate ? formatDate(locale, coverage.rateDate) : "—",
            })}
      </p>
    </section>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
