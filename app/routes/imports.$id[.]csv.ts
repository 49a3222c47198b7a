import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { resolveLocale } from "~/i18n/locale.server";
import { reportCsv } from "~/iati/report";
import { getImport, getImportItems } from "~/iati/store.server";
import { canSeeImport } from "~/iati/uploads.server";
import { notFound } from "~/marketplace/route-helpers.server";
import { idParam } from "~/utils/http.server";

// An import's report as CSV, in the reader's language, safe against formula injection (toCsv).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "project:create");
  const id = idParam(params.id);
  const row = await getImport(context.db, id);
  if (!row || !canSeeImport(toActor(user), row)) throw notFound();
  const csv = reportCsv(await getImportItems(context.db, id), resolveLocale(request, user.locale));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="adam-iati-import-${id}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
