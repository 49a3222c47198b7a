import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/accounts/guards.server";
import { exportResponse } from "~/exports/columns.server";
import { duplicatesExport } from "~/exports/duplicates.server";
import { readQuery } from "~/forms/query";
import { resolveLocale } from "~/i18n/locale.server";

// The duplicate queue as CSV (coordination unit), of the status the page shows (open candidates by default).
const QuerySchema = z.object({
  status: z.enum(["candidate", "duplicate", "complementary", "dismissed"]).catch("candidate"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "duplicates:review");
  const { status } = readQuery(QuerySchema, new URL(request.url).searchParams);
  return exportResponse(context.db, resolveLocale(request, user.locale), duplicatesExport(context.db, status));
}
