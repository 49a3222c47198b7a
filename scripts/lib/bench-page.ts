import type { Kysely } from "kysely";
import { createSession } from "../../app/accounts/session.server";
import type { DatabaseMode } from "../../db/client";
import type { Database } from "../../db/schema";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { buildIfNeeded } from "./build";
import { createApp, listen } from "./server";

/**
 * Times whole pages as a signed-in coordinator sees them: the real server (remix build, Express,
 * loaders, React server rendering) on a loopback port, over HTTP, one request at a time.
 */
export async function timePages(
  db: Kysely<Database>,
  dbMode: DatabaseMode,
  paths: string[],
  runs: number,
): Promise<number[]> {
  // As `npm start` runs it: React's production build (chosen when the server build is imported).
  process.env.NODE_ENV ??= "production";
  buildIfNeeded();
  const app = await createApp({ db, dbMode, search: new EmbeddedSearchEngine(db), secureCookies: false });
  const started = await listen(app, 0, "127.0.0.1");
  try {
    const user = await db
      .insertInto("users")
      .values({
        email: `bench-page-${Date.now()}@example.org`,
        full_name: "Bench coordinator",
        password_hash: "x",
        role: "coordinator",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const setCookie = await createSession({ db, secureCookies: false, clientIp: "127.0.0.1" }, user.id, "bench");
    const cookie = setCookie.split(";")[0];
    const base = started.url.replace("localhost", "127.0.0.1");
    const get = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
      await response.text();
    };
    await get(paths[0]); // warm-up: first render loads the map data and compiles the route modules
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await get(paths[i % paths.length]);
      samples.push(performance.now() - t0);
    }
    return samples;
  } finally {
    await started.close();
  }
}
