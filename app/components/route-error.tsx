import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useT, type MessageKey } from "~/i18n";

// The one error page: a heading that says what happened (not found, not allowed, unavailable, or an
// unexpected error), a sentence, and the way home. The root's ErrorBoundary shows it inside the page
// layout; each route with an id in its URL exports `ErrorBoundary = RouteError`, so a bad id keeps
// the navigation and the rest of the page around it.

const TEXTS: Record<number, { title: MessageKey; message: MessageKey }> = {
  403: { title: "error.forbiddenTitle", message: "error.forbidden" },
  404: { title: "error.notFoundTitle", message: "error.notFound" },
  503: { title: "error.unavailableTitle", message: "error.unavailable" },
};
const UNEXPECTED = { title: "error.title", message: "error.generic" } as const;

export function RouteError() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const { title, message } = TEXTS[status] ?? UNEXPECTED;
  return (
    <>
      <h1>{t(title)}</h1>
      <p role="alert">{t(message)}</p>
      <p>
        <a href="/">{t("error.backHome")}</a>
      </p>
    </>
  );
}
