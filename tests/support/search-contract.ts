import { sql, type Kysely } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { buildSearchDocuments } from "../../search/documents.server";
import type { SearchDocument, SearchEngine, SearchFilters, SearchRef } from "../../search/engine";
import { SYNONYM_GROUPS } from "../../search/text";
import { insertSearchFixture, type SearchFixture } from "./search-fixtures";

export interface ContractContext {
  db: Kysely<Database>;
  engine: SearchEngine;
}

/** The fixture's records (filled in before the cases) and the helpers the cases share. */
function contractKit(use: () => ContractContext) {
  const f = {} as SearchFixture;
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

  /** Indexes made-up documents (copies of a fixture record's) for one test, and removes them after it. */
  async function withDocuments(changes: Array<Partial<SearchDocument>>, run: (ids: string[]) => Promise<void>) {
    const { documents } = await buildSearchDocuments(use().db, [{ type: "project", recordId: f.projects.precursor }]);
    const base = documents[0];
    const docs = changes.map((change, i) => {
      const recordId = 900_000 + i;
      return {
        ...base,
        facetText: "",
        countries: [],
        routes: [],
        capacityAreas: [],
        ...change,
        id: p(recordId),
        recordId,
      };
    });
    await use().engine.index(docs);
    try {
      await run(docs.map((d) => d.id));
    } finally {
      await use().engine.delete(docs.map((d) => ({ type: "project" as const, recordId: d.recordId })));
    }
  }
  async function ranked(q: string) {
    return (await use().engine.search({ q, pageSize: 50 })).hits.map((h) => h.id);
  }
  return { use, f, p, n, reindex, ids, withDocuments, ranked };
}

type Kit = ReturnType<typeof contractKit>;

/**
 * The behaviour every search engine must show, on the hand-made records of search-fixtures.ts.
 * Called inside a describe block; `use()` returns a live database and engine. The cases run in
 * the order written, in groups that share the kit above.
 */
export function searchContract(use: () => ContractContext) {
  const kit = contractKit(use);
  const { f, reindex } = kit;

  beforeAll(async () => {
    const { db, engine } = use();
    Object.assign(f, await insertSearchFixture(db));
    await engine.applySettings();
    await engine.clear();
    await reindex([
      ...Object.values(f.projects).map((recordId) => ({ type: "project" as const, recordId })),
      ...Object.values(f.needs).map((recordId) => ({ type: "need" as const, recordId })),
    ]);
  }, 60_000);

  wordCases(kit);
  rankingCases(kit);
  facetNameCases(kit);
  listCases(kit);
  recordCases(kit);
}

/** Finding words: typos, Russian word forms, acronyms. */
function wordCases(kit: Kit) {
  const { f, p, n, ids } = kit;

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

  it("counts typos as Meilisearch does: one from 5 letters, two from 9, none below 5", async () => {
    // bordr (5 letters): one deletion from "border"; also with another word.
    expect(await ids("bordr")).toEqual([p(f.projects.border), n(f.needs.dogs)].sort());
    expect(await ids("bordr training")).toEqual([p(f.projects.border)]);
    // One substitution, the first letter included; one insertion.
    expect(await ids("vorder")).toContain(p(f.projects.border));
    expect(await ids("boarder")).toContain(p(f.projects.border));
    // Two substitutions in a 6-letter word are one typo too many.
    expect(await ids("boxdxr")).toEqual([]);
    // 9 letters and more: two typos (narkotiks ← narcotics).
    expect(await ids("narkotiks")).toContain(p(f.projects.border));
    expect(await ids("narkotiks")).toContain(n(f.needs.dogs));
    // 8 letters: one typo only (precursor → prekursr is two).
    expect(await ids("prekursor")).toContain(p(f.projects.precursor));
    expect(await ids("chemicls")).toContain(p(f.projects.precursor));
    expect(await ids("chemikls")).toEqual([]);
    // Shorter than 5 letters: exact only ("dogs" is there, "dugs" must not find it).
    expect(await ids("dugs")).toEqual([]);
  });

  it("counts a transposition of two neighbours as one typo, in Latin and Cyrillic", async () => {
    expect(await ids("boredr")).toContain(p(f.projects.border));
    expect(await ids("nacrotics")).toContain(p(f.projects.border));
    expect(await ids("таомжни")).toEqual([p(f.projects.customsRu)]);
  });
}

