import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser, requirePermission, toActor } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { Notice, translateError } from "~/components/form";
import { MeetingForm } from "~/components/consultative/meeting-form";
import { RecommendationForm } from "~/components/consultative/recommendation-form";
import { importRecommendations, MAX_IMPORT_BYTES } from "~/consultative/import.server";
import { canManageConsultative } from "~/consultative/edit.server";
import { countryOptions, findMeeting, meetingOptions, updateMeeting } from "~/consultative/meetings.server";
import { createRecommendation, listRecommendations } from "~/consultative/recommendations.server";
import { MeetingSchema, RecommendationSchema } from "~/consultative/schema";
import { useLocale, useT } from "~/i18n";
import { plural } from "~/i18n/plural";
import { resolveLocale } from "~/i18n/locale.server";
import { refusedWrite } from "~/marketplace/route-helpers.server";
import { readForm } from "~/utils/csrf.server";
import { idParam, loadRecord } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "title.meeting", data?.meeting.topic);

// A meeting: public facts for everyone; its recommendations for signed-in members; the edit form,
// a recommendation form and the CSV import for the coordination unit.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request, context);
  const meeting = await loadRecord(findMeeting(context.db, idParam(params.id)));
  const member = Boolean(user && user.status === "active");
  const manage = member && canManageConsultative(user!);
  const locale = resolveLocale(request, user?.locale);
  return {
    meeting: { ...meeting, updated_at: meeting.updated_at.toISOString() },
    member,
    recommendations: member ? await listRecommendations(context.db, locale, { meetingId: meeting.id }) : null,
    manage: manage
      ? { countries: await countryOptions(context.db, locale), meetings: await meetingOptions(context.db) }
      : null,
  };
}

async function importFile(formData: FormData): Promise<string | null> {
  const file = formData.get("file");
  if (!(file instanceof File) || file.size > MAX_IMPORT_BYTES) return null;
  return file.text();
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "record:edit-any");
  const id = idParam(params.id);
  await loadRecord(findMeeting(context.db, id));
  const formData = await readForm(request, context);
  const intent = formData.get("intent");
  const actor = toActor(user);
  if (intent === "import") {
    const text = await importFile(formData);
    if (text === null)
      return data(
        {
          intent,
          result: null,
          import: { ok: false as const, errors: [{ line: 0, field: "file", message: "consult.import.tooLarge" }] },
        },
        { status: 400 },
      );
    const outcome = await importRecommendations(context.db, actor, id, text, context.clientIp);
    return data({ intent, result: null, import: outcome }, { status: outcome.ok ? 200 : 400 });
  }
  if (intent === "meeting") {
    const submission = parseWithZod(formData, { schema: MeetingSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), import: null }, { status: 400 });
    if (submission.value.version === undefined)
      return data({ intent, result: submission.reply({ formErrors: ["form.stale"] }), import: null }, { status: 409 });
    try {
      await updateMeeting(context.db, actor, id, submission.value.version, submission.value, context.clientIp);
    } catch (error) {
      return refusedAnswer(intent, refusedWrite(error, submission));
    }
  } else if (intent === "recommendation") {
    const submission = parseWithZod(formData, { schema: RecommendationSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), import: null }, { status: 400 });
    try {
      await createRecommendation(context.db, actor, { ...submission.value, meetingId: id }, context.clientIp);
    } catch (error) {
      return refusedAnswer(intent, refusedWrite(error, submission));
    }
  } else {
    return data({ intent: null, result: null, import: null }, { status: 400 });
  }
  return redirectWithFlash(`/meetings/${id}`, { key: "market.saved" }, context);
}

/** A refused write's answer, tagged with the form it belongs to. */
function refusedAnswer(intent: "meeting" | "recommendation", refused: ReturnType<typeof refusedWrite>) {
  return data({ intent, result: refused.data.result, import: null }, { status: refused.init?.status ?? 400 });
}

