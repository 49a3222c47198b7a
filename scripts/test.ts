// `npm test`: installs what the tests need that npm cannot (Debian's Chromium), then runs the type
// checker, the format check and the linter, the unit and integration tests (vitest) and the end-to-end
// tests (Playwright), and ends with one summary line. Exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const only = process.argv.slice(2); // e.g. `npm test -- unit integration` (default: everything)
const wants = (step: string) => only.length === 0 || only.includes(step);

function run(title: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

function ensureChromium(): void {
  if (existsSync(chromium)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (isRoot && hasApt && !process.env.CHROMIUM_PATH) {
    console.log("Chromium is missing: installing Debian's chromium package (apt-get)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (install.status === 0 && existsSync(chromium)) return;
  }
  console.error(
    `The end-to-end tests need Chromium at ${chromium}.\n` +
      "Install it with:  sudo apt-get install -y chromium\n" +
      "or point CHROMIUM_PATH at a Chromium or Chrome binary.",
  );
  process.exit(1);
}

/** xmllint (Debian's libxml2-utils) checks IATI files against the official schema in the tests. */
function ensureXmllint(): void {
  if (spawnSync("xmllint", ["--version"], { stdio: "ignore" }).status === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("xmllint is missing: installing Debian's libxml2-utils package (apt-get)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = spawnSync("apt-get", ["install", "-y", "-qq", "libxml2-utils"], { stdio: "inherit", env });
    if (install.status === 0) return;
  }
  console.error("The IATI tests need xmllint. Install it with:  sudo apt-get install -y libxml2-utils");
  process.exit(1);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function readVitestCounts(path: string): Counts | undefined {
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, "utf8"));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function readPlaywrightCounts(path: string): Counts | undefined {
  if (!existsSync(path)) return undefined;
  const stats = JSON.parse(readFileSync(path, "utf8")).stats ?? {};
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
  };
}

async function main() {
  mkdirSync("test-results", { recursive: true });
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (c?: Counts) =>
    c && ((total.passed += c.passed), (total.failed += c.failed), (total.skipped += c.skipped));
  let ok = true;

  if (wants("e2e")) ensureChromium();
  if (wants("integration")) ensureXmllint();

  if (wants("typecheck")) {
    const typecheck = run("Type check (tsc --noEmit)", process.execPath, [
      "node_modules/typescript/bin/tsc",
      "--noEmit",
    ]);
    console.log(typecheck ? "typecheck: 1 passed, 0 failed" : "typecheck: 0 passed, 1 failed");
    ok &&= typecheck;
    add({ passed: typecheck ? 1 : 0, failed: typecheck ? 0 : 1, skipped: 0 });
  }

  if (wants("lint")) {
    // Formatting first (Prettier), then the linter (ESLint): both are quick and fail before the long suites.
    const format = run("Format check (prettier --check)", process.execPath, [
      "node_modules/prettier/bin/prettier.cjs",
      "--check",
      "**/*.{ts,tsx,js,css}",
    ]);
    const lint = run("Lint (eslint)", process.execPath, [
      "node_modules/eslint/bin/eslint.js",
      "--max-warnings",
      "0",
      ".",
    ]);
    const passed = Number(format) + Number(lint);
    console.log(`lint: ${passed} passed, ${2 - passed} failed`);
    ok &&= format && lint;
    add({ passed, failed: 2 - passed, skipped: 0 });
  }

  const projects = ["unit", "integration"].filter(wants);
  if (projects.length) {
    const report = "test-results/vitest.json";
    rmSync(report, { force: true });
    const databases = `PGlite${process.env.DATABASE_URL ? " and PostgreSQL at DATABASE_URL" : ""}`;
    const vitest = run(`Unit and integration tests (vitest; databases: ${databases})`, process.execPath, [
      "node_modules/vitest/vitest.mjs",
      "run",
      ...projects.flatMap((p) => ["--project", p]),
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
    ]);
    const counts = readVitestCounts(report);
    if (counts) console.log(`vitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    ok &&= vitest && Boolean(counts);
    add(counts ?? { passed: 0, failed: 1, skipped: 0 });
  }

  if (wants("e2e")) {
    const report = "test-results/e2e.json";
    rmSync(report, { force: true });
    const port = await freePort();
    const playwright = run(
      "End-to-end tests (Playwright, Chromium)",
      process.execPath,
      ["node_modules/@playwright/test/cli.js", "test"],
      {
        E2E_PORT: String(port),
        E2E_REPORT: report,
        CHROMIUM_PATH: chromium,
      },
    );
    const counts = readPlaywrightCounts(report);
    if (counts) console.log(`playwright: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    ok &&= playwright && Boolean(counts);
    add(counts ?? { passed: 0, failed: 1, skipped: 0 });
  }

  console.log(`\nnpm test: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(ok && total.failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
