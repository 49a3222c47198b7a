import { sql } from "kysely";
import { beforeEach, expect, it } from "vitest";
import { EmbeddedSearchEngine, MAX_WALK_STEPS, RANK_WINDOW } from "../../search/embedded";
import type { SearchDocument, SearchQuery, SearchResult } from "../../search/engine";
import { describeEachDatabase } from "../support/database";

// What the embedded engine does to stay fast (0010_search_speed), and what it must not change:
// the facet counts of the whole index kept by triggers, the facet-count cache of a search (valid
// until the next index write), and the bounded ranking of broad queries (documented in README,
// "Search"). Embedded only, and its SQL path only (what answers while the in-memory index loads):
// the shared contract suite says what every engine must do.

const base = Date.UTC(2024, 0, 1);

function doc(recordId: number, over: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id: `project:${recordId}`,
    type: "project",
    recordId,
    title: `Project ${recordId}`,
    text: "Support for customs posts.",
    language: "en",
    pillars: ["I"],
    capacityAreas: ["I.3"],
    countries: ["TJK"],
    routes: ["northern"],
    status: "active",
    priority: null,
    organizationId: 1,
    organizationName: "Donor agency",
    startDate: null,
    endDate: null,
    startYear: null,
    endYear: null,
    amount: null,
    currency: null,
    // A larger record id is a newer record.
    updatedAt: new Date(base + recordId * 60_000).toISOString(),
    ...over,
  };
}

const count = (result: SearchResult, facet: keyof SearchResult["facets"], value: string) =>
  result.facets[facet].find((f) => f.value === value)?.count ?? 0;

