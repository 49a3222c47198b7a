import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ComponentProps } from "react";
import { AccessRequestError, requestAccess } from "~/accounts/access-requests.server";
import { hitRateLimit } from "~/accounts/rate-limit.server";
import { writeAudit } from "~/accounts/audit.server";
import { formatWait } from "~/accounts/wait";
import { JoinSchema, NEW_ORGANIZATION } from "~/accounts/schemas";
import { listCountriesForPicker, listOrganizationsForPicker } from "~/accounts/users.server";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/form";
import { useLocale, useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { readForm } from "~/utils/csrf.server";
import { refusalReply } from "~/errors/reply.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.join");

// Registrations an address may send in an hour: an office registering its staff fits, a script does not.
export const JOIN_LIMIT = { perIp: 10, windowSeconds: 60 * 60 };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = resolveLocale(request);
  const [organizations, countries] = await Promise.all([
    listOrganizationsForPicker(context.db),
    listCountriesForPicker(context.db, locale),
  ]);
  return { organizations, countries, submitted: new URL(request.url).searchParams.get("submitted") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: JoinSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const value = submission.value;
  // A bot filled in the invisible field: pretend all went well, keep nothing.
  if (value.website) return redirect("/join?submitted=1");

  const limit = await hitRateLimit(
    context.db,
    `join:ip:${context.clientIp}`,
    JOIN_LIMIT.perIp,
    JOIN_LIMIT.windowSeconds,
  );
  if (!limit.allowed) {
    await writeAudit(context.db, {
      actorUserId: null,
      action: "access.request_throttled",
      entityType: "access_request",
      entityId: value.email,
      after: { retry_after_seconds: limit.retryAfterSeconds },
      ip: context.clientIp,
    });
    return data(
      {
        result: submission.reply({ formErrors: ["join.rateLimited"], hideFields: ["password"] }),
        retryAfterSeconds: limit.retryAfterSeconds,
      },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  try {
    await requestAccess(
      context.db,
      {
        fullName: value.fullName,
        email: value.email,
        password: value.password,
        requestedRole: value.role,
        countryIso3: value.country,
        justification: value.justification,
        organization:
          value.organization === NEW_ORGANIZATION
            ? {
                newName: value.newOrganizationName!,
                newKind: value.newOrganizationKind!,
                newCountryIso3: value.newOrganizationCountry!,
              }
            : { existingId: Number(value.organization) },
        locale: resolveLocale(request),
      },
      context.clientIp,
    );
  } catch (error) {
    // An e-mail that already has an account gets the answer of a new request: /join tells nobody
    // who has an account (requestAccess did the same work and audited it).
    if (error instanceof AccessRequestError && error.code === "email_taken") return redirect("/join?submitted=1");
    return refusalReply(error, submission, { hideFields: ["password"] });
  }
  return redirect("/join?submitted=1");
}

export default function Join() {
  const { organizations, countries, submitted } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: JoinSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });

  if (submitted) return <Submitted />;

  const retryAfterSeconds = (actionData as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  const countryOptions = countries.map((c) => ({ value: c.iso3, label: c.name }));
  return (
    <>
      <h1>{t("join.title")}</h1>
      <p className="lead">{t("join.intro")}</p>
      <JoinErrors errorId={form.errorId} errors={form.errors} retryAfterSeconds={retryAfterSeconds} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <TextField field={fields.fullName} label={t("join.fullName")} autoComplete="name" />
        <TextField
          field={fields.email}
          type="email"
          label={t("join.email")}
          hint={t("join.emailHint")}
          autoComplete="email"
        />
        <SelectField
          field={fields.organization}
          label={t("join.organization")}
          hint={t("join.organizationHint")}
          placeholder={t("join.choose")}
          options={[
            ...organizations.map((o) => ({ value: String(o.id), label: o.name })),
            { value: NEW_ORGANIZATION, label: t("join.organizationNew") },
          ]}
        />
        <NewOrganizationFields
          name={fields.newOrganizationName}
          kind={fields.newOrganizationKind}
          country={fields.newOrganizationCountry}
          countryOptions={countryOptions}
        />
        <SelectField
          field={fields.role}
          label={t("join.role")}
          placeholder={t("join.choose")}
          options={[
            { value: "donor", label: t("role.donor") },
            { value: "beneficiary", label: t("role.beneficiary") },
          ]}
        />
        <SelectField
          field={fields.country}
          label={t("join.country")}
          placeholder={t("join.choose")}
          options={countryOptions}
        />
        <TextAreaField
          field={fields.justification}
          label={t("join.justification")}
          hint={t("join.justificationHint")}
        />
        <TextField
          field={fields.password}
          type="password"
          label={t("join.password")}
          hint={t("join.passwordHint")}
          autoComplete="new-password"
        />
        <JoinSubmit submitting={navigation.state === "submitting"} />
      </Form>
    </>
  );
}

function Submitted() {
  const t = useT();
  return (
    <>
      <h1>{t("join.submittedTitle")}</h1>
      <div className="notice success" role="status">
        <p>{t("verify.checkMail")}</p>
        <p>{t("join.submitted")}</p>
      </div>
    </>
  );
}

/** The fields for an organization not in the list yet (used when the requester picks "new"). */
function NewOrganizationFields(props: {
  name: ComponentProps<typeof TextField>["field"];
  kind: ComponentProps<typeof SelectField>["field"];
  country: ComponentProps<typeof SelectField>["field"];
  countryOptions: ComponentProps<typeof SelectField>["options"];
}) {
  const { name, kind, country, countryOptions } = props;
  const t = useT();
  const kinds = ["donor_agency", "beneficiary_agency", "international_organization"] as const;
  return (
    <fieldset className="stack">
      <legend>{t("join.organizationNew")}</legend>
      <TextField field={name} label={t("join.newOrganizationName")} optional />
      <SelectField
        field={kind}
        label={t("join.newOrganizationKind")}
        placeholder={t("join.choose")}
        optional
        options={kinds.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
      />
      <SelectField
        field={country}
        label={t("join.newOrganizationCountry")}
        placeholder={t("join.choose")}
        optional
        options={countryOptions}
      />
    </fieldset>
  );
}

function JoinErrors(props: { errorId: string; errors?: string[] | null; retryAfterSeconds?: number }) {
  const { errorId, errors, retryAfterSeconds } = props;
  const t = useT();
  const locale = useLocale();
  return retryAfterSeconds ? (
    <div id={errorId} className="notice error" role="alert">
      <p>{t("join.rateLimited", { wait: formatWait(locale, retryAfterSeconds) })}</p>
    </div>
  ) : (
    <FormErrors id={errorId} errors={errors} />
  );
}

/** The invisible field that only a bot fills in, and the submit button. */
function JoinSubmit({ submitting }: { submitting: boolean }) {
  const t = useT();
  return (
    <>
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="join-website">{t("join.website")}</label>
        <input id="join-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <div>
        <button type="submit" className="primary" disabled={submitting}>
          {t("join.submit")}
        </button>
      </div>
    </>
  );
}
