import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["app", "db", "search", "public", "remix.config.js", "package.json", "tsconfig.json"];
export const SERVER_BUILD = "build/index.js";

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (path === "public" && entry === "build") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function buildIsStale(root = "."): boolean {
  const built = join(root, SERVER_BUILD);
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > builtAt);
}

/** Runs `remix build` when the server build is missing or older than a source file. */
export function buildIfNeeded(log: (line: string) => void = console.log): void {
  if (!buildIsStale()) return;
  log("Building ADAM (remix build)…");
  // Always the production build, whoever asks (a test runner sets NODE_ENV=test): `npm start` and the
  // end-to-end tests reuse it while it is newer than the sources.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  const result = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], {
    stdio: "inherit",
    env,
  });
  if (result.status !== 0) throw new Error("remix build failed");
}
