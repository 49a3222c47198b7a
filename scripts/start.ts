// `npm start`: build if needed, migrate, load reference (and demo) data, serve ADAM.
import { startNotificationJobs } from "../app/notifications/jobs.server";
import { EmbeddedSearchEngine } from "../search/embedded";
import { createSearchEngine } from "../search/index";
import { enqueueUnindexed, startSearchWorker } from "../search/sync.server";
import { boot, bootOptionsFromEnv } from "./lib/boot";
import { buildIfNeeded } from "./lib/build";
import { startMaintenanceJobs } from "./lib/jobs";
import { createApp, listen } from "./lib/server";

async function main() {
  process.env.NODE_ENV ??= "production";
  buildIfNeeded();
  const handle = await boot({ ...bootOptionsFromEnv(), log: (line) => console.log(line) });
  const search = await createSearchEngine(handle.db);
  // The engine may be down (Meilisearch): ADAM still starts, and the worker catches up later.
  await search
    .applySettings()
    .catch((error: unknown) =>
      console.error(`Search settings not applied yet: ${error instanceof Error ? error.message : error}`),
    );
  // Records written in bulk (demo data, imports) are queued once for the embedded index; with
  // Meilisearch, `npm run reindex` rebuilds its index from the database.
  const queued = search.name === "embedded" ? await enqueueUnindexed(handle.db) : 0;
  if (queued) console.log(`Search: ${queued} records queued for indexing.`);
  const stopWorker = startSearchWorker(handle.db, search, {
    onError: (error) => console.error(`Search sync: ${error}`),
  });
  // Periodic jobs, each in one process at a time (db/jobs.ts).
  const stopJobs = [
    ...startMaintenanceJobs(handle.db, handle.mode, (line) => console.error(line)),
    ...startNotificationJobs(handle.db, handle.mode, (line) => console.log(line)),
  ];
  const app = await createApp({
    db: handle.db,
    dbMode: handle.mode,
    search,
    secureCookies: process.env.SECURE_COOKIES ? process.env.SECURE_COOKIES === "1" : false,
  });
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "127.0.0.1";
  const started = await listen(app, port, host);
  console.log(`ADAM is running on ${started.url} (search: ${search.name})`);
  // Boot-time warm-ups, in the background: the routes' map (its geometry takes seconds to compute,
  // once per process: asked for here, not by the first coordinator) and the embedded engine's
  // in-memory index (from its snapshot when there is one: search/memory-snapshot.ts).
  void fetch(`${started.url.replace("localhost", "127.0.0.1")}/route-map.svg`).catch(() => undefined);
  if (search instanceof EmbeddedSearchEngine) void search.warmUp();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down…`);
    await started.close();
    await stopWorker();
    await Promise.all(stopJobs.map((stopJob) => stopJob()));
    await search.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
