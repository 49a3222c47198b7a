import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { FilterSelect } from "~/components/marketplace/list-controls";
import { MarketplaceListPage } from "~/components/marketplace/list-page";
import { NeedTable } from "~/components/marketplace/tables";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { NEED_SORTS, parseNeedFilters } from "~/marketplace/filters";
import { marketplaceOptions } from "~/marketplace/options.server";
import { listNeeds } from "~/needs/queries.server";
import { NEED_STATUSES, PRIORITIES } from "~/needs/schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.needs");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const locale = resolveLocale(request, user.locale);
  const filters = parseNeedFilters(new URL(request.url).searchParams);
  // "My organization": the organization filter is the reader's own, whatever the URL says.
  const effective = filters.mine ? { ...filters, organization: user.organizationId ?? -1 } : filters;
  const [result, options] = await Promise.all([
    listNeeds(context.db, effective, locale),
    marketplaceOptions(context.db, locale),
  ]);
  return { result, options, filters, canCreate: can(user.role, "need:create") };
}

export default function Needs() {
  const { result, options, filters, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <MarketplaceListPage
      kind="needs"
      filters={filters}
      options={options}
      canCreate={canCreate}
      ownFilters={
        <>
          <FilterSelect
            name="priority"
            label={t("needs.field.priority")}
            value={filters.priority}
            options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
          />
          <FilterSelect
            name="status"
            label={t("market.status")}
            value={filters.status}
            options={NEED_STATUSES.map((s) => ({ value: s, label: t(`needStatus.${s}`) }))}
          />
        </>
      }
      organization={{
        label: t("needs.agency"),
        options: options.agencies.map((o) => ({ value: String(o.id), label: o.name })),
      }}
      sorts={NEED_SORTS}
      table={<NeedTable rows={result.rows} caption={t("needs.tableCaption")} />}
      result={result}
    />
  );
}
