import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm, type Submission, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, TextAreaField, TextField } from "~/components/form";
import { isFundingError } from "~/funding/errors";
import { refusalReply } from "~/errors/reply.server";
import { BankFormSchema, IssuerFormSchema } from "~/funding/schemas";
import { getInvoicingSettings, saveBankInstructions, saveIssuer } from "~/funding/settings.server";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { readForm } from "~/utils/csrf.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminInvoicing");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "settings:manage");
  return { settings: await getInvoicingSettings(context.db, toActor(user)) };
}

type Result = { intent: string; result: SubmissionResult<string[]>; currentVersion?: number | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "settings:manage");
  const formData = await readForm(request, context);
  const intent = String(formData.get("intent") ?? "");
  invariantResponse(intent === "issuer" || intent === "bank", "Unknown action", 400);
  const schema = intent === "issuer" ? IssuerFormSchema : BankFormSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success")
    return data({ intent, result: submission.reply() } satisfies Result, { status: 400 });
  const { intent: _intent, version, ...value } = submission.value;
  try {
    if (intent === "issuer") await saveIssuer(context.db, toActor(user), value, version ?? null);
    else await saveBankInstructions(context.db, toActor(user), value, version ?? null);
  } catch (error) {
    return refusalReply(error, submission, {
      locale: resolveLocale(request, user.locale),
      fields: Object.keys(schema.shape),
      extra: {
        intent,
        currentVersion: isFundingError(error, "stale") ? Number(error.details.currentVersion) || null : undefined,
      },
    });
  }
  return redirectWithFlash("/admin/invoicing", { key: "settings.saved" }, context);
}

export default function InvoicingSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const last = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  return (
    <>
      <h1>{t("settings.title")}</h1>
      <p className="lead">{t("settings.intro")}</p>
      {!settings.issuer || !settings.bank ? (
        <div className="notice warning" role="status">
          <p>{t("settings.missing")}</p>
        </div>
      ) : null}
      <SettingsForm
        intent="issuer"
        title={t("settings.issuer")}
        schema={IssuerFormSchema}
        version={last("issuer")?.currentVersion ?? settings.versions.issuer}
        lastResult={last("issuer")?.result}
        defaultValue={settings.issuer ?? {}}
        fields={[
          { name: "name", label: t("settings.name") },
          { name: "address", label: t("settings.address"), multiline: true },
          { name: "email", label: t("settings.email"), optional: true },
          { name: "website", label: t("settings.website"), optional: true },
        ]}
      />
      <SettingsForm
        intent="bank"
        title={t("settings.bank")}
        schema={BankFormSchema}
        version={last("bank")?.currentVersion ?? settings.versions.bank}
        lastResult={last("bank")?.result}
        defaultValue={settings.bank ?? {}}
        fields={[
          { name: "accountHolder", label: t("settings.accountHolder") },
          { name: "bankName", label: t("settings.bankName") },
          { name: "bankAddress", label: t("settings.bankAddress"), optional: true, multiline: true },
          { name: "iban", label: t("settings.iban"), optional: true, hint: t("settings.ibanHint") },
          { name: "accountNumber", label: t("settings.accountNumber"), optional: true },
          { name: "swift", label: t("settings.swift") },
          { name: "note", label: t("settings.note"), optional: true, multiline: true },
        ]}
      />
    </>
  );
}

interface FieldSpec {
  name: string;
  label: string;
  optional?: boolean;
  multiline?: boolean;
  hint?: string;
}

function SettingsForm(props: {
  intent: string;
  title: string;
  schema: z.ZodType;
  version: number | null;
  lastResult?: SubmissionResult<string[]>;
  defaultValue: Record<string, unknown>;
  fields: FieldSpec[];
}) {
  const t = useT();
  const [form, fields] = useForm<Record<string, string>>({
    id: `${props.intent}-form`,
    lastResult: props.lastResult,
    defaultValue: Object.fromEntries(
      Object.entries(props.defaultValue).map(([k, v]) => [k, v == null ? "" : String(v)]),
    ),
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: props.schema }) as Submission<Record<string, string>>,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section aria-labelledby={`${props.intent}-title`}>
      <h2 id={`${props.intent}-title`}>{props.title}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value={props.intent} />
        <input type="hidden" name="version" value={props.version ?? ""} />
        {props.fields.map((f) =>
          f.multiline ? (
            <TextAreaField
              key={f.name}
              field={fields[f.name]}
              label={f.label}
              optional={f.optional}
              hint={f.hint}
              rows={3}
            />
          ) : (
            <TextField key={f.name} field={fields[f.name]} label={f.label} optional={f.optional} hint={f.hint} />
          ),
        )}
        <div>
          <button type="submit" className="primary">
            {t("form.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}
