import { sql, type Kysely, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, RateLimitsTable } from "../../db/schema";

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (when refused). */
  retryAfterSeconds: number;
}

/** The bucket's row after the upsert. */
const HitRow = z.object({
  hits: column.int,
  window_started_at: column.timestamp,
}) satisfies z.ZodType<Pick<Selectable<RateLimitsTable>, "hits" | "window_started_at">>;

/**
 * Counts one hit in a fixed window kept in the database (so it holds across restarts and processes)
 * and says whether it is within `limit`. One atomic upsert: concurrent hits are all counted.
 */
export async function hitRateLimit(
  db: Kysely<Database>,
  bucket: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  // Raw: the window's reset and the count are one atomic upsert, over the row's old values (alias r).
  const rows = await rawRows(
    db,
    "rateLimit.hitRateLimit",
    HitRow,
    sql`
    INSERT INTO rate_limits AS r (bucket, hits, window_started_at)
    VALUES (${bucket}, 1, now())
    ON CONFLICT (bucket) DO UPDATE SET
      hits = CASE WHEN r.window_started_at < now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE r.hits + 1 END,
      window_started_at = CASE WHEN r.window_started_at < now() - make_interval(secs => ${windowSeconds})
                               THEN now() ELSE r.window_started_at END
    RETURNING hits, window_started_at`,
  );
  const row = rows[0];
  const elapsed = (Date.now() - new Date(row.window_started_at).getTime()) / 1000;
  return { allowed: row.hits <= limit, retryAfterSeconds: Math.max(1, Math.ceil(windowSeconds - elapsed)) };
}
