import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { ANSWER_PROMISE_HOURS } from "~/accounts/promise";
import { ApproveSchema, NEW_ORGANIZATION, RejectSchema } from "~/accounts/schemas";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/form";
import { useLocale, useT, type Locale, type Translate } from "~/i18n";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import type { OrganizationKind } from "../../../db/schema";

export interface QueueRequest {
  id: number;
  fullName: string;
  email: string;
  requestedRole: "donor" | "beneficiary";
  countryName: { en: string; ru: string };
  justification: string;
  organizationId: number | null;
  organizationName: string | null;
  newOrganizationName: string | null;
  newOrganizationKind: OrganizationKind | null;
  newOrganizationCountryName: { en: string; ru: string } | null;
  createdAt: Date | string;
  ageHours: number;
  overdue: boolean;
}

export interface CardResult {
  intent: "approve" | "reject";
  result: SubmissionResult<string[]>;
}

type Request = { request: QueueRequest };

/** How long a request has waited, and how long is left of the promise to answer (or how late it is). */
export function waitingSentence(t: Translate, locale: Locale, ageHours: number, overdue: boolean): string {
  const hours = Math.floor(ageHours);
  if (overdue)
    return t("requests.overdue", {
      hours: formatNumber(locale, hours),
      promise: formatNumber(locale, ANSWER_PROMISE_HOURS),
    });
  return t("requests.dueIn", {
    waited: plural(t, locale, "plural.hours", hours),
    left: plural(t, locale, "plural.hours", Math.max(0, ANSWER_PROMISE_HOURS - hours)),
  });
}

/** When the request came, and the waiting sentence. */
function RequestAge({ request }: Request) {
  const t = useT();
  const locale = useLocale();
  return (
    <p className={request.overdue ? "overdue" : undefined}>
      {t("requests.received", { date: formatDateTime(locale, request.createdAt) })}.{" "}
      {waitingSentence(t, locale, request.ageHours, request.overdue)}
    </p>
  );
}

/** Who asks, for which organization, role and country, and why. */
function RequestDetails({ request }: Request) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className="details">
      <dt>{t("requests.email")}</dt>
      <dd>{request.email}</dd>
      <dt>{t("requests.organization")}</dt>
      <dd>
        {request.organizationName ??
          t("requests.proposedOrganization", {
            name: request.newOrganizationName ?? "",
            kind: request.newOrganizationKind ? t(`orgKind.${request.newOrganizationKind}`) : "",
            country: request.newOrganizationCountryName?.[locale] ?? "",
          })}
      </dd>
      <dt>{t("requests.role")}</dt>
      <dd>{t(`role.${request.requestedRole}`)}</dd>
      <dt>{t("requests.country")}</dt>
      <dd>{request.countryName[locale]}</dd>
      <dt>{t("requests.justification")}</dt>
      <dd className="justification">{request.justification}</dd>
    </dl>
  );
}

function ApproveForm({
  request,
  organizations,
  lastResult,
  busy,
}: Request & { organizations: ReadonlyArray<{ id: number; name: string }>; lastResult?: CardResult; busy: boolean }) {
  const t = useT();
  const [approveForm, approveFields] = useForm({
    id: `approve-${request.id}`,
    lastResult: lastResult?.intent === "approve" ? lastResult.result : undefined,
    defaultValue: {
      role: request.requestedRole,
      organization: request.organizationId ? String(request.organizationId) : NEW_ORGANIZATION,
      newOrganizationName: request.newOrganizationName ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApproveSchema }),
    shouldValidate: "onBlur",
  });
  const organizationOptions = [
    ...organizations.map((o) => ({ value: String(o.id), label: o.name })),
    ...(request.newOrganizationName
      ? [{ value: NEW_ORGANIZATION, label: `${t("requests.createOrganization")}: ${request.newOrganizationName}` }]
      : []),
  ];
  return (
    <Form method="post" className="stack" {...getFormProps(approveForm)}>
      <fieldset className="stack">
        <legend>{t("requests.approveLegend")}</legend>
        <FormErrors id={approveForm.errorId} errors={approveForm.errors} />
        <CsrfInput />
        <input type="hidden" name="intent" value="approve" />
        <input type="hidden" name="requestId" value={request.id} />
        <SelectField
          field={approveFields.role}
          label={t("requests.approveRole")}
          options={[
            { value: "donor", label: t("role.donor") },
            { value: "beneficiary", label: t("role.beneficiary") },
          ]}
        />
        <SelectField
          field={approveFields.organization}
          label={t("requests.approveOrganization")}
          options={organizationOptions}
        />
        {request.newOrganizationName ? (
          <TextField
            field={approveFields.newOrganizationName}
            label={t("requests.newOrganizationName")}
            hint={t("requests.newOrganizationHint")}
          />
        ) : null}
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("requests.approve", { name: request.fullName })}
          </button>
        </div>
      </fieldset>
    </Form>
  );
}

function RejectForm({ request, lastResult, busy }: Request & { lastResult?: CardResult; busy: boolean }) {
  const t = useT();
  const [rejectForm, rejectFields] = useForm({
    id: `reject-${request.id}`,
    lastResult: lastResult?.intent === "reject" ? lastResult.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RejectSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="stack" {...getFormProps(rejectForm)}>
      <fieldset className="stack">
        <legend>{t("requests.rejectLegend")}</legend>
        <FormErrors id={rejectForm.errorId} errors={rejectForm.errors} />
        <CsrfInput />
        <input type="hidden" name="intent" value="reject" />
        <input type="hidden" name="requestId" value={request.id} />
        <TextAreaField
          field={rejectFields.reason}
          rows={3}
          label={t("requests.reason")}
          hint={t("requests.reasonHint")}
        />
        <div>
          <button type="submit" className="danger" disabled={busy}>
            {t("requests.reject", { name: request.fullName })}
          </button>
        </div>
      </fieldset>
    </Form>
  );
}

/** One pending request: who asks for what, how long it has waited, and the two answers. */
export function RequestCard({
  request,
  organizations,
  lastResult,
}: {
  request: QueueRequest;
  organizations: ReadonlyArray<{ id: number; name: string }>;
  lastResult?: CardResult;
}) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("requestId") === String(request.id);
  const headingId = `request-${request.id}-name`;
  return (
    <article className={`request-card${request.overdue ? " is-overdue" : ""}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {request.fullName}
        {request.overdue ? <span className="badge overdue"> {t("requests.overdueBadge")}</span> : null}
      </h2>
      <RequestAge request={request} />
      <RequestDetails request={request} />
      <div className="decisions">
        <ApproveForm request={request} organizations={organizations} lastResult={lastResult} busy={busy} />
        <RejectForm request={request} lastResult={lastResult} busy={busy} />
      </div>
    </article>
  );
}
