import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/guards.server";
import { exportActivities, type ExportSummary } from "~/iati/export.server";
import { parseProjectFilters } from "~/marketplace/filters";

// Every signed-in member downloads ADAM's projects as IATI 2.03 activity XML, with the /projects
// filters (organization, country, pillar, status; ?mine=1 for one's own organization), streamed.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const filters = parseProjectFilters(new URL(request.url).searchParams);
  const effective = filters.mine ? { ...filters, organization: user.organizationId ?? -1 } : filters;
  const { organization, country, pillar, status, area, route, year } = effective;
  const pieces = exportActivities(context.db, { organization, country, pillar, status, area, route, year }, {
    exported: 0,
    leftOut: [],
  } satisfies ExportSummary);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": 'attachment; filename="adam-iati-activities.xml"',
      "Cache-Control": "no-store",
    },
  });
}
