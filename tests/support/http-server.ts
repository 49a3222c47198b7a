import type { Kysely } from "kysely";
import type { DatabaseMode } from "../../db/client";
import type { Database } from "../../db/schema";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { createApp, listen, type StartedServer } from "../../scripts/lib/server";

export interface TestServer {
  /** http://127.0.0.1:PORT */
  base: string;
  close(): Promise<void>;
}

/**
 * The real server (remix build, Express and its middleware, loaders, actions, React rendering) on a
 * loopback port, over a test database: for tests that must see what a browser or a script sees over HTTP.
 * The integration tests' global setup builds the app when the build is missing or stale.
 */
export async function startTestServer(db: Kysely<Database>, dbMode: DatabaseMode): Promise<TestServer> {
  const app = await createApp({ db, dbMode, search: new EmbeddedSearchEngine(db), secureCookies: false });
  const started: StartedServer = await listen(app, 0, "127.0.0.1");
  return { base: started.url.replace("localhost", "127.0.0.1"), close: () => started.close() };
}
