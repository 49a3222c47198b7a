// ADAM's real HTTP server (the built app behind scripts/lib/server.ts) on a test database, on a free
// loopback port: for tests of what only the HTTP layer does (headers, limits, methods, bytes).
import { mkdirSync, rmSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { buildIfNeeded } from "../../scripts/lib/build";
import { createApp, listen, type StartedServer } from "../../scripts/lib/server";
import { DEFAULT_HTTP_OPTIONS, type HttpOptions } from "../../scripts/lib/http/options";
import type { TestDatabase } from "./database";

/**
 * `remix build` once for all test files: vitest runs two files at a time and both may want the
 * build; a lock folder keeps the second waiting instead of building over the first.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(
    tmpdir(),
    `adam-build-lock-${createHash("sha256").update(resolve(".")).digest("hex").slice(0, 12)}`,
  );
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSafe(lock) ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true }); // a crashed run's lock
      await sleep(250);
    }
  }
  // The build `npm start` would make (vitest sets NODE_ENV=test, which would bundle React's
  // development build, and `npm start` would then reuse it as up to date).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    buildIfNeeded(() => {});
  } finally {
    if (nodeEnv === undefined) Reflect.deleteProperty(process.env, "NODE_ENV");
    else process.env.NODE_ENV = nodeEnv;
    rmSync(lock, { recursive: true, force: true });
  }
}

function statSafe(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

export interface HttpApp extends StartedServer {
  /** Base URL on 127.0.0.1 (never "localhost": IPv4 only). */
  base: string;
}

export async function startHttpApp(
  database: TestDatabase,
  options: { secureCookies?: boolean; http?: Partial<HttpOptions> } = {},
): Promise<HttpApp> {
  await ensureBuilt();
  const app = await createApp(
    {
      db: database.db,
      dbMode: database.mode,
      search: new EmbeddedSearchEngine(database.db, { memory: false }),
      secureCookies: options.secureCookies ?? false,
    },
    { ...DEFAULT_HTTP_OPTIONS, ...options.http },
  );
  const started = await listen(app, 0, "127.0.0.1");
  const port = new URL(started.url).port;
  return { ...started, base: `http://127.0.0.1:${port}` };
}
