import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/guards.server";
import { exportResponse } from "~/exports/columns.server";
import { countryExport } from "~/exports/country.server";
import { resolveLocale } from "~/i18n/locale.server";
import { notFound } from "~/marketplace/route-helpers.server";

// A country page's needs and projects as CSV (every one, not only the page's first twenty).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const iso3 = (params.iso3 ?? "").toUpperCase();
  if (!/^[A-Z]{3}$/.test(iso3)) throw notFound();
  const definition = await countryExport(context.db, iso3);
  if (!definition) throw notFound();
  return exportResponse(context.db, resolveLocale(request, user.locale), definition);
}
