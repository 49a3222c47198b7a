import { getFormProps, useForm, type Submission, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/form";
import type { Invoice } from "~/funding/invoices.server";
import {
  DeleteDraftSchema,
  DraftEditSchema,
  INVOICE_LANGUAGES,
  IssueSchema,
  PaymentSchema,
  ReplaceSchema,
  VoidSchema,
} from "~/funding/schemas";
import { useLocale, useT } from "~/i18n";
import { formatMoney } from "~/i18n/format";

// The coordination unit's actions on one invoice, by status: a draft is edited, issued or deleted;
// an open invoice takes payments, or is voided or replaced; a void one may still be replaced.

export interface ActionResult {
  intent: string;
  result: SubmissionResult<string[]>;
}

type InvoiceView = Pick<
  Invoice,
  | "id"
  | "status"
  | "version"
  | "lines"
  | "language"
  | "billToName"
  | "billToAddress"
  | "dueDate"
  | "outstanding"
  | "currency"
  | "replacedByInvoiceId"
>;

interface Props {
  invoice: InvoiceView;
  actionData?: ActionResult;
  settingsReady: boolean;
  canConfigure: boolean;
}

export function InvoiceActions({ invoice, actionData, settingsReady, canConfigure }: Props) {
  const t = useT();
  const open = invoice.status === "issued" || invoice.status === "partly_paid";
  const last = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  return (
    <section aria-labelledby="invoice-actions">
      <h2 id="invoice-actions">{t("invoices.actions")}</h2>
      {invoice.status === "draft" ? (
        <>
          <EditDraftForm invoice={invoice} lastResult={last("edit")} />
          {settingsReady ? null : (
            <div className="notice warning" role="status">
              <p>
                {t("funding.error.settingsMissing")}{" "}
                {canConfigure ? <Link to="/admin/invoicing">{t("nav.invoicing")}</Link> : null}
              </p>
            </div>
          )}
          <SimpleForm
            intent="issue"
            schema={IssueSchema}
            version={invoice.version}
            lastResult={last("issue")}
            title={t("invoices.issueTitle")}
            hint={t("invoices.issueHint")}
          >
            <button type="submit" className="primary">
              {t("invoices.issue")}
            </button>
          </SimpleForm>
          <SimpleForm
            intent="delete"
            schema={DeleteDraftSchema}
            version={invoice.version}
            lastResult={last("delete")}
            title={t("invoices.deleteTitle")}
          >
            <button type="submit" className="danger">
              {t("invoices.delete")}
            </button>
          </SimpleForm>
        </>
      ) : null}
      {open ? <PaymentForm invoice={invoice} lastResult={last("pay")} /> : null}
      {open ? (
        <SimpleForm
          intent="void"
          schema={VoidSchema}
          version={invoice.version}
          lastResult={last("void")}
          title={t("invoices.voidTitle")}
          hint={t("invoices.voidHint")}
          reason="required"
        >
          <button type="submit" className="danger">
            {t("invoices.void")}
          </button>
        </SimpleForm>
      ) : null}
      {(open || invoice.status === "void") && !invoice.replacedByInvoiceId ? (
        <SimpleForm
          intent="replace"
          schema={ReplaceSchema}
          version={invoice.version}
          lastResult={last("replace")}
          title={t("invoices.replaceTitle")}
          hint={t("invoices.replaceHint")}
          reason={open ? "required" : "none"}
        >
          <button type="submit" className="secondary">
            {t("invoices.replace")}
          </button>
        </SimpleForm>
      ) : null}
    </section>
  );
}

function SimpleForm(props: {
  intent: string;
  schema: z.ZodType;
  version: number;
  lastResult?: SubmissionResult<string[]>;
  title: string;
  hint?: string;
  reason?: "required" | "none";
  children: ReactNode;
}) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm<{ reason: string }>({
    id: `${props.intent}-form`,
    lastResult: props.lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: props.schema }) as Submission<{ reason: string }>,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby={`${props.intent}-title`}>
      <h3 id={`${props.intent}-title`}>{props.title}</h3>
      {props.hint ? <p className="hint">{props.hint}</p> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <CsrfInput />
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="version" value={props.version} />
      {props.reason === "required" ? (
        <TextAreaField field={fields.reason} label={t("invoices.reason")} rows={2} />
      ) : null}
      <div aria-busy={navigation.state === "submitting"}>{props.children}</div>
    </Form>
  );
}

function PaymentForm({ invoice, lastResult }: { invoice: InvoiceView; lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    id: "pay-form",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PaymentSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="pay-title">
      <h3 id="pay-title">{t("invoices.payTitle")}</h3>
      <p className="hint">
        {t("invoices.payHint", { outstanding: formatMoney(locale, invoice.outstanding, invoice.currency) })}
      </p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <CsrfInput />
      <input type="hidden" name="intent" value="pay" />
      <TextField field={fields.amount} label={t("invoices.payAmount", { currency: invoice.currency })} />
      <TextField field={fields.paidOn} type="date" label={t("invoices.paidOn")} />
      <TextField field={fields.bankReference} label={t("invoices.bankReference")} />
      <div>
        <button type="submit" className="primary">
          {t("invoices.pay")}
        </button>
      </div>
    </Form>
  );
}

function EditDraftForm({ invoice, lastResult }: { invoice: InvoiceView; lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof DraftEditSchema>>({
    id: "edit-form",
    lastResult,
    defaultValue: {
      lines: invoice.lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice })),
      language: invoice.language,
      billToName: invoice.billToName,
      billToAddress: invoice.billToAddress,
      dueDate: invoice.dueDate ?? undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DraftEditSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const lines = fields.lines.getFieldList();
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="edit-title">
      <h3 id="edit-title">{t("invoices.editTitle")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <CsrfInput />
      <input type="hidden" name="intent" value="edit" />
      <input type="hidden" name="version" value={invoice.version} />
      {lines.map((line, index) => {
        const f = line.getFieldset();
        return (
          <fieldset key={line.key} className="stack">
            <legend>{t("invoices.lineNo", { n: index + 1 })}</legend>
            <TextField field={f.description} label={t("invoices.description")} />
            <TextField field={f.quantity} label={t("invoices.quantity")} />
            <TextField field={f.unitPrice} label={t("invoices.unitPrice")} />
            {lines.length > 1 ? (
              <button
                type="submit"
                className="secondary"
                {...form.remove.getButtonProps({ name: fields.lines.name, index })}
              >
                {t("invoices.removeLine", { n: index + 1 })}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      {fields.lines.errors?.length ? <FormErrors id={fields.lines.errorId} errors={fields.lines.errors} /> : null}
      <div>
        <button
          type="submit"
          className="secondary"
          {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: { quantity: "1" } })}
        >
          {t("invoices.addLine")}
        </button>
      </div>
      <TextField field={fields.billToName} label={t("invoices.billToName")} />
      <TextAreaField field={fields.billToAddress} label={t("invoices.billToAddress")} optional />
      <SelectField
        field={fields.language}
        label={t("invoices.language")}
        options={INVOICE_LANGUAGES.map((l) => ({ value: l, label: t(`invoices.language.${l}`) }))}
      />
      <TextField field={fields.dueDate} type="date" label={t("invoices.dueDate")} optional />
      <div>
        <button type="submit" className="primary">
          {t("invoices.saveDraft")}
        </button>
      </div>
    </Form>
  );
}
