import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { SeededRandom } from "../../db/demo/random";
import { EmbeddedSearchEngine } from "../../search/embedded";
import type { SearchDocument, SearchQuery, SearchResult } from "../../search/engine";
import { memorySearchFor } from "../../search/memory-sync";
import { describeEachDatabase } from "../support/database";

// The embedded engine's in-memory index (search/memory-index.ts) must find exactly what its SQL
// path finds: the same matches, totals and facet counts for every query and filter, the same order
// for the newest and title sorts — before and after every kind of index write, and after falling
// behind the change log. Relevance is its own (README, "Search"), tested on hand-made cases.

const base = Date.UTC(2024, 0, 1);
const WORDS_EN = [
  "border",
  "police",
  "training",
  "customs",
  "heroin",
  "seizure",
  "forensic",
  "laboratory",
  "precursor",
  "chemicals",
  "canine",
  "dogs",
  "harm",
  "reduction",
  "liaison",
  "officers",
  "darknet",
  "corridor",
  "survey",
  "treatment",
  "the",
  "of",
  "and",
];
const WORDS_RU = [
  "граница",
  "таможня",
  "обучение",
  "сотрудников",
  "лаборатория",
  "экспертиза",
  "наркотиков",
  "контроль",
  "героин",
];
const PHRASES = [
  "financial intelligence unit",
  "FIU",
  "anti-money laundering",
  "подразделение финансовой разведки",
  "border crossing point",
];
const COUNTRIES = ["AFG", "TJK", "UZB", "IRN", "TUR", "KAZ"];

function generated(count: number, seed: number): SearchDocument[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const recordId = i + 1;
    const type = r.chance(0.5) ? "project" : "need";
    const ru = r.chance(0.3);
    const words = ru ? WORDS_RU : WORDS_EN;
    const sentence = (n: number) => Array.from({ length: n }, () => r.pick(words)).join(" ");
    const text = `${sentence(r.int(5, 15))}${r.chance(0.2) ? ` ${r.pick(PHRASES)}` : ""}. ${sentence(r.int(3, 10))}`;
    const startYear = r.chance(0.8) ? r.int(2018, 2026) : null;
    return {
      id: `${type}:${recordId}`,
      type,
      recordId,
      title: `${r.chance(0.5) ? "A" : "a"} ${sentence(r.int(2, 5))}${r.chance(0.1) ? ` ${r.pick(PHRASES)}` : ""}`,
      text,
      language: ru ? "ru" : "en",
      pillars: r.sample(["I", "II", "III", "IV"], r.int(1, 2)),
      capacityAreas: r.sample(["I.1", "I.3", "II.2", "III.1"], r.int(1, 2)),
      countries: r.sample(COUNTRIES, r.int(1, 3)),
      routes: r.sample(["northern", "balkan", "southern"], r.int(1, 2)),
      status: type === "project" ? r.pick(["pipeline", "active", "completed"]) : r.pick(["open", "partially_met"]),
      priority: type === "need" ? r.pick(["critical", "high", "medium", "low"]) : null,
      organizationId: r.int(1, 4),
      organizationName: r.pick(["Border agency", "Customs service", "Drug control agency"]),
      startDate: null,
      endDate: null,
      startYear,
      endYear: startYear !== null && r.chance(0.7) ? startYear + r.int(0, 3) : null,
      amount: null,
      currency: null,
      // Some records share a timestamp: the id decides their order.
      updatedAt: new Date(base + r.int(0, 300) * 60_000).toISOString(),
    };
  });
}

const QUERIES = [
  "",
  "border",
  "training police",
  "narcotcs",
  "laboratry",
  "таможня",
  "обучение сотрудников",
  "FIU",
  "financial intelligence unit",
  "ПФР",
  "AML",
  "the",
  "and of",
  "custom",
  "forensic laboratory",
  "darknet corridor",
  "nothingmatches",
];
const FILTERS: Array<SearchQuery["filters"]> = [
  {},
  { type: ["need"] },
  { pillar: ["II"], country: ["tjk"] },
  { route: ["balkan"], status: ["active", "open"] },
  { year: 2021 },
  { capacityArea: ["I.3"], priority: ["high", "critical"] },
  { organization: [2, 3] },
];

/** A result with its facets in one order, for comparing. */
function comparable(result: SearchResult) {
  return { total: result.total, facets: result.facets, ids: result.hits.map((h) => h.id) };
}

