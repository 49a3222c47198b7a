import { useRouteLoaderData } from "@remix-run/react";

/** The hidden anti-forgery field every ADAM form carries. */
export function CsrfInput() {
  const root = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  return <input type="hidden" name="csrf" value={root?.csrfToken ?? ""} />;
}
