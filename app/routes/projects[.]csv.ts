import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/guards.server";
import { exportResponse } from "~/exports/columns.server";
import { projectsExport } from "~/exports/projects.server";
import { resolveLocale } from "~/i18n/locale.server";
import { parseProjectFilters } from "~/marketplace/filters";

// The projects' list as CSV: the page's filters ("my organization" is the reader's own), every record.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const filters = parseProjectFilters(new URL(request.url).searchParams);
  const effective = filters.mine ? { ...filters, organization: user.organizationId ?? -1 } : filters;
  return exportResponse(context.db, resolveLocale(request, user.locale), projectsExport(context.db, effective));
}
