import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/accounts/guards.server";
import { exportResponse } from "~/exports/columns.server";
import { gapsExport } from "~/exports/gaps.server";
import { gapFiltersFromSearchParams } from "~/gaps/filters";
import { gapMatrix } from "~/gaps/gaps.server";
import { resolveLocale } from "~/i18n/locale.server";
import { today } from "~/forms/dates";
import { listRoutes } from "~/reference/reference.server";

// The gap matrix as CSV, with the same filters as the page, headers and labels in the reader's language.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "gaps:read");
  const parsed = gapFiltersFromSearchParams(new URL(request.url).searchParams);
  if (!parsed.success) {
    return Response.json(
      { message: "Invalid filters", issues: parsed.error.issues.map((i) => i.path.join(".")) },
      { status: 400 },
    );
  }
  const locale = resolveLocale(request, user.locale);
  const [matrix, routes] = await Promise.all([
    gapMatrix(context.db, parsed.data, today()),
    listRoutes(context.db, locale),
  ]);
  return exportResponse(context.db, locale, gapsExport(matrix, new Map(routes.map((r) => [r.code, r.name]))));
}
