import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import { openDatabase } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { peekEmailToken } from "~/accounts/email-tokens.server";
import { resetPassword } from "~/accounts/password-reset.server";
import { signIn } from "~/accounts/sign-in.server";
import { createTestDatabase } from "../../support/database";

// `npm run create-admin` as an operator runs it on a new installation: a separate process on the
// database ADAM would use (a PGlite folder, or DATABASE_URL), without a terminal, so it prints a link.

const run = promisify(execFile);
const TSX = resolve("node_modules/.bin/tsx");

async function createAdmin(env: Record<string, string>, ...args: string[]) {
  const { stdout } = await run(TSX, ["scripts/create-admin.ts", ...args], {
    env: { ...process.env, APP_URL: "https://adam.example.org", ...env },
    timeout: 120_000,
  });
  return stdout;
}

async function checkAdmin(db: Kysely<Database>, email: string, output: string) {
  const user = await db
    .selectFrom("users as u")
    .innerJoin("organizations as o", "o.id", "u.organization_id")
    .select(["u.id", "u.role", "u.status", "u.full_name", "o.kind"])
    .where("u.email", "=", email)
    .executeTakeFirstOrThrow();
  expect(user).toMatchObject({ role: "admin", status: "active", kind: "coordination_unit" });
  const token = /https:\/\/adam\.example\.org\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(output)?.[1];
  expect(token, output).toBeDefined();
  expect(await peekEmailToken(db, token!, "reset_password")).toBe(user.id);
  await resetPassword(db, token!, "orbit velvet cactus harbour", "127.0.0.1");
  expect(await signIn(db, email, "orbit velvet cactus harbour", "127.0.0.9")).toMatchObject({
    ok: true,
    role: "admin",
  });
  // The link works once.
  await expect(resetPassword(db, token!, "quiet meadow lantern basin", "127.0.0.1")).rejects.toMatchObject({
    code: "invalid",
  });
  return user;
}

it("creates the first admin on a new PGlite folder, and makes an existing account admin", async () => {
  const folder = mkdtempSync(join(tmpdir(), "adam-create-admin-"));
  try {
    const env = { DATA_DIR: folder, DATABASE_URL: "" };
    const created = await createAdmin(env, "--email", "First.Admin@Example.org", "--name", "First Admin");
    expect(created).toContain("Created first.admin@example.org");
    let handle = await openDatabase({ dataDir: folder });
    try {
      await checkAdmin(handle.db, "first.admin@example.org", created);
      await handle.db
        .insertInto("users")
        .values({
          email: "later@example.org",
          full_name: "Later",
          password_hash: "x",
          role: "donor",
          status: "suspended",
          organization_id: null,
          country_iso3: null,
        })
        .execute();
    } finally {
      await handle.close();
    }
    const promoted = await createAdmin(env, "--email", "later@example.org", "--name", "Later", "--locale", "ru");
    expect(promoted).toContain("Made administrator: later@example.org");
    handle = await openDatabase({ dataDir: folder });
    try {
      await checkAdmin(handle.db, "later@example.org", promoted);
    } finally {
      await handle.close();
    }
    await expect(createAdmin(env, "--email", "not an address", "--name", "X")).rejects.toMatchObject({
      stderr: expect.stringContaining("Check --email"),
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}, 240_000);

it.runIf(process.env.DATABASE_URL)(
  "creates the first admin on a PostgreSQL server",
  async () => {
    const database = await createTestDatabase("postgres");
    try {
      const output = await createAdmin(
        { DATABASE_URL: database.url! },
        "--email",
        "ops@example.org",
        "--name",
        "Operations",
      );
      expect(output).toContain("Created ops@example.org");
      await checkAdmin(database.db, "ops@example.org", output);
    } finally {
      await database.close();
    }
  },
  240_000,
);
