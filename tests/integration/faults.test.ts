import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { runExclusively } from "../../db/jobs";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { drainOutbox, enqueueSearchSync } from "../../search/sync.server";
import { makeActor, makeOrganization, makeProject } from "../support/factories";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../support/database";

// Faults an operator meets: a second process on an embedded database folder, several app processes on
// one PostgreSQL server, and the server's connections cut under load.

const TSX = ["node_modules/tsx/dist/cli.mjs"];
const serverOnly = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) {
  console.log("faults: the two-process and connection-loss tests need a PostgreSQL server (DATABASE_URL): skipped.");
}

describe("the embedded database folder", () => {
  const folder = mkdtempSync(join(tmpdir(), "adam-lock-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("is locked while a process has it open: a second process refuses with a clear message", async () => {
    const handle = await openDatabase({ dataDir: folder });
    try {
      const seed = spawnSync(process.execPath, [...TSX, "scripts/seed.ts"], {
        env: { ...process.env, DATABASE_URL: "", DATA_DIR: folder },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(seed.status).not.toBe(0);
      expect(seed.stderr).toContain(`The embedded database in ${folder} is in use by process ${process.pid}`);
    } finally {
      await handle.close();
    }
  }, 120_000);

  it("is taken over from a process that died without releasing it", async () => {
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    writeFileSync(join(folder, "adam.lock"), dead.stdout.trim());
    const handle = await openDatabase({ dataDir: folder });
    await handle.close();
  }, 60_000);
});

describeEachDatabase("several workers on one database", (use) => {
  it("drain the search outbox once between them", async () => {
    const { db } = use();
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const ids: number[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(
        await makeProject(db, { organizationId: org.id, countries: ["TJK"], pillars: ["I"], start: "2026-01-01" }),
      );
    await enqueueSearchSync(db, "project", ids);
    const engine = new EmbeddedSearchEngine(db);
    // Small batches, side by side: on a server each worker has its own connection, as two processes would.
    const results = await Promise.all([
      drainOutbox(db, engine, { batchSize: 5 }),
      drainOutbox(db, engine, { batchSize: 5 }),
    ]);
    expect(results[0].indexed + results[1].indexed).toBe(40);
    expect(await db.selectFrom("search_outbox").select("entity_id").execute()).toEqual([]);
  });

  it("run a periodic job in one process at a time on a server", async () => {
    const { db, mode } = use();
    let running = 0;
    let overlapped = false;
    const job = async () => {
      running += 1;
      overlapped ||= running > 1;
      await new Promise((r) => setTimeout(r, 300));
      running -= 1;
    };
    const ran = await Promise.all([
      runExclusively(db, mode, "test-job", job),
      runExclusively(db, mode, "test-job", job),
    ]);
    expect(overlapped).toBe(false);
    expect(ran.filter(Boolean).length).toBe(1);
    expect(await runExclusively(db, mode, "test-job", job)).toBe(true); // released afterwards
    if (mode !== "postgres") return;
    // Another process (here: another session) holding the job's lock makes this one skip it.
    const other = new pg.Client({ connectionString: use().url });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtext('test-job'))");
      expect(await runExclusively(db, mode, "test-job", job)).toBe(false);
      await other.query("SELECT pg_advisory_unlock(hashtext('test-job'))");
      expect(await runExclusively(db, mode, "test-job", job)).toBe(true);
    } finally {
      await other.end();
    }
  });
});

interface AppProcess {
  child: ChildProcess;
  base: string;
  exited: () => boolean;
  stop(): Promise<void>;
}

/** `npm start` as an operator runs it (scripts/start.ts), on a free port, against the given database. */
async function startAppProcess(databaseUrl: string): Promise<AppProcess> {
  const child = spawn(process.execPath, [...TSX, "scripts/start.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: "0", HOST: "127.0.0.1", ADAM_DEMO: "0", MEILI_HOST: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  let output = "";
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /ADAM is running on (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1].replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`the app exited (${code}):\n${output}`)));
  });
  return {
    child,
    base,
    exited: () => exited,
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

serverOnly("app processes on one PostgreSQL server", () => {
  let database: TestDatabase;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    apps.push(await startAppProcess(database.url!), await startAppProcess(database.url!));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await database?.close();
  });

  it("both find a record written through either, in their in-memory indexes", async () => {
    const { db } = database;
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const viewer = await makeActor(db, "coordinator");
    const id = await makeProject(db, {
      organizationId: org.id,
      title: "Quetzalcoatlite smuggling profiling course",
      countries: ["TJK"],
      pillars: ["I"],
      start: "2026-01-01",
    });
    await enqueueSearchSync(db, "project", id);
    for (const app of apps) {
      let found = false;
      for (let i = 0; i < 40 && !found; i++) {
        const page = await fetch(`${app.base}/search?q=quetzalcoatlite`, { headers: { cookie: viewer.cookie } }).then(
          (r) => r.text(),
        );
        found = page.includes("Quetzalcoatlite smuggling profiling course");
        if (!found) await new Promise((r) => setTimeout(r, 500));
      }
      expect(found, `found through ${app.base}`).toBe(true);
    }
  }, 60_000);

  it(
    "stay up when their connections are cut under load: " + "requests in flight fail with 503, later ones succeed",
    async () => {
      const [app] = apps;
      const statuses: number[] = [];
      let stop = false;
      const client = async () => {
        while (!stop) {
          const response = await fetch(`${app.base}/partners`).catch(() => undefined);
          if (response) {
            statuses.push(response.status);
            await response.arrayBuffer();
          }
        }
      };
      const clients = [client(), client(), client(), client()];
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        const name = new URL(database.url!).pathname.slice(1);
        for (let round = 0; round < 3; round++) {
          await new Promise((r) => setTimeout(r, 400));
          await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            [name],
          );
        }
      } finally {
        await admin.end();
      }
      await new Promise((r) => setTimeout(r, 500));
      stop = true;
      await Promise.all(clients);
      expect(app.exited(), "the app process ended").toBe(false);
      expect(
        statuses.filter((s) => s !== 200 && s !== 503),
        "answers other than 200 and 503",
      ).toEqual([]);
      const after = await fetch(`${app.base}/partners`);
      expect(after.status).toBe(200);
      // The test database itself is reopened by the test's own pool on the next query.
    },
    90_000,
  );
});
