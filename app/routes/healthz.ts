import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { outboxBacklog } from "../../search/sync.server";

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function loader({ context }: LoaderFunctionArgs) {
  const database = await withTimeout(sql`SELECT 1 AS ok`.execute(context.db), 3_000)
    .then(() => ({ ok: true as const, mode: context.dbMode }))
    .catch((error: unknown) => ({
      ok: false as const,
      mode: context.dbMode,
      error: error instanceof Error ? error.message : String(error),
    }));
  const search = await withTimeout(context.search.health(), 3_000).catch((error: unknown) => ({
    engine: context.search.name,
    ok: false,
    detail: error instanceof Error ? error.message : String(error),
  }));
  // Records written but not yet in the index; null when the database cannot say.
  const backlog = database.ok ? await withTimeout(outboxBacklog(context.db), 3_000).catch(() => null) : null;
  const status = database.ok ? (search.ok ? "ok" : "degraded") : "down";
  return Response.json(
    { status, database, search: { ...search, backlog } },
    { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
