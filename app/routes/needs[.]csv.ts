import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/guards.server";
import { exportResponse } from "~/exports/columns.server";
import { needsExport } from "~/exports/needs.server";
import { resolveLocale } from "~/i18n/locale.server";
import { parseNeedFilters } from "~/marketplace/filters";

// The needs' list as CSV: the page's filters ("my organization" is the reader's own), every record.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const filters = parseNeedFilters(new URL(request.url).searchParams);
  const effective = filters.mine ? { ...filters, organization: user.organizationId ?? -1 } : filters;
  return exportResponse(context.db, resolveLocale(request, user.locale), needsExport(context.db, effective));
}
