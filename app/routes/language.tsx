import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "~/i18n";
import { localeCookieHeader } from "~/i18n/locale.server";
import { safeRedirectPath } from "~/utils/http.server";

const LanguageSchema = z.object({
  locale: z.enum(LOCALES),
  redirectTo: z.string().optional(),
});

export async function loader() {
  // The switch only accepts POST: a GET never changes anything.
  throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = LanguageSchema.safeParse(form);
  if (!parsed.success) return new Response("Unknown language", { status: 400 });
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": localeCookieHeader(parsed.data.locale, context.secureCookies) },
  });
}