function ImportErrors({ errors }: { errors: { line: number; field: string; message: string }[] }) {
  const t = useT();
  return (
    <div className="notice error" role="alert">
      <p>{t("consult.import.failed")}</p>
      <ul>
        {errors.map((e) => (
          <li key={`${e.line}-${e.field}-${e.message}`}>
            {t("consult.import.line", { line: e.line, field: e.field, message: translateError(t, e.message) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function MeetingPage() {
  const { meeting, member, recommendations, manage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>
        <Link to="/meetings">{t("consult.meetings.title")}</Link>
      </p>
      <h1>
        {meeting.kind}
        {meeting.number ? ` ${meeting.number}` : ""}: {meeting.topic}
      </h1>
      <dl>
        <dt>{t("consult.field.dates")}</dt>
        <dd>{meeting.end_date ? `${meeting.start_date} – ${meeting.end_date}` : meeting.start_date}</dd>
        <dt>{t("consult.field.pillar")}</dt>
        <dd>{meeting.pillar_code ?? "—"}</dd>
        <dt>{t("consult.field.host")}</dt>
        <dd>{meeting.host ?? "—"}</dd>
        <dt>{t("consult.field.place")}</dt>
        <dd>{[meeting.city, meeting.country_iso3].filter(Boolean).join(", ") || "—"}</dd>
      </dl>
      <h2>{t("consult.recs.ofMeeting")}</h2>
      {!member ? <p>{t("consult.recs.signInToRead")}</p> : null}
      {recommendations && !recommendations.length ? <p>{t("consult.recs.none")}</p> : null}
      <MeetingRecommendations recommendations={recommendations} />
      {manage ? (
        <>
          <h2>{t("consult.recs.add")}</h2>
          <RecommendationForm
            meetingId={meeting.id}
            meetings={manage.meetings}
            lastResult={actionData?.intent === "recommendation" ? actionData.result : null}
            defaultValue={{ pillar: meeting.pillar_code ?? undefined, status: "proposed" }}
          />
          <h2>{t("consult.import.title")}</h2>
          {actionData?.import && !actionData.import.ok ? <ImportErrors errors={actionData.import.errors} /> : null}
          {actionData?.import?.ok ? (
            <Notice kind="success">{plural(t, locale, "consult.import.done", actionData.import.created)}</Notice>
          ) : null}
          <RecommendationImportForm />
          <h2>{t("consult.meetings.edit")}</h2>
          <MeetingForm
            countries={manage.countries}
            version={meeting.version}
            lastResult={actionData?.intent === "meeting" ? actionData.result : null}
            defaultValue={{
              kind: meeting.kind,
              number: meeting.number ? String(meeting.number) : undefined,
              topic: meeting.topic,
              pillar: meeting.pillar_code ?? undefined,
              host: meeting.host ?? undefined,
              city: meeting.city ?? undefined,
              country: meeting.country_iso3?.trim() ?? undefined,
              startDate: meeting.start_date,
              endDate: meeting.end_date ?? undefined,
            }}
          />
        </>
      ) : null}
    </>
  );
}

type MeetingData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The meeting's recommendations, for members (null for the public). */
function MeetingRecommendations({ recommendations }: Pick<MeetingData, "recommendations">) {
  const t = useT();
  return recommendations?.length ? (
    <ol className="plain">
      {recommendations.map((r) => {
        const label = t("consult.recs.number", { number: r.number });
        return (
          <li key={r.id}>
            <Link to={`/recommendations/${r.id}`}>{label}</Link> ({r.pillarCode}, {t(`consult.status.${r.status}`)}
            {r.endorsedBy ? `: ${r.endorsedBy}` : ""}
            {r.supersededBy ? ` → ${r.supersededBy}` : ""}) {r.text}
          </li>
        );
      })}
    </ol>
  ) : null;
}

/** Uploads a CSV of this meeting's recommendations. */
function RecommendationImportForm() {
  const t = useT();
  return (
    <Form method="post" encType="multipart/form-data" className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="import" />
      <p className="hint" id="import-hint">
        {t("consult.import.hint")}
      </p>
      <label htmlFor="import-file">{t("consult.import.file")}</label>
      <input id="import-file" type="file" name="file" accept=".csv,text/csv" required aria-describedby="import-hint" />
      <button type="submit">{t("consult.import.submit")}</button>
    </Form>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
