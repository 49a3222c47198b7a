import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { orResponse } from "~/errors/reply.server";
import { renderInvoicePdf } from "~/funding/invoice-pdf.server";
import { getInvoice } from "~/funding/invoices.server";
import { getInvoicingSettings } from "~/funding/settings.server";
import { idParam } from "~/utils/http.server";

// The invoice as a PDF: for the coordination unit (drafts too, as a preview with the current
// settings) and for the users of the billed organization (issued invoices only). Anyone else gets
// 404, so that invoice numbers of other donors cannot be probed.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = idParam(params.id, "No such invoice");
  const actor = toActor(user);
  const invoice = await orResponse(getInvoice(context.db, actor, id));
  const settings =
    invoice.status === "draft" && can(actor.role, "invoice:manage")
      ? await getInvoicingSettings(context.db, actor)
      : null;
  const pdf = await renderInvoicePdf(invoice, { issuer: settings?.issuer, bank: settings?.bank });
  const name = invoice.number ?? `draft-${invoice.id}`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.length),
      "Content-Disposition": `attachment; filename="${name}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
