import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { FilterSelect } from "~/components/marketplace/list-controls";
import { MarketplaceListPage } from "~/components/marketplace/list-page";
import { ProjectTable } from "~/components/marketplace/tables";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { PROJECT_SORTS, parseProjectFilters } from "~/marketplace/filters";
import { marketplaceOptions } from "~/marketplace/options.server";
import { PROJECT_STATUSES } from "~/projects/schema";
import { listProjects } from "~/projects/queries.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.projects");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const locale = resolveLocale(request, user.locale);
  const filters = parseProjectFilters(new URL(request.url).searchParams);
  // "My organization": the organization filter is the reader's own, whatever the URL says.
  const effective = filters.mine ? { ...filters, organization: user.organizationId ?? -1 } : filters;
  const [result, options] = await Promise.all([
    listProjects(context.db, effective, locale),
    marketplaceOptions(context.db, locale),
  ]);
  return { result, options, filters, canCreate: can(user.role, "project:create") };
}

export default function Projects() {
  const { result, options, filters, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <MarketplaceListPage
      kind="projects"
      filters={filters}
      options={options}
      canCreate={canCreate}
      ownFilters={
        <FilterSelect
          name="status"
          label={t("market.status")}
          value={filters.status}
          options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
        />
      }
      organization={{
        label: t("projects.donor"),
        options: options.donors.map((o) => ({ value: String(o.id), label: o.name })),
      }}
      sorts={PROJECT_SORTS}
      table={<ProjectTable rows={result.rows} caption={t("projects.tableCaption")} />}
      result={result}
    />
  );
}
