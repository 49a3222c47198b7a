import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "~/i18n";
import { localeCookieHeader } from "~/i18n/locale.server";
import { getOptionalUser } from "~/accounts/guards.server";
import { setLocale } from "~/accounts/users.server";
import { readForm } from "~/utils/csrf.server";
import { safeRedirectPath } from "~/utils/http.server";

const LanguageSchema = z.object({
  locale: z.enum(LOCALES),
  redirectTo: z.string().optional(),
  csrf: z.string(),
});

export async function loader() {
  // The switch only accepts POST: a GET never changes anything.
  throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request, context));
  const parsed = LanguageSchema.safeParse(form);
  if (!parsed.success) return new Response("Unknown language", { status: 400 });
  // A signed-in user's language is kept on the account.
  const user = await getOptionalUser(request, context);
  if (user) await setLocale(context.db, user.id, parsed.data.locale);
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": localeCookieHeader(parsed.data.locale, context.secureCookies) },
  });
}
