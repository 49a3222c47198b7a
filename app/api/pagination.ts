import { z } from "zod";
import { id } from "~/forms/ids";

// Keyset pagination over a collection in the order of its key (the id): a page is "the next
// `limit` records after the last key of the previous page". Records added between two pages get
// higher ids and come in later pages; none is skipped or repeated, as offsets would do. The
// cursor is opaque to clients (base64url of the last key) so that its form may change.

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

const encode = (key: number | string) => Buffer.from(JSON.stringify({ after: key }), "utf8").toString("base64url");

function decode<T>(cursor: string, key: z.ZodType<T>): T | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  try {
    const parsed = z.object({ after: key }).safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? parsed.data.after : undefined;
  } catch {
    return undefined;
  }
}

const cursorOf = <T>(key: z.ZodType<T>) =>
  z
    .string()
    .transform((value, ctx) => {
      const after = decode(value, key);
      if (after === undefined) ctx.addIssue({ code: "custom", message: "api.error.cursor" });
      return after ?? z.NEVER;
    })
    .optional()
    .meta({ description: "Where to continue: page.nextCursor of the previous page.", override: { type: "string" } });

const limit = z
  .string()
  .regex(/^\d{1,3}$/, { message: "api.error.limit" })
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_LIMIT, { message: "api.error.limit" })
  .optional()
  .meta({
    description: `Items per page, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`,
    override: { type: "string", pattern: "^\\d{1,3}$" },
  });

/** The paging parameters of a collection keyed by integer ids. */
export const idPageParams = { cursor: cursorOf(id()), limit };
/** The paging parameters of a collection keyed by codes (countries by ISO 3166 alpha-3). */
export const codePageParams = { cursor: cursorOf(z.string().regex(/^[A-Z]{3}$/)), limit };

export const PageInfoSchema = z
  .object({
    limit: z.number().int(),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as ?cursor= for the next page; null on the last page." }),
    next: z.string().nullable().meta({ description: "The next page's path and query, for convenience." }),
  })
  .meta({ id: "PageInfo" });

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item), page: PageInfoSchema }).meta({ id: `${name}Page` });

export interface PageRequest<K> {
  after?: K;
  limit: number;
}

/** The query to run: one row more than the page, to know whether another page follows. */
export function pageRequest<K>(params: { cursor?: K; limit?: number }): PageRequest<K> {
  return { after: params.cursor, limit: params.limit ?? DEFAULT_LIMIT };
}

/** The page out of `rows` (fetched with limit + 1), and the links to the next one. */
export function toPage<R, I>(
  rows: R[],
  request: PageRequest<unknown>,
  url: URL,
  keyOf: (row: R) => number | string,
  toItem: (row: R) => I,
) {
  const more = rows.length > request.limit;
  const shown = more ? rows.slice(0, request.limit) : rows;
  const nextCursor = more ? encode(keyOf(shown[shown.length - 1])) : null;
  let next: string | null = null;
  if (nextCursor) {
    const params = new URLSearchParams(url.search);
    params.set("cursor", nextCursor);
    next = `${url.pathname}?${params}`;
  }
  return { data: shown.map(toItem), page: { limit: request.limit, nextCursor, next } };
}
