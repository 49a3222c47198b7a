import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/accounts/guards.server";
import { AuditFiltersSchema, parseSearchParams } from "~/accounts/schemas";
import { auditExport } from "~/exports/audit.server";
import { exportResponse } from "~/exports/columns.server";
import { resolveLocale } from "~/i18n/locale.server";

// The audit log as CSV (coordination unit), with the page's filters.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "audit:read");
  const f = parseSearchParams(AuditFiltersSchema, request.url);
  const filters = { entityType: f.entity, action: f.action, actor: f.actor, from: f.from, to: f.to };
  return exportResponse(context.db, resolveLocale(request, user.locale), auditExport(context.db, filters));
}
