import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/flash/flash.server";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, requireUser, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { InvoiceStatus } from "~/components/funding";
import { InvoiceActions, type ActionResult } from "~/components/invoice-actions";
import { deleteDraft, editDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice, replaceInvoice, voidInvoice } from "~/funding/invoice-lifecycle.server";
import { getInvoice, isOverdue } from "~/funding/invoices.server";
import { orResponse, refusalReply } from "~/errors/reply.server";
import { today } from "~/forms/dates";
import { recordPayment } from "~/funding/payments.server";
import {
  DeleteDraftSchema,
  DraftEditSchema,
  IssueSchema,
  PaymentSchema,
  ReplaceSchema,
  VoidSchema,
} from "~/funding/schemas";
import { getInvoicingSettings } from "~/funding/settings.server";
import { useLocale, useT } from "~/i18n";
import { formatDate, formatMoney } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { readForm } from "~/utils/csrf.server";
import { idParam, invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.invoice");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const actor = toActor(user);
  const invoice = await orResponse(getInvoice(context.db, actor, idParam(params.id, "No such invoice")));
  const staff = can(actor.role, "invoice:manage");
  const settings = staff ? await getInvoicingSettings(context.db, actor) : null;
  return {
    invoice,
    staff,
    overdue: isOverdue(invoice, today()),
    settingsReady: settings ? Boolean(settings.issuer && settings.bank) : true,
    canConfigure: can(actor.role, "settings:manage"),
  };
}

const SCHEMAS = {
  edit: DraftEditSchema,
  issue: IssueSchema,
  delete: DeleteDraftSchema,
  void: VoidSchema,
  replace: ReplaceSchema,
  pay: PaymentSchema,
} as const;
type Intent = keyof typeof SCHEMAS;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "invoice:manage");
  const actor = toActor(user);
  const invoice = await orResponse(getInvoice(context.db, actor, idParam(params.id, "No such invoice")));
  const formData = await readForm(request, context);
  const intent = String(formData.get("intent") ?? "");
  // Own keys only: `in` would let "__proto__", "constructor" or "toString" through to the prototype.
  invariantResponse(Object.hasOwn(SCHEMAS, intent), "Unknown action", 400);
  const schema = SCHEMAS[intent as Intent];
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success")
    return data({ intent, result: submission.reply() } satisfies ActionResult, { status: 400 });
  const v = submission.value;
  const locale = resolveLocale(request, user.locale);
  const back = (target = invoice.id, done: Intent = v.intent) =>
    redirectWithFlash(`/invoices/${target}`, { key: `invoices.done.${done}` }, context);
  try {
    switch (v.intent) {
      case "edit":
        await editDraft(context.db, actor, invoice.id, v.version ?? 0, {
          lines: v.lines,
          language: v.language,
          billToName: v.billToName,
          billToAddress: v.billToAddress ?? "",
          dueDate: v.dueDate ?? null,
        });
        return back();
      case "issue":
        await issueInvoice(context.db, actor, invoice.id, { expectedVersion: v.version });
        return back();
      case "delete":
        await deleteDraft(context.db, actor, invoice.id, v.version ?? 0);
        return redirectWithFlash("/invoices", { key: "invoices.done.delete" }, context);
      case "void":
        await voidInvoice(context.db, actor, invoice.id, v.reason, v.version);
        return back();
      case "replace": {
        const { draft } = await replaceInvoice(context.db, actor, invoice.id, {
          reason: v.reason,
          expectedVersion: v.version,
        });
        return back(draft.id, "replace");
      }
      case "pay":
        await recordPayment(context.db, actor, invoice.id, {
          amount: v.amount,
          paidOn: v.paidOn,
          bankReference: v.bankReference,
        });
        return back();
    }
  } catch (error) {
    return refusalReply(error, submission, {
      locale: locale,
      fields: Object.keys(schema.shape),
      money: (amount) => formatMoney(locale, amount, invoice.currency),
      extra: { intent },
    });
  }
}

