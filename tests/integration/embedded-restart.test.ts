import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { DEMO_ACCOUNTS, generateDemoData } from "../../db/demo/generate";
import { migrateToLatest } from "../../db/migrate";
import { loadReferenceData } from "../../db/seed/reference-data";

const dir = mkdtempSync(join(tmpdir(), "adam-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it(
  "keeps the embedded database's data across a restart, and boots again without duplicating anything",
  { timeout: 120_000 },
  async () => {
    const first = await openDatabase({ dataDir: dir });
    await migrateToLatest(first.db);
    await loadReferenceData(first.db);
    const created = await generateDemoData(first.db, { seed: 3, projects: 5, needs: 5 });
    expect(created.created).toBe(true);
    const count = async (db: typeof first.db, table: "users" | "projects" | "needs" | "organizations") =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = {
      users: await count(first.db, "users"),
      projects: await count(first.db, "projects"),
      needs: await count(first.db, "needs"),
      organizations: await count(first.db, "organizations"),
    };
    await first.close();

    // A second start on the same folder: migrations, reference data and demo data run again.
    const second = await openDatabase({ dataDir: dir });
    expect(await migrateToLatest(second.db)).toEqual([]);
    await loadReferenceData(second.db);
    expect((await generateDemoData(second.db, { seed: 3 })).created).toBe(false);
    const after = {
      users: await count(second.db, "users"),
      projects: await count(second.db, "projects"),
      needs: await count(second.db, "needs"),
      organizations: await count(second.db, "organizations"),
    };
    expect(after).toEqual(before);
    expect(before.projects).toBeGreaterThan(0);
    const emails = await second.db
      .selectFrom("users")
      .select("email")
      .where("is_demo", "=", true)
      .orderBy("id")
      .execute();
    expect(emails.map((e) => e.email)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
    await second.close();
  },
);
