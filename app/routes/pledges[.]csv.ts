import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/guards.server";
import { exportResponse } from "~/exports/columns.server";
import { pledgesExport } from "~/exports/pledges.server";
import { readListFilters } from "~/funding/schemas";
import { resolveLocale } from "~/i18n/locale.server";

// The funding announcements as CSV, with the page's filters (donor, pillar, country, year).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const f = readListFilters(new URL(request.url));
  const filters = { donorOrganizationId: f.donor, pillarCode: f.pillar, countryIso3: f.country, year: f.year };
  return exportResponse(context.db, resolveLocale(request, user.locale), pledgesExport(context.db, filters));
}
