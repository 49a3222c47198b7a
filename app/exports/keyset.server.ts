// Exports read their records by keyset, not by offset: each page is the next `pageSize` records
// with an id above the last one seen, ordered by id. Every page costs the same however deep the
// export is, and a record added or removed while the export runs never shifts another one into or
// out of a page (nothing is repeated or skipped).

export const EXPORT_PAGE_SIZE = 1000;

/** One page of records after `afterId`, ordered by id, at most `limit` of them. */
export type PageAfter<R> = (afterId: number | string, limit: number) => Promise<readonly R[]>;

/**
 * Keys are integers, or bigints read as strings (the audit log's). The next page is asked for as soon
 * as a full page arrives, so the database reads it while this one is written out (two pages at most).
 */
export async function* keysetPages<R extends { id: number | string }>(
  readPage: PageAfter<R>,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<readonly R[]> {
  let pending: Promise<readonly R[]> | null = readPage(0, pageSize);
  try {
    while (pending) {
      const page: readonly R[] = await pending;
      pending = page.length === pageSize ? readPage(page[page.length - 1].id, pageSize) : null;
      if (page.length) yield page;
    }
  } finally {
    // A download cancelled while the next page is read: that read's failure, if any, concerns no one.
    pending?.catch(() => {});
  }
}
