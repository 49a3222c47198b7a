import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SeededRandom } from "../../db/demo/random";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { buildTsQuery } from "../../search/embedded-query";
import type { SearchDocument, SearchFilters, SearchSort } from "../../search/engine";
import type { MemoryIndex } from "../../search/memory-index";
import { decodeSnapshot, encodeSnapshot } from "../../search/memory-snapshot";
import { loadMemoryIndex, MemorySearch, restoreMemoryIndex } from "../../search/memory-sync";
import { parseTsQuery } from "../../search/tsquery";
import { describeEachDatabase } from "../support/database";

// A restart from the in-memory index's snapshot (search/memory-snapshot.ts) must give exactly what a
// full load gives: the same matches, counts and order, after the changes made since the snapshot;
// and a snapshot that is missing, damaged, of another database or too old must give a full load.

const WORDS = ["border", "police", "training", "customs", "heroin", "forensic", "laboratory", "таможня", "обучение"];

function documents(count: number, seed: number, title = ""): SearchDocument[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const type = i % 2 ? "project" : "need";
    const sentence = (n: number) => Array.from({ length: n }, () => r.pick(WORDS)).join(" ");
    const startYear = r.int(2018, 2026);
    return {
      id: `${type}:${i + 1}`,
      type,
      recordId: i + 1,
      title: title || sentence(r.int(2, 4)),
      text: `${sentence(r.int(4, 12))}${r.chance(0.2) ? " financial intelligence unit" : ""}`,
      language: "en",
      pillars: r.sample(["I", "II", "III"], r.int(1, 2)),
      capacityAreas: ["I.3"],
      countries: r.sample(["TJK", "AFG", "TUR"], r.int(1, 2)),
      routes: r.sample(["northern", "balkan"], 1),
      status: type === "project" ? "active" : "open",
      priority: type === "need" ? r.pick(["high", "low"]) : null,
      organizationId: r.int(1, 3),
      organizationName: "Border agency",
      startDate: null,
      endDate: null,
      startYear,
      endYear: startYear + r.int(0, 2),
      amount: null,
      currency: null,
      updatedAt: new Date(Date.UTC(2024, 0, 1) + r.int(0, 500) * 60_000).toISOString(),
    };
  });
}

const QUERIES = ["", "border", "training police", "laboratry", "таможня", "FIU", "renamed"];
const FILTERS: SearchFilters[] = [{}, { type: ["need"] }, { country: ["TJK"], year: 2021 }];
const SORTS: SearchSort[] = ["relevance", "newest", "title"];

describeEachDatabase("embedded search: restarting from a snapshot of the in-memory index", (use) => {
  const dir = mkdtempSync(join(tmpdir(), "adam-snapshot-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const engine = () => new EmbeddedSearchEngine(use().db, { memory: false });

  /** What an index answers to every query × filter × sort (the ids of the first 50, the counts). */
  async function answers(index: MemoryIndex) {
    const out: unknown[] = [];
    for (const q of QUERIES) {
      const built = await buildTsQuery(use().db, q, { prefix: true });
      const text = built
        ? (await sql<{ q: string }>`SELECT (${built.tsquery})::text AS q`.execute(use().db)).rows[0].q
        : null;
      for (const filters of FILTERS)
        for (const sort of SORTS) {
          const found = index.search({ query: text ? parseTsQuery(text) : null, filters, sort, offset: 0, limit: 50 });
          out.push({ q, filters, sort, found: found && { ...found, facets: [...found.facets].sort(byKey) } });
        }
    }
    return out;
  }
  const byKey = (a: { k: string }, b: { k: string }) => (a.k < b.k ? -1 : 1);

  /** A process starting on the database: its MemorySearch, ready, with the snapshot folder. */
  async function restart(): Promise<MemorySearch> {
    const memory = new MemorySearch(use().db);
    memory.snapshots = dir;
    await memory.ready();
    await memory.snapshotWritten();
    return memory;
  }

  beforeAll(async () => {
    await engine().clear();
    await engine().index(documents(80, 21));
  });

  it("writes a snapshot after a full load, and a restart from it after changes equals a full load", async () => {
    const first = await restart();
    expect(first.source).toBe("full load");
    await first.save(await loadMemoryIndex(use().db));
    expect(readdirSync(dir)).toHaveLength(1);

    // Changes after the snapshot: edits, new records, deletions.
    const changed = documents(100, 22, "Renamed border post");
    await engine().index(changed.slice(60));
    await engine().delete([1, 3, 5].map((recordId) => ({ type: "need" as const, recordId })));

    const restored = await restoreMemoryIndex(use().db, dir);
    expect(restored).not.toBeNull();
    const full = await loadMemoryIndex(use().db);
    expect(restored!.generation).toBe(full.generation);
    expect(restored!.documents).toBe(full.documents);
    expect(await answers(restored!)).toEqual(await answers(full));
    expect((await restart()).source).toBe("snapshot");
  });

  it("catches up with later changes on the next restart; a snapshot decodes to the index it was made of", async () => {
    const restored = (await restoreMemoryIndex(use().db, dir))!;
    const again = decodeSnapshot(encodeSnapshot(restored.toParts(), "x"), "x")!;
    expect(await answers(again)).toEqual(await answers(restored));
    await engine().index(documents(30, 23, "Renamed laboratory"));
    const later = await restoreMemoryIndex(use().db, dir);
    expect(later!.generation).toBeGreaterThan(restored.generation);
    expect(await answers(later!)).toEqual(await answers(await loadMemoryIndex(use().db)));
  });

  it("loads in full when the snapshot is damaged, foreign or too old", async () => {
    const [file] = readdirSync(dir);
    const path = join(dir, file);
    const good = readFileSync(path);

    const damaged = Buffer.from(good);
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    writeFileSync(path, damaged);
    expect(await restoreMemoryIndex(use().db, dir)).toBeNull();
    expect((await restart()).source).toBe("full load");

    writeFileSync(path, good.subarray(0, good.length - 100));
    expect(await restoreMemoryIndex(use().db, dir)).toBeNull();

    // Another database's snapshot (another identity) is never used.
    writeFileSync(path, good);
    expect(decodeSnapshot(good, "another database")).toBeNull();

    // The log no longer reaches back to the snapshot's generation.
    const saved = (await restoreMemoryIndex(use().db, dir))!;
    await sql`UPDATE search_index_state SET changes_since = generation + 1`.execute(use().db);
    await engine().index(documents(2, 24));
    expect(saved).not.toBeNull();
    expect(await restoreMemoryIndex(use().db, dir)).toBeNull();
    expect((await restart()).source).toBe("full load");
    // That full load wrote a fresh snapshot: the next start uses it.
    expect((await restart()).source).toBe("snapshot");
  });
});
