import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextAreaField } from "~/components/form";
import { PairReasonList } from "~/duplicates/components/reasons";
import { getPair, decidePair } from "~/duplicates/review.server";
import { DecisionSchema } from "~/duplicates/schema";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { formatDate, formatMoney, formatNumber } from "~/i18n/format";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";
import { refusalReply } from "~/errors/reply.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.duplicate");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "duplicates:review");
  const pair = await loadRecord(getPair(context.db, idParam(params.id)));
  return { pair };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "duplicates:review");
  const id = idParam(params.id);
  await loadRecord(getPair(context.db, id));
  const submission = parseWithZod(await readForm(request, context), { schema: DecisionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { decision, note, version } = submission.value;
  // A page without a version cannot tell what it decided on: treated as stale, like the record forms.
  if (version === undefined) return data({ result: submission.reply({ formErrors: ["form.stale"] }) }, { status: 409 });
  try {
    await decidePair(context.db, toActor(user), { pairId: id, version, decision, note }, context.clientIp);
  } catch (error) {
    return refusalReply(error, submission, { pageErrors: true });
  }
  return redirect(`/duplicates/${id}?decided=1`);
}

export default function ComparePair() {
  const { pair } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { decision: pair.status === "candidate" ? undefined : pair.status, note: pair.note ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DecisionSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <>
      <p>
        <Link to="/duplicates">{t("dup.back")}</Link>
      </p>
      <h1>{t("dup.compareTitle")}</h1>
      {search.get("decided") ? (
        <div className="notice success" role="status">
          {t("dup.decided")}
        </div>
      ) : null}
      <p>
        {t("dup.score")}: <strong>{formatNumber(locale, Number(pair.score) * 100)}</strong> ·{" "}
        {t("dup.current", { status: t(`dup.status.${pair.status}`) })}
      </p>
      <PairReasonList reasons={pair.reasons} />
      <CompareTable sides={[pair.a, pair.b]} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        {/* The version this page shows; after a refused stale decision the reloaded page carries the current one. */}
        <input type="hidden" name="version" value={pair.version} />
        <SelectField
          field={fields.decision}
          label={t("dup.decision")}
          placeholder={t("join.choose")}
          options={(["duplicate", "complementary", "dismissed"] as const).map((s) => ({
            value: s,
            label: t(`dup.status.${s}`),
          }))}
        />
        <TextAreaField field={fields.note} label={t("dup.note")} hint={t("dup.noteHint")} optional />
        <div>
          <button type="submit" className="primary">
            {t("dup.decide")}
          </button>
        </div>
      </Form>
    </>
  );
}

type Side = ReturnType<typeof useLoaderData<typeof loader>>["pair"]["a"];

/** The two projects side by side, one row a field. */
function CompareTable({ sides }: { sides: Side[] }) {
  const t = useT();
  const locale = useLocale();
  const period = (p: Side) =>
    `${formatDate(locale, p.start_date)} – ${p.end_date ? formatDate(locale, p.end_date) : t("gaps.openEnded")}`;
  const rows: Array<[MessageKey, (p: Side) => string]> = [
    ["dup.summary", (p) => p.summary],
    ["dup.donor", (p) => p.organization_name],
    ["dup.implementer", (p) => p.implementing_organization ?? "—"],
    ["dup.countries", (p) => p.countries.join(", ")],
    ["dup.pillars", (p) => p.pillars.join(", ")],
    ["dup.areas", (p) => p.areas.join(", ") || "—"],
    ["dup.period", period],
    ["dup.budget", (p) => formatMoney(locale, p.budget, p.currency.trim())],
    ["dup.projectStatus", (p) => t(`projectStatus.${p.status}`)],
  ];
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("dup.field")}</th>
          {sides.map((p) => (
            <th key={p.id} scope="col">
              <Link to={`/projects/${p.id}`}>{p.title}</Link>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{t(label)}</th>
            {sides.map((p) => (
              <td key={p.id}>{value(p)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