/** Ranking exact matches first, and synonyms. */
function rankingCases(kit: Kit) {
  const { use, f, p, reindex, ids, withDocuments, ranked } = kit;

  it("ranks an exact match above a typo match, wherever each occurs", async () => {
    await withDocuments(
      [
        { title: "Policy dialogue on drug demand", text: "A policy forum for ministries." },
        { title: "Workshop for ministries", text: "Community police officers meet the ministries once a year." },
      ],
      async ([typoInTitle, exactInText]) => {
        const order = await ranked("police");
        expect(order).toContain(typoInTitle);
        expect(order.indexOf(exactInText)).toBeLessThan(order.indexOf(typoInTitle));
        expect(order.indexOf(p(f.projects.border))).toBeLessThan(order.indexOf(typoInTitle));
      },
    );
  });

  it("expands every synonym group of synonyms.json, both ways", async () => {
    for (const group of SYNONYM_GROUPS) {
      await withDocuments(
        group.map((member) => ({
          title: `Programme ${group.indexOf(member) + 1}`,
          text: `Work on ${member} in the region.`,
        })),
        async (docIds) => {
          for (const member of group) {
            const found = await ids(member);
            for (const id of docIds) expect(found, `${member} → ${group[docIds.indexOf(id)]}`).toContain(id);
          }
        },
      );
    }
  }, 120_000);

  it("finds AML/CFT by AML and by ПОД/ФТ (a capacity area's name)", async () => {
    // Capacity area II.5 is "National AML/CFT legislation, expertise and enforcement" («… ПОД/ФТ»).
    const fiu = { type: "project" as const, recordId: f.projects.fiu };
    await sql`INSERT INTO project_capacity_areas (project_id, capacity_area_code)
      VALUES (${f.projects.fiu}, 'II.5')`.execute(use().db);
    await reindex([fiu]);
    try {
      for (const q of ["AML", "AML/CFT", "ПОД/ФТ", "anti-money laundering"])
        expect(await ids(q), q).toContain(p(f.projects.fiu));
    } finally {
      await sql`DELETE FROM project_capacity_areas
        WHERE project_id = ${f.projects.fiu}
        AND capacity_area_code = 'II.5'`.execute(use().db);
      await reindex([fiu]);
    }
  });
}

/** Countries, routes and filters. */
function facetNameCases(kit: Kit) {
  const { use, f, p, n, ids, withDocuments, ranked } = kit;

  it("finds a country's records by its name in English or Russian and its common forms", async () => {
    for (const q of ["Tajikistan", "Таджикистан", "Республика Таджикистан", "Таджикистане"]) {
      const found = await ids(q);
      expect(found, q).toContain(p(f.projects.border));
      expect(found, q).toContain(n(f.needs.dogs));
      expect(found, q).toContain(n(f.needs.labRu));
    }
    for (const q of ["Kyrgyzstan", "Kyrgyz Republic", "Кыргызстан", "Киргизия", "Kirghizia"])
      expect(await ids(q), q).toEqual([p(f.projects.fiu)]);
    for (const q of ["Iran", "Islamic Republic of Iran", "Иран"])
      expect(await ids(q), q).toEqual([p(f.projects.precursor)]);
    for (const q of ["Uzbekistan", "Узбекистан", "Kazakhstan"])
      expect(await ids(q), q).toEqual([p(f.projects.customsRu)]);
    // A country's name with another word: both must match (the facet stands for one word group).
    expect(await ids("Tajikistan dogs")).toEqual([n(f.needs.dogs)]);
  });

  it("finds a route's records by its name in English or Russian", async () => {
    const northern = (await use().engine.search({ filters: { route: ["northern"] }, pageSize: 50 })).hits
      .map((h) => h.id)
      .sort();
    expect(await ids("northern route")).toEqual(northern);
    expect(await ids("северный маршрут")).toEqual(northern);
    expect(await ids("Balkan route")).toEqual([p(f.projects.border), p(f.projects.precursor)].sort());
    expect(await ids("балканский маршрут")).toEqual([p(f.projects.border), p(f.projects.precursor)].sort());
  });

  it("ranks a record's own words above its facets' names", async () => {
    await withDocuments(
      [{ title: "Tajikistan drug control strategy", text: "Review of the strategy." }],
      async ([own]) => {
        expect((await ranked("Tajikistan"))[0]).toBe(own);
      },
    );
  });

  it("applies every filter", async () => {
    expect(await ids("", { type: ["need"] })).toEqual([n(f.needs.dogs), n(f.needs.labRu)].sort());
    expect(await ids("", { pillar: ["II"] })).toEqual([p(f.projects.fiu)]);
    expect(await ids("", { capacityArea: ["III.1"] })).toEqual([p(f.projects.customsRu)]);
    expect(await ids("", { country: ["IRN"] })).toEqual([p(f.projects.precursor)]);
    expect(await ids("", { route: ["balkan"] })).toEqual([p(f.projects.border), p(f.projects.precursor)].sort());
    expect(await ids("", { status: ["pipeline"] })).toEqual([p(f.projects.customsRu)]);
    expect(await ids("", { priority: ["critical"] })).toEqual([n(f.needs.dogs)]);
    expect(await ids("", { organization: [f.orgs.donorB] })).toEqual(
      [p(f.projects.customsRu), p(f.projects.precursor)].sort(),
    );
    // 2019: the FIU project (2018–mid 2019) and the need with no time frame (open on both sides).
    expect(await ids("", { year: 2019 })).toEqual([p(f.projects.fiu), n(f.needs.labRu)].sort());
    // The pipeline project has no end: it runs on indefinitely.
    expect(await ids("", { year: 2031, type: ["project"] })).toEqual([p(f.projects.customsRu)]);
    // Filters combine with AND, values within one filter with OR.
    expect(await ids("narcotics", { type: ["project"], route: ["northern"] })).toEqual([p(f.projects.border)]);
    expect(await ids("", { pillar: ["I", "II"], type: ["project"] })).toEqual(
      [p(f.projects.border), p(f.projects.fiu)].sort(),
    );
  });
}

