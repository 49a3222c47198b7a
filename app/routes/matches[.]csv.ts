import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/accounts/guards.server";
import { exportResponse } from "~/exports/columns.server";
import { matchesExport } from "~/exports/matches.server";
import { readQuery } from "~/forms/query";
import { resolveLocale } from "~/i18n/locale.server";

// The matches' list as CSV, filtered by status as the page is.
const QuerySchema = z.object({
  status: z.enum(["proposed", "confirmed", "rejected", "withdrawn"]).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { status } = readQuery(QuerySchema, new URL(request.url).searchParams);
  return exportResponse(context.db, resolveLocale(request, user.locale), matchesExport(context.db, { status }));
}
