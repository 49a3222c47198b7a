import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/accounts/guards.server";
import { gapFiltersFromSearchParams } from "~/gaps/filters";
import { gapMatrix } from "~/gaps/gaps.server";
import { isoDate } from "~/money/exchange.server";

// The gap matrix as JSON for signed-in coordinators (read-only API), same filters as the page.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "gaps:read");
  const parsed = gapFiltersFromSearchParams(new URL(request.url).searchParams);
  if (!parsed.success) {
    return Response.json({ error: "invalid_filters", issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }, { status: 400 });
  }
  const matrix = await gapMatrix(context.db, parsed.data, isoDate(new Date()));
  return Response.json({ filters: parsed.data, ...matrix }, { headers: { "Cache-Control": "no-store" } });
}
