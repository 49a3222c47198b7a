import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/guards.server";
import { trackerCsv } from "~/consultative/tracker-csv.server";
import { trackerFiltersFrom } from "~/consultative/tracker.server";
import { resolveLocale } from "~/i18n/locale.server";
import { today } from "~/forms/dates";

// The tracker as CSV: the page's filters (unreadable ones ignored, as on the page), valued today,
// in the reader's language. Signed-in members, like the tracker.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const filters = trackerFiltersFrom(new URL(request.url).searchParams);
  const asOf = today();
  const csv = await trackerCsv(context.db, filters, asOf, resolveLocale(request, user.locale));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="adam-recommendations-${asOf}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
