import type { ServerBuild } from "@remix-run/node";

// When the database goes away (a restart, a failover, pg_terminate_backend), the queries in flight fail.
// Their requests are not the visitor's fault, nor a bug: they answer 503 with Retry-After, and the
// next requests get new connections (db/client.ts keeps the process alive). One place for every route:
// each loader and action of the server build is wrapped here.

/** SQLSTATE classes and socket errors that mean "the connection is gone", not "the query is wrong". */
const CONNECTION_CODES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
]);
const CONNECTION_MESSAGES =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection/i;

export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  return CONNECTION_MESSAGES.test(error.message) || (error.cause !== undefined && isConnectionLoss(error.cause));
}

export function databaseUnavailable(): Response {
  return new Response(
    "The database is unavailable for a moment. Please try again. / База данных временно недоступна. Повторите попытку.",
    {
      status: 503,
      headers: { "Retry-After": "5", "Content-Type": "text/plain; charset=utf-8" },
    },
  );
}

type Handler = (...args: never[]) => unknown;

function guarded<T extends Handler>(handler: T): T {
  return (async (...args: Parameters<T>) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isConnectionLoss(error)) throw databaseUnavailable();
      throw error;
    }
  }) as T;
}

/** The same build, with every route's loader and action answering 503 on a lost database connection. */
export function answerConnectionLossWith503(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const module = { ...route.module };
    if (module.loader) module.loader = guarded(module.loader);
    if (module.action) module.action = guarded(module.action);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}