export default function InvoicePage() {
  const { invoice, staff, overdue, settingsReady, canConfigure } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const money = (amount: string) => formatMoney(locale, amount, invoice.currency);
  const title = invoice.number
    ? t("invoices.titleOne", { number: invoice.number })
    : t("invoices.draftNo", { id: invoice.id });
  return (
    <>
      <h1>{title}</h1>
      <p>
        <InvoiceStatus status={invoice.status} overdue={overdue} />
      </p>
      <InvoiceFacts invoice={invoice} />
      {invoice.replacesInvoiceId ? (
        <p>
          {t("invoices.replaces")}{" "}
          <Link to={`/invoices/${invoice.replacesInvoiceId}`}>
            {invoice.replacesInvoiceNumber ?? `#${invoice.replacesInvoiceId}`}
          </Link>
        </p>
      ) : null}
      {invoice.replacedByInvoiceId && staff ? (
        <p>
          {t("invoices.replacedBy")}{" "}
          <Link to={`/invoices/${invoice.replacedByInvoiceId}`}>{t("invoices.replacement")}</Link>
        </p>
      ) : null}
      <p>
        <a href={`/invoices/${invoice.id}.pdf`} download className="button">
          {invoice.status === "draft" ? t("invoices.downloadPreview") : t("invoices.download")}
        </a>
      </p>

      <InvoiceLines invoice={invoice} />

      {invoice.payments.length ? (
        <table>
          <caption>{t("invoices.payments")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("invoices.paidOn")}</th>
              <th scope="col">{t("invoices.bankReference")}</th>
              <th scope="col" className="num">
                {t("invoices.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.payments.map((p) => (
              <tr key={p.id}>
                <th scope="row">{formatDate(locale, p.paidOn)}</th>
                <td>{p.bankReference}</td>
                <td className="num">{money(p.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {staff ? (
        <InvoiceActions
          invoice={invoice}
          actionData={actionData}
          settingsReady={settingsReady}
          canConfigure={canConfigure}
        />
      ) : null}
    </>
  );
}

type Invoice = ReturnType<typeof useLoaderData<typeof loader>>["invoice"];

function InvoiceFacts({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const locale = useLocale();
  const money = (amount: string) => formatMoney(locale, amount, invoice.currency);
  return (
    <dl>
      <dt>{t("invoices.billTo")}</dt>
      <dd>
        {invoice.billToName}
        {invoice.billToAddress ? <span className="source"> — {invoice.billToAddress}</span> : null}
      </dd>
      <dt>{t("invoices.pledge")}</dt>
      <dd>{t("invoices.pledgeNo", { id: invoice.pledgeId })}</dd>
      <dt>{t("invoices.issueDate")}</dt>
      <dd>{invoice.issueDate ? formatDate(locale, invoice.issueDate) : "—"}</dd>
      <dt>{t("invoices.dueDate")}</dt>
      <dd>{invoice.dueDate ? formatDate(locale, invoice.dueDate) : "—"}</dd>
      <dt>{t("invoices.total")}</dt>
      <dd>{money(invoice.total)}</dd>
      <dt>{t("invoices.paid")}</dt>
      <dd>{money(invoice.paid)}</dd>
      <dt>{t("invoices.outstanding")}</dt>
      <dd>{money(invoice.outstanding)}</dd>
      {invoice.paymentReference ? (
        <>
          <dt>{t("invoices.paymentReference")}</dt>
          <dd className="code">{invoice.paymentReference}</dd>
        </>
      ) : null}
      {invoice.voidReason ? (
        <>
          <dt>{t("invoices.voidReason")}</dt>
          <dd>{invoice.voidReason}</dd>
        </>
      ) : null}
    </dl>
  );
}

function InvoiceLines({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const locale = useLocale();
  const money = (amount: string) => formatMoney(locale, amount, invoice.currency);
  return (
    <table>
      <caption>{t("invoices.lines")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("invoices.description")}</th>
          <th scope="col" className="num">
            {t("invoices.quantity")}
          </th>
          <th scope="col" className="num">
            {t("invoices.unitPrice")}
          </th>
          <th scope="col" className="num">
            {t("invoices.amount")}
          </th>
        </tr>
      </thead>
      <tbody>
        {invoice.lines.map((l) => (
          <tr key={l.position}>
            <th scope="row">{l.description}</th>
            <td className="num">{l.quantity}</td>
            <td className="num">{money(l.unitPrice)}</td>
            <td className="num">{money(l.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