/** Facet counts and pages. */
function listCases(kit: Kit) {
  const { use, f, p, n } = kit;

  it("counts facets over the whole result set", async () => {
    const all = await use().engine.search({});
    expect(all.total).toBe(6);
    const count = (facet: keyof typeof all.facets, value: string) =>
      all.facets[facet].find((v) => v.value === value)?.count ?? 0;
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
}

/** Whole documents, similar records, edits and deletions. */
function recordCases(kit: Kit) {
  const { use, f, p, n, reindex, ids } = kit;

  it("returns whole documents and highlights matches as safe HTML", async () => {
    const result = await use().engine.search({ q: "narcotics", filters: { type: ["project"] } });
    const hit = result.hits.find((h) => h.id === p(f.projects.border))!;
    expect(hit.highlight.title).toMatch(/<mark>narcotics<\/mark>/i);
    expect(hit.highlight.snippet).toMatch(/<mark>narcotics<\/mark>/i);
    expect(hit.document).toMatchObject({
      type: "project",
      recordId: f.projects.border,
      language: "en",
      countries: ["AFG", "TJK"],
      routes: ["balkan", "northern", "southern"],
      pillars: ["I"],
      capacityAreas: ["I.3"],
      status: "active",
      organizationId: f.orgs.donorA,
      startYear: 2020,
      endYear: 2022,
      amount: "1500000.50",
      currency: "EUR",
    });
    const precursor = (await use().engine.search({ q: "precursor" })).hits.find(
      (h) => h.id === p(f.projects.precursor),
    )!;
    expect(precursor.highlight.title).toContain("&amp; &lt;lab&gt;");
    expect(precursor.highlight.title).not.toContain("<lab>");
  });

  it("finds similar records, never the record itself", async () => {
    const like = await use().engine.similar({ type: "project", recordId: f.projects.border }, { limit: 3 });
    expect(like.map((h) => h.id)).not.toContain(p(f.projects.border));
    expect(like[0]?.id).toBe(n(f.needs.dogs));
    const needsOnly = await use().engine.similar(
      { type: "project", recordId: f.projects.border },
      { filters: { type: ["project"] } },
    );
    expect(needsOnly.every((h) => h.type === "project")).toBe(true);
    const byText = await use().engine.similar({ text: "money laundering and illicit financial flows" }, { limit: 3 });
    expect(byText[0]?.id).toBe(p(f.projects.fiu));
  });

  it("re-indexes a record after an edit", async () => {
    await sql`UPDATE projects
      SET title = 'Asset recovery training for analysts', updated_at = now()
      WHERE id = ${f.projects.fiu}`.execute(use().db);
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
