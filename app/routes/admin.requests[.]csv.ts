import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/accounts/guards.server";
import { accessRequestsExport } from "~/exports/access-requests.server";
import { exportResponse } from "~/exports/columns.server";
import { resolveLocale } from "~/i18n/locale.server";

// The pending access requests as CSV (coordination unit).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "access:review");
  return exportResponse(context.db, resolveLocale(request, user.locale), accessRequestsExport(context.db));
}
