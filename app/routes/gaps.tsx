import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/accounts/guards.server";
import { GapsPage } from "~/gaps/components/gaps-page";
import { gapView } from "~/gaps/view.server";
import { resolveLocale } from "~/i18n/locale.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.gaps");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "gaps:read");
  return gapView(context.db, new URL(request.url), resolveLocale(request, user.locale));
}

export default function Gaps() {
  return <GapsPage data={useLoaderData<typeof loader>()} />;
}
