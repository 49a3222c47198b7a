import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/accounts/guards.server";
import { parseSearchParams, UserFiltersSchema } from "~/accounts/schemas";
import { exportResponse } from "~/exports/columns.server";
import { usersExport } from "~/exports/users.server";
import { resolveLocale } from "~/i18n/locale.server";

// The users' list as CSV (coordination unit), with the page's filters.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "access:review");
  const f = parseSearchParams(UserFiltersSchema, request.url);
  const filters = { q: f.q, status: f.status, role: f.role, organizationId: f.organization };
  return exportResponse(context.db, resolveLocale(request, user.locale), usersExport(context.db, filters));
}