describeEachDatabase("embedded search: the in-memory index", (use) => {
  const memory = () => new EmbeddedSearchEngine(use().db);
  const sqlOnly = () => new EmbeddedSearchEngine(use().db, { memory: false });
  const held = () => memorySearchFor(use().db);

  /** Every query × filter × sort: the memory path answers (it is loaded) and agrees with SQL. */
  async function expectSameAsSql(queries = QUERIES, filters = FILTERS) {
    expect(held().state).toBe("ready");
    for (const q of queries) {
      for (const f of filters) {
        for (const sort of ["newest", "title"] as const) {
          const query = { q, filters: f, sort, pageSize: 7, page: 2 };
          const answered = held().answered;
          expect(comparable(await memory().search(query)), JSON.stringify(query)).toEqual(
            comparable(await sqlOnly().search(query)),
          );
          expect(held().answered, "answered by the in-memory index").toBe(answered + 1);
        }
        // Relevance: the same matches (every page), whatever their order.
        const all = async (engine: EmbeddedSearchEngine) => {
          const first = await engine.search({ q, filters: f, pageSize: 100 });
          return { total: first.total, facets: first.facets, ids: first.hits.map((h) => h.id).sort() };
        };
        expect(await all(memory()), JSON.stringify({ q, f })).toEqual(await all(sqlOnly()));
      }
    }
  }

  beforeAll(async () => {
    await memory().clear();
    await memory().index(generated(90, 11));
    await memory().warmUp();
  });

  it("finds, counts and orders exactly as SQL does on generated records", async () => {
    await expectSameAsSql();
    expect((await memory().health()).detail).toMatch(/^in-memory index ready: 90 documents at generation \d+$/);
    // About 700 searches (every query × filter × sort, on both paths).
  }, 180_000);

  it("catches up with inserts, edits and deletes made after it loaded", async () => {
    const e = memory();
    const before = (await e.search({ q: "border" })).total;
    const changed = generated(120, 12);
    await e.index(changed.slice(60)); // 30 edits (ids 61–90), 30 new records
    await e.delete(
      changed
        .slice(0, 10)
        .map((d) => ({ type: d.type, recordId: d.recordId }))
        .filter((r) => r.recordId % 2 === 0),
    );
    expect((await e.search({ q: "border" })).total).not.toBe(before);
    await expectSameAsSql(QUERIES.slice(0, 9), FILTERS.slice(0, 4));
  });

  it("loads again when the change log no longer reaches back to it, answering from SQL meanwhile", async () => {
    const e = memory();
    // As if more than 1,000 generations had passed: the log no longer holds what the index needs.
    await sql`UPDATE search_index_state SET changes_since = generation + 1`.execute(use().db);
    await e.index(generated(3, 13).map((d) => ({ ...d, title: "Renamed laboratory" })));
    const before = held().answered;
    expect((await e.search({ q: "renamed" })).total).toBe(3);
    expect(held().answered, "answered from SQL").toBe(before);
    await held().ready();
    await expectSameAsSql(["renamed", "laboratory", ""], [{}, { type: ["need"] }]);
  });

  it("keeps the change log to the last 1,000 generations", async () => {
    const e = memory();
    await sql`UPDATE search_index_state SET generation = 2099`.execute(use().db);
    await e.index(generated(2, 16));
    const { rows } = await sql<{ since: string; oldest: string | null }>`
      SELECT s.changes_since AS since, (SELECT min(generation) FROM search_changes) AS oldest FROM search_index_state s
    `.execute(use().db);
    expect(Number(rows[0].since)).toBe(1100);
    expect(Number(rows[0].oldest)).toBe(2100);
    // The index, now further behind than the log reaches, answers from SQL until it has loaded again.
    expect((await e.search({ q: "border" })).total).toBe((await sqlOnly().search({ q: "border" })).total);
    await held().ready();
    await expectSameAsSql(["border", "таможня"], [{}]);
  });

  it("is emptied by clear() and refilled by indexing", async () => {
    const e = memory();
    await e.clear();
    expect((await e.search({})).total).toBe(0);
    await e.index(generated(40, 14));
    await expectSameAsSql(QUERIES.slice(0, 6), FILTERS.slice(0, 3));
  });

  it("ranks a title match first, then more query words matched, then newest", async () => {
    const e = memory();
    await e.clear();
    const doc = (recordId: number, title: string, text: string, minutes: number): SearchDocument => ({
      ...generated(1, 15)[0],
      id: `project:${recordId}`,
      type: "project",
      recordId,
      title,
      text,
      language: "en",
      updatedAt: new Date(base + minutes * 60_000).toISOString(),
    });
    await e.index([
      doc(1, "Forensic laboratory equipment", "Equipment for the central unit.", 1),
      doc(2, "Equipment", "A forensic laboratory for the border.", 5),
      doc(3, "Equipment", "A forensic team for the border.", 9),
      doc(4, "Supplies", "A forensic laboratory and another forensic laboratory.", 3),
    ]);
    const ranked = await e.search({ q: "forensic laboratory" });
    expect(ranked.hits.map((h) => h.id)).toEqual(["project:1", "project:4", "project:2"]);
    const one = await e.search({ q: "forensic" });
    expect(one.hits.map((h) => h.id)).toEqual(["project:1", "project:4", "project:3", "project:2"]);
    // The page's text still comes from PostgreSQL, highlighted.
    expect(ranked.hits[0].highlight.title).toContain("<mark>");
  });
});
