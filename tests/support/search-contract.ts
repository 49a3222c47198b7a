import { sql, type Kysely } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { buildSearchDocuments } from "../../search/documents.server";
import type { SearchEngine, SearchFilters, SearchRef } from "../../search/engine";
import { insertSearchFixture, type SearchFixture } from "./search-fixtures";

export interface ContractContext {
  db: Kysely<Database>;
  engine: SearchEngine;
}

/**
 * The behaviour every search engine must show, on the hand-made records of search-fixtures.ts.
 * Called inside a describe block; `use()` returns a live database and engine.
 */
export function searchContract(use: () => ContractContext) {
  let f: SearchFixture;
  const p = (id: number) => `project:${id}`;
  const n = (id: number) => `need:${id}`;

  async function reindex(refs: SearchRef[]) {
    const { documents, missing } = await buildSearchDocuments(use().db, refs);
    await use().engine.index(documents);
    await use().engine.delete(missing);
  }
  async function ids(q: string, filters: SearchFilters = {}) {
    const result = await use().engine.search({ q, filters, pageSize: 50 });
    return result.hits.map((h) => h.id).sort();
  }

  beforeAll(async () => {
    const { db, engine } = use();
    f = await insertSearchFixture(db);
    await engine.applySettings();
    await engine.clear();
    await reindex([
      ...Object.values(f.projects).map((recordId) => ({ type: "project" as const, recordId })),
      ...Object.values(f.needs).map((recordId) => ({ type: "need" as const, recordId })),
    ]);
  }, 60_000);

  it("finds English text despite a typo (narcotcs → narcotics)", async () => {
    const found = await ids("narcotcs");
    expect(found).toContain(p(f.projects.border));
    expect(found).toContain(n(f.needs.dogs));
    expect(found).not.toContain(p(f.projects.fiu));
  });

  it("finds Russian text with a Russian query, across word forms (наркотиков / наркотики)", async () => {
    // The Russian need says «наркотики», the Russian project «наркотиков»: both forms find both.
    expect(await ids("наркотиков")).toEqual([p(f.projects.customsRu), n(f.needs.labRu)].sort());
    expect(await ids("наркотики")).toEqual([p(f.projects.customsRu), n(f.needs.labRu)].sort());
    expect(await ids("таможни")).toEqual([p(f.projects.customsRu)]);
  });

  it("expands the field's acronyms in English and Russian (ПФР → financial intelligence unit)", async () => {
    expect(await ids("ПФР")).toContain(p(f.projects.fiu));
    expect(await ids("fiu")).toContain(p(f.projects.fiu));
  });

  it("applies every filter", async () => {
    expect(await ids("", { type: ["need"] })).toEqual([n(f.needs.dogs), n(f.needs.labRu)].sort());
    expect(await ids("", { pillar: ["II"] })).toEqual([p(f.projects.fiu)]);
    expect(await ids("", { capacityArea: ["III.1"] })).toEqual([p(f.projects.customsRu)]);
    expect(await ids("", { country: ["IRN"] })).toEqual([p(f.projects.precursor)]);
    expect(await ids("", { route: ["balkan"] })).toEqual([p(f.projects.border), p(f.projects.precursor)].sort());
    expect(await ids("", { status: ["pipeline"] })).toEqual([p(f.projects.customsRu)]);
    expect(await ids("", { priority: ["critical"] })).toEqual([n(f.needs.dogs)]);
    expect(await ids("", { organization: [f.orgs.donorB] })).toEqual([p(f.projects.customsRu), p(f.projects.precursor)].sort());
    // 2019: the FIU project (2018–mid 2019) and the need with no time frame (open on both sides).
    expect(await ids("", { year: 2019 })).toEqual([p(f.projects.fiu), n(f.needs.labRu)].sort());
    // The pipeline project has no end: it runs on indefinitely.
    expect(await ids("", { year: 2031, type: ["project"] })).toEqual([p(f.projects.customsRu)]);
    // Filters combine with AND, values within one filter with OR.
    expect(await ids("narcotics", { type: ["project"], route: ["northern"] })).toEqual([p(f.projects.border)]);
    expect(await ids("", { pillar: ["I", "II"], type: ["project"] })).toEqual([p(f.projects.border), p(f.projects.fiu)].sort());
  });

  it("counts facets over the whole result set", async () => {
    const all = await use().engine.search({});
    expect(all.total).toBe(6);
    const count = (facet: keyof typeof all.facets, value: string) => all.facets[facet].find((v) => v.value === value)?.count ?? 0;
    expect(count("type", "project")).toBe(4);
    expect(count("type", "need")).toBe(2);
    expect(count("route", "northern")).toBe(5);
    expect(count("route", "southern")).toBe(2);
    expect(count("country", "TJK")).toBe(3);
    expect(count("pillar", "IV")).toBe(2);
    expect(count("capacityArea", "II.2")).toBe(1);
    expect(count("status", "active")).toBe(2);
    expect(count("status", "open")).toBe(2);
    expect(count("priority", "critical")).toBe(1);
    expect(count("organization", String(f.orgs.donorA))).toBe(2);
    // Largest first.
    expect(all.facets.route[0]).toEqual({ value: "northern", count: 5 });

    const border = await use().engine.search({ q: "border" });
    expect(border.hits.map((h) => h.id).sort()).toEqual([p(f.projects.border), n(f.needs.dogs)].sort());
    expect(border.facets.type).toEqual([
      { value: "need", count: 1 },
      { value: "project", count: 1 },
    ]);
  });

  it("paginates without gaps or repeats, and sorts by title", async () => {
    const first = await use().engine.search({ sort: "title", page: 1, pageSize: 4 });
    const second = await use().engine.search({ sort: "title", page: 2, pageSize: 4 });
    expect(first).toMatchObject({ total: 6, page: 1, pageSize: 4, totalPages: 2 });
    expect(first.hits).toHaveLength(4);
    expect(second.hits).toHaveLength(2);
    expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(6);
    const projects = await use().engine.search({ sort: "title", filters: { type: ["project"] } });
    expect(projects.hits.map((h) => h.title)).toEqual([
      "Border liaison offices against narcotics trafficking",
      "Financial intelligence unit capacity building",
      "Precursor control & <lab> safety",
      "Подготовка таможенников по борьбе с оборотом наркотиков",
    ]);
  });

  it("returns whole documents and highlights matches as safe HTML", async () => {
    const result = await use().engine.search({ q: "narcotics", filters: { type: ["project"] } });
    const hit = result.hits.find((h) => h.id === p(f.projects.border))!;
    expect(hit.highlight.title).toMatch(/<mark>narcotics<\/mark>/i);
    expect(hit.highlight.snippet).toMatch(/<mark>narcotics<\/mark>/i);
    expect(hit.document).toMatchObject({
      type: "project", recordId: f.projects.border, language: "en", countries: ["AFG", "TJK"], routes: ["balkan", "northern", "southern"],
      pillars: ["I"], capacityAreas: ["I.3"], status: "active", organizationId: f.orgs.donorA, startYear: 2020, endYear: 2022,
      amount: "1500000.50", currency: "EUR",
    });
    const precursor = (await use().engine.search({ q: "precursor" })).hits.find((h) => h.id === p(f.projects.precursor))!;
    expect(precursor.highlight.title).toContain("&amp; &lt;lab&gt;");
    expect(precursor.highlight.title).not.toContain("<lab>");
  });

  it("finds similar records, never the record itself", async () => {
    const like = await use().engine.similar({ type: "project", recordId: f.projects.border }, { limit: 3 });
    expect(like.map((h) => h.id)).not.toContain(p(f.projects.border));
    expect(like[0]?.id).toBe(n(f.needs.dogs));
    const needsOnly = await use().engine.similar({ type: "project", recordId: f.projects.border }, { filters: { type: ["project"] } });
    expect(needsOnly.every((h) => h.type === "project")).toBe(true);
    const byText = await use().engine.similar({ text: "money laundering and illicit financial flows" }, { limit: 3 });
    expect(byText[0]?.id).toBe(p(f.projects.fiu));
  });

  it("re-indexes a record after an edit", async () => {
    await sql`UPDATE projects SET title = 'Asset recovery training for analysts', updated_at = now() WHERE id = ${f.projects.fiu}`.execute(use().db);
    await reindex([{ type: "project", recordId: f.projects.fiu }]);
    expect(await ids("recovery")).toEqual([p(f.projects.fiu)]);
    expect(await ids("capacity building")).not.toContain(p(f.projects.fiu));
    const newest = await use().engine.search({ sort: "newest" });
    expect(newest.hits[0].id).toBe(p(f.projects.fiu));
  });

  it("deletes records, from the engine and when they are gone from the database", async () => {
    await use().engine.delete([{ type: "project", recordId: f.projects.precursor }]);
    expect(await ids("precursor")).not.toContain(p(f.projects.precursor));
    await sql`DELETE FROM needs WHERE id = ${f.needs.dogs}`.execute(use().db);
    await reindex([{ type: "need", recordId: f.needs.dogs }]);
    expect(await ids("dogs")).toEqual([]);
    expect((await use().engine.search({})).total).toBe(4);
  });
}
