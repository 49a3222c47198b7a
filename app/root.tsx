// First: configures zod in the browser before any schema is built or parsed.
import "~/utils/zod-browser";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Layout as PageLayout } from "~/components/layout";
import { useNonce } from "~/components/nonce";
import { FlashNotice } from "~/components/flash-notice";
import { DEFAULT_LOCALE, type Locale } from "~/i18n";
import { RouteError } from "~/components/route-error";
import { getOptionalUser } from "~/accounts/guards.server";
import { messageBundle } from "~/i18n/bundles.server";
import { resolveLocale } from "~/i18n/locale.server";
import { countUnread } from "~/notifications/queries.server";
import { today } from "~/forms/dates";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request, context);
  const locale = resolveLocale(request, user?.locale);
  const url = new URL(request.url);
  return {
    locale,
    // The address of this language's dictionary: the browser gets no other (app/i18n/bundles.server.ts).
    messages: messageBundle(locale).src,
    path: url.pathname + url.search,
    // The server's calendar day, for components that reckon with dates: the browser's clock may be another
    // day, and the page it renders must read as the server's did (app/README.md, "Formatting that hydrates").
    today: today(),
    csrfToken: context.csrfToken,
    // Read and cleared by the server before the loaders run (scripts/lib/server.ts).
    flash: context.flash ?? null,
    user: user
      ? {
          id: user.id,
          fullName: user.fullName,
          role: user.role,
          organizationId: user.organizationId,
          organizationName: user.organizationName,
          unread: await countUnread(context.db, user.id),
        }
      : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE;
  // The Content-Security-Policy allows inline scripts only with this response's nonce.
  const nonce = useNonce();
  // Without the root loader's data (it failed), the default language's current bundle.
  const messages = data?.messages ?? `/i18n/${DEFAULT_LOCALE}.js`;
  return (
    // The class "js" (set before the first paint) lets the CSS fold the navigation behind its menu
    // button on phones only when the button can work; it is not React's, hence no hydration warning.
    <html lang={locale} suppressHydrationWarning>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: "document.documentElement.classList.add('js')" }} />
        <Meta />
        <Links />
        <link rel="preload" as="script" href={messages} />
      </head>
      <body>
        {children}
        {/* Before Remix's scripts: the app starts with its dictionary registered. */}
        <script src={messages} nonce={nonce} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <PageLayout>
      <FlashNotice flash={data?.flash ?? null} />
      <Outlet />
    </PageLayout>
  );
}

export function ErrorBoundary() {
  return (
    <PageLayout>
      <RouteError />
    </PageLayout>
  );
}
