import type { LoaderFunctionArgs } from "@remix-run/node";
import { forbidden, requireUser, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { exportResponse } from "~/exports/columns.server";
import { invoicesExport } from "~/exports/invoices.server";
import { orResponse } from "~/errors/reply.server";
import { readListFilters } from "~/funding/schemas";
import { resolveLocale } from "~/i18n/locale.server";

// The invoices as CSV, one row per invoice with its payments summarised; who sees what as on the page:
// the coordination unit every invoice, a donor the issued invoices of its organization.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const actor = toActor(user);
  if (!can(actor.role, "invoice:manage") && !can(actor.role, "pledge:create")) throw forbidden();
  const { status } = readListFilters(new URL(request.url));
  return orResponse(
    exportResponse(context.db, resolveLocale(request, user.locale), invoicesExport(context.db, actor, { status })),
  );
}
