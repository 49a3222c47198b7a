import type { ApiCaller } from "../auth.server";
import { pageRequest, type PageRequest } from "../pagination";

// The needs' and projects' lists share their paging: keyset pages in "updated" order, the list page's
// filters, and `mine=1` read as the caller's organization (none: -1, which matches nothing).

interface MarketplaceQuery {
  cursor?: number;
  limit?: number;
  mine?: unknown;
  organization?: number;
}

type ListFilters<Q> = Q & { organization: number | undefined; page: 1; sort: "updated" };

/** One page of a marketplace list (fetched with one row more, for toPage) and the request it answers. */
export async function marketplacePage<Q extends MarketplaceQuery, R>(
  caller: ApiCaller,
  query: Q,
  listAfter: (filters: ListFilters<Q>, after: number | undefined, limit: number) => Promise<R[]>,
): Promise<{ request: PageRequest<number>; rows: R[] }> {
  const request = pageRequest(query);
  const organization = query.mine ? (caller.user.organizationId ?? -1) : query.organization;
  const rows = await listAfter({ ...query, organization, page: 1, sort: "updated" }, request.after, request.limit + 1);
  return { request, rows };
}
