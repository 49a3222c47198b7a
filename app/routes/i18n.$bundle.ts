import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n";
import { messageBundle } from "~/i18n/bundles.server";

// One language's dictionary for the browser (app/i18n/bundles.server.ts). The address carries the
// content's hash: the current version is cached for a year; an older address (a page rendered before a
// deployment) or one without a hash (the error page when the root loader failed) gets today's
// messages, not cached.
export function loader({ params }: LoaderFunctionArgs) {
  const match = /^([a-z]{2})(?:\.([0-9a-f]{12}))?\.js$/.exec(params.bundle ?? "");
  if (!match || !isLocale(match[1])) throw new Response("Not Found", { status: 404 });
  const bundle = messageBundle(match[1]);
  const current = match[2] === bundle.version;
  return new Response(bundle.body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
