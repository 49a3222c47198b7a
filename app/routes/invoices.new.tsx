import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/form";
import { PromiseNote } from "~/components/funding";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { orResponse, refusalReply } from "~/errors/reply.server";
import { getPledge } from "~/funding/pledges.server";
import { DraftNewSchema, INVOICE_LANGUAGES } from "~/funding/schemas";
import { useLocale, useT } from "~/i18n";
import { formatDate, formatMoney } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { readForm } from "~/utils/csrf.server";
import { idParam } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.invoiceNew");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "invoice:manage");
  const id = idParam(new URL(request.url).searchParams.get("pledge"), "Choose a pledge to invoice");
  const pledge = await orResponse(getPledge(context.db, toActor(user), id));
  return { pledge };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "invoice:manage");
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: DraftNewSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const locale = resolveLocale(request, user.locale);
  try {
    const draft = await createInvoiceDraft(context.db, toActor(user), submission.value);
    return redirect(`/invoices/${draft.id}`);
  } catch (error) {
    return refusalReply(error, submission, {
      locale: locale,
      fields: Object.keys(DraftNewSchema.shape),
      money: (amount) => formatMoney(locale, amount, String(formData.get("currency") ?? "USD")),
    });
  }
}

export default function NewInvoice() {
  const { pledge } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { pledgeId: String(pledge.id), language: locale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DraftNewSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>{t("invoices.newTitle")}</h1>
      <PromiseNote />
      <dl>
        <dt>{t("pledges.donor")}</dt>
        <dd>{pledge.organizationName}</dd>
        <dt>{t("pledges.period")}</dt>
        <dd>
          {formatDate(locale, pledge.periodStart)} – {formatDate(locale, pledge.periodEnd)}
        </dd>
        <dt>{t("pledges.amount")}</dt>
        <dd>{formatMoney(locale, pledge.amount, pledge.currency)}</dd>
        <dt>{t("pledges.remaining")}</dt>
        <dd>{formatMoney(locale, pledge.remaining, pledge.currency)}</dd>
      </dl>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="pledgeId" value={pledge.id} />
        <input type="hidden" name="currency" value={pledge.currency} />
        <TextField
          field={fields.amount}
          label={t("invoices.tranche", { currency: pledge.currency })}
          hint={t("invoices.trancheHint", { remaining: formatMoney(locale, pledge.remaining, pledge.currency) })}
          optional
        />
        <SelectField
          field={fields.language}
          label={t("invoices.language")}
          options={INVOICE_LANGUAGES.map((l) => ({ value: l, label: t(`invoices.language.${l}`) }))}
        />
        <TextAreaField
          field={fields.billToAddress}
          label={t("invoices.billToAddress")}
          hint={t("invoices.billToAddressHint")}
          optional
        />
        <TextField
          field={fields.dueDate}
          type="date"
          label={t("invoices.dueDate")}
          hint={t("invoices.dueDateHint")}
          optional
        />
        <div>
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("invoices.createDraft")}
          </button>
        </div>
      </Form>
    </>
  );
}