describeEachDatabase("embedded search: kept facet counts, the facet-count cache, bounded ranking", (use) => {
  // SQL alone: what answers while the in-memory index loads (embedded-memory-index.test.ts tests that index).
  const engine = () => new EmbeddedSearchEngine(use().db, { memory: false });

  beforeEach(async () => {
    await engine().clear();
  });

  /** The facet counts of the whole index, counted from scratch. */
  async function recount(): Promise<Record<string, number>> {
    const { rows } = await sql<{ k: string; n: number }>`
      SELECT k, count(*)::int AS n FROM search_documents, unnest(facet_keys) AS k GROUP BY k
    `.execute(use().db);
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  }
  async function kept(): Promise<Record<string, number>> {
    const { rows } = await sql<{ key: string; n: number }>`SELECT key, n FROM search_facet_counts WHERE n > 0`.execute(
      use().db,
    );
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  }

  it("keeps the whole index's facet counts equal to a recount through inserts, edits, deletes and clear", async () => {
    const e = engine();
    await e.index([
      doc(1),
      doc(2, { pillars: ["I", "II"], countries: ["TJK", "AFG"] }),
      doc(3, { type: "need", id: "need:3", priority: "high" }),
    ]);
    expect(await kept()).toEqual(await recount());
    await e.index([doc(2, { pillars: ["III"], countries: ["UZB"] }), doc(4)]);
    expect(await kept()).toEqual(await recount());
    await e.delete([{ type: "project", recordId: 1 }]);
    expect(await kept()).toEqual(await recount());
    const all = await e.search({});
    expect(all.total).toBe(3);
    expect(count(all, "pillar", "III")).toBe(1);
    expect(count(all, "pillar", "II")).toBe(0);
    await e.clear();
    expect(await kept()).toEqual({});
    expect((await e.search({})).total).toBe(0);
  });

  it("gives new counts after every index write: index, search, edit, search again", async () => {
    const e = engine();
    const query: SearchQuery = { q: "heroin", filters: { pillar: ["I"] } };
    await e.index([
      doc(1, { text: "Heroin seizures at the border." }),
      doc(2, { text: "Heroin profiling." }),
      doc(3, { text: "Heroin", pillars: ["II"] }),
    ]);
    let result = await e.search(query);
    expect(result.total).toBe(2);
    expect(count(result, "country", "TJK")).toBe(2);
    expect((await e.search(query)).total).toBe(2); // the same search again (from the cache)

    // An edit that takes a record out of the filter.
    await e.index([doc(2, { text: "Heroin profiling.", pillars: ["II"] })]);
    result = await e.search(query);
    expect(result.total).toBe(1);
    expect(count(result, "pillar", "I")).toBe(1);
    expect(count(result, "pillar", "II")).toBe(0);

    // An edit of the text only, and a facet value that changes without changing the match.
    await e.index([doc(1, { text: "Cocaine." }), doc(3, { text: "Heroin", pillars: ["I"], countries: ["AFG"] })]);
    result = await e.search(query);
    expect(result.total).toBe(1);
    expect(count(result, "country", "AFG")).toBe(1);
    expect(count(result, "country", "TJK")).toBe(0);

    // A new record, then a delete.
    await e.index([doc(4, { text: "Heroin routes." })]);
    expect((await e.search(query)).total).toBe(2);
    await e.delete([{ type: "project", recordId: 3 }]);
    result = await e.search(query);
    expect(result.total).toBe(1);
    expect(result.hits.map((h) => h.id)).toEqual(["project:4"]);

    // Clearing the index.
    await e.clear();
    expect((await e.search(query)).total).toBe(0);
    expect((await e.search({ filters: { pillar: ["I"] } })).facets.pillar).toEqual([]);
  });

  it("reuses a search's cached counts for its other pages and sorts until the index changes", async () => {
    const e = engine();
    await e.index([1, 2, 3, 4, 5].map((id) => doc(id, { text: "Canine units." })));
    const first = await e.search({ q: "canine", filters: { country: ["tjk"] }, pageSize: 2 });
    expect(first.total).toBe(5);
    const { rows } = await sql<{ key: string }>`SELECT key FROM search_facet_cache`.execute(use().db);
    expect(rows).toHaveLength(1); // clear() emptied the cache
    // Tampering with the entry shows that the next pages and other sorts read it, not a recount (a
    // country code or a query word in another case is the same search)...
    await sql`UPDATE search_facet_cache SET facets = '[{"k":"type:project","n":7}]'::jsonb`.execute(use().db);
    expect((await e.search({ q: "canine", filters: { country: ["TJK"] }, page: 2, pageSize: 2 })).total).toBe(7);
    expect((await e.search({ q: "Canine", filters: { country: ["TJK"] }, sort: "title" })).total).toBe(7);
    // ...and that any index write, even of an unchanged document, retires it.
    await e.index([doc(5, { text: "Canine units." })]);
    const after = await e.search({ q: "canine", filters: { country: ["TJK"] }, page: 2, pageSize: 2 });
    expect(after.total).toBe(5);
    expect(count(after, "country", "TJK")).toBe(5);
  });

  it(`ranks only the ${RANK_WINDOW} newest matches of a query that matches a large share of the index`, async () => {
    const e = engine();
    const n = RANK_WINDOW + 100;
    // Every record mentions seizures in its text; the oldest also in its title (the most relevant).
    const docs = Array.from({ length: n }, (_, i) =>
      doc(i + 1, {
        text: "Report on seizures.",
        pillars: i < 50 ? ["II"] : ["I"],
        title: i === 0 ? "Seizures of precursors" : `Project ${i + 1}`,
      }),
    );
    await e.index(docs);
    const broad = await e.search({ q: "seizures", pageSize: 50 });
    expect(broad.total).toBe(n);
    // Broad: the newest matches come first (ranked among themselves), the most relevant record is
    // not on the first page but, being the oldest, last of all.
    expect(broad.hits.map((h) => h.id)).not.toContain("project:1");
    expect(broad.hits[0].id).toBe(`project:${n}`);
    const seen: string[] = [];
    for (let page = 1; page <= broad.totalPages; page++) {
      seen.push(...(await e.search({ q: "seizures", pageSize: 50, page })).hits.map((h) => h.id));
    }
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n); // no record twice across the window's edge, none missing
    expect(seen[n - 1]).toBe("project:1");

    // Narrow (fewer matches than the window): exact ts_rank order, the title match first.
    const narrow = await e.search({ q: "seizures", filters: { pillar: ["II"] } });
    expect(narrow.total).toBe(50);
    expect(narrow.hits[0].id).toBe("project:1");
  });
  it(
    `sorts by title and by date exactly, whether the sort index walk ` +
      `finds the page within ${2 * MAX_WALK_STEPS} documents or not`,
    async () => {
      const e = engine();
      // More documents than a walk may visit; titles put every Cyrillic one after every Latin one.
      const latin = 2 * MAX_WALK_STEPS + 100;
      const docs = Array.from({ length: latin + 200 }, (_, i) =>
        i < latin
          ? doc(i + 1, {
              title: `Project ${String(i + 1).padStart(5, "0")}`,
              text: i % 3 === 0 ? "Border report." : "Report.",
            })
          : doc(i + 1, { title: `Таможня ${i + 1}`, text: "Контроль на границе.", language: "ru", pillars: ["II"] }),
      );
      await e.index(docs);
      const expected = async (where: string, order: string, offset: number) =>
        (
          await sql<{ id: string }>`
          SELECT id FROM search_documents WHERE ${sql.raw(where)} ORDER BY ${sql.raw(order)} LIMIT 20 OFFSET ${offset}
        `.execute(use().db)
        ).rows.map((r) => r.id);
      const ids = async (q: string, sort: "title" | "newest", page: number) =>
        (await e.search({ q, sort, page, pageSize: 20 })).hits.map((h) => h.id);
      // Found by the walk: a third of the Latin documents match.
      expect(await ids("border", "title", 2)).toEqual(await expected("body LIKE 'Border%'", "lower(title), id", 20));
      expect(await ids("border", "newest", 3)).toEqual(
        await expected("body LIKE 'Border%'", "updated_at DESC, id", 40),
      );
      // Not found by the walk (all matches lie past it in title order): from the GIN index instead.
      expect(await ids("контроль", "title", 1)).toEqual(await expected("title LIKE 'Таможня%'", "lower(title), id", 0));
      expect(await ids("контроль", "title", 2)).toEqual(
        await expected("title LIKE 'Таможня%'", "lower(title), id", 20),
      );
      expect(await ids("контроль", "newest", 1)).toEqual(
        await expected("title LIKE 'Таможня%'", "updated_at DESC, id", 0),
      );
    },
    60_000,
  );
});
