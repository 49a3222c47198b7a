import type { Kysely } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { buildSearchDocuments } from "../../search/documents.server";
import type { SearchEngine, SearchRef } from "../../search/engine";
import corpus from "../fixtures/search-relevance/corpus.json";
import judged from "../fixtures/search-relevance/queries.json";
import { makeNeed, makeOrganization, makeProject } from "./factories";

// The relevance test set: judged queries over a fixed corpus (tests/fixtures/search-relevance/),
// the same judgments for every engine. Reports recall (of the records that must be found, the
// share found) and how many "must come first" judgments hold; fails below MIN_RECALL.

export const MIN_RECALL = 0.95;
const PAGE = 100;

interface CorpusRecord {
  key: string;
  type: "project" | "need";
  language: "en" | "ru";
  title: string;
  text: string;
  countries: string[];
  capacityArea: string;
}

/** Inserts the corpus as real projects and needs; returns each record's search document id by key. */
async function insertCorpus(db: Kysely<Database>): Promise<Map<string, string>> {
  const tag = `${process.pid}-${Date.now()}`;
  const org = async (kind: "donor_agency" | "beneficiary_agency", name: string) =>
    (await makeOrganization(db, kind, "DEU", { name: `${name} ${tag}`, iatiRef: null })).id;
  const donor = await org("donor_agency", "Relevance donor");
  const agency = await org("beneficiary_agency", "Relevance agency");
  const ids = new Map<string, string>();
  let n = 0;
  for (const r of corpus.records as CorpusRecord[]) {
    const pillar = r.capacityArea.split(".")[0];
    if (r.type === "project") {
      const id = await makeProject(db, {
        organizationId: donor,
        title: r.title,
        summary: r.text,
        start: "2024-01-01",
        currency: "EUR",
        iatiIdentifier: `XM-REL-${tag}-${++n}`,
        language: r.language,
        pillars: [pillar],
        capacityAreas: [r.capacityArea],
        countries: r.countries,
      });
      ids.set(r.key, `project:${id}`);
    } else {
      const id = await makeNeed(db, {
        organizationId: agency,
        country: r.countries[0],
        title: r.title,
        description: r.text,
        pillar,
        capacityArea: r.capacityArea,
        cost: "50000.00",
        language: r.language,
      });
      ids.set(r.key, `need:${id}`);
    }
  }
  return ids;
}

/** Every match's id in order (up to MAX_PAGES pages): a record must be found, wherever it ranks. */
const MAX_PAGES = 4;

export function relevanceSuite(name: string, use: () => { db: Kysely<Database>; engine: SearchEngine }) {
  let ids: Map<string, string>;
  async function everyHit(q: string): Promise<string[]> {
    const out: string[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const result = await use().engine.search({ q, page, pageSize: PAGE });
      out.push(...result.hits.map((h) => h.id));
      if (page >= result.totalPages) break;
    }
    return out;
  }
  beforeAll(async () => {
    const { db, engine } = use();
    ids = await insertCorpus(db);
    await engine.applySettings();
    await engine.clear();
    const refs: SearchRef[] = [...ids.values()].map((id) => ({
      type: id.split(":")[0] as "project" | "need",
      recordId: Number(id.split(":")[1]),
    }));
    for (let i = 0; i < refs.length; i += 100) {
      const { documents } = await buildSearchDocuments(db, refs.slice(i, i + 100));
      await engine.index(documents);
    }
  }, 300_000);

  it(`finds at least ${MIN_RECALL * 100}% of the judged records (${judged.queries.length} queries)`, async () => {
    let wanted = 0;
    let found = 0;
    let firstJudged = 0;
    let firstMet = 0;
    const misses: string[] = [];
    for (const query of judged.queries as Array<{ q: string; kind: string; must: string[]; first?: string }>) {
      const hits = await everyHit(query.q);
      for (const key of query.must) {
        wanted++;
        if (hits.includes(ids.get(key)!)) found++;
        else misses.push(`${query.q} (${query.kind}) missed ${key}`);
      }
      if (query.first) {
        firstJudged++;
        if (hits[0] === ids.get(query.first)) firstMet++;
        else misses.push(`${query.q} (${query.kind}): ${query.first} not first`);
      }
    }
    const recall = found / wanted;
    console.info(
      `[relevance ${name}] recall ${(recall * 100).toFixed(1)}% ` +
        `(${found}/${wanted}), must-come-first met ${firstMet}/${firstJudged} ` +
        `(${((firstMet / firstJudged) * 100).toFixed(0)}%)${misses.length ? `\n  ${misses.join("\n  ")}` : ""}`,
    );
    expect(judged.queries.length).toBeGreaterThanOrEqual(60);
    expect(recall, misses.join("; ")).toBeGreaterThanOrEqual(MIN_RECALL);
  }, 300_000);
}
