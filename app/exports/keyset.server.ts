// Exports read their records by keyset, not by offset: each page is the next `pageSize` records
// with an id above the last one seen, ordered by id. Every page costs the same however deep the
// export is, and a record added or removed while the export runs never shifts another one into or
// out of a page (nothing is repeated or skipped).

export const EXPORT_PAGE_SIZE = 1000;

/** One page of records after `afterId`, ordered by id, at most `limit` of them. */
export type PageAfter<R> = (afterId: number | string, limit: number) => Promise<readonly R[]>;

/** Keys are integers, or bigints read as strings (the audit log's). */
export async function* keysetPages<R extends { id: number | string }>(
  readPage: PageAfter<R>,
  pageSize = EXPORT_PAGE_SIZE
): AsyncGenerator<readonly R[]> {
  let after: number | string = 0;
  for (;;) {
    const page = await readPage(after, pageSize);
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1].id;
  }
}
