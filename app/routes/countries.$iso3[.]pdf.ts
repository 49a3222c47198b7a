import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/guards.server";
import { renderFactSheetPdf } from "~/consultative/fact-sheet-pdf.server";
import { resolveLocale } from "~/i18n/locale.server";
import { getCountryOverview } from "~/marketplace/country.server";
import { notFound } from "~/marketplace/route-helpers.server";
import { today } from "~/forms/dates";

// A country's fact sheet as a PDF, in the reader's language; signed-in members, like the page.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const iso3 = (params.iso3 ?? "").toUpperCase();
  if (!/^[A-Z]{3}$/.test(iso3)) throw notFound();
  const locale = resolveLocale(request, user.locale);
  const sheet = await getCountryOverview(context.db, iso3, locale, today());
  if (!sheet) throw notFound();
  const pdf = await renderFactSheetPdf(sheet, locale);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.length),
      "Content-Disposition": `inline; filename="${iso3}-${sheet.gaps.asOf}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
