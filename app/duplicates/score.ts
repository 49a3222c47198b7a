// How alike two projects are, and why: the duplication rule's home (app/README.md, "Rules index").
// Two projects are candidates when they share a beneficiary country and a pillar (or capacity
// area), their periods overlap (both ends included; no end = runs on indefinitely) and their texts
// are similar. The SQL that finds candidates for speed (candidates.server.ts: structuralCandidates;
// detect-many-facts.server.ts: candidatesOf) and the rescan's bit sets
// (rescan-compare.server.ts: similarPairsOf) repeat the structural half;
// tests/integration/duplicates-rescan.test.ts and iati-import.test.ts hold them to scanning one
// project at a time.

/** Trigram similarity of "title summary" at or above which texts count as similar. */
export const TEXT_SIMILARITY_THRESHOLD = 0.3;
/** Below this similarity between a decided text and the current one, the text changed materially. */
export const MATERIAL_TEXT_SIMILARITY = 0.8;

export interface PairFacts {
  textSimilarity: number;
  sharedCountries: string[];
  countriesA: number;
  countriesB: number;
  sharedPillars: string[];
  sharedAreas: string[];
  pillarsAndAreasA: number;
  pillarsAndAreasB: number;
  overlapFrom: string;
  /** null: both run on indefinitely. */
  overlapTo: string | null;
}

export interface PairReasons {
  textSimilarity: number;
  sharedCountries: string[];
  sharedPillars: string[];
  sharedAreas: string[];
  overlap: { from: string; to: string | null };
}

function jaccard(shared: number, a: number, b: number): number {
  const union = a + b - shared;
  return union > 0 ? shared / union : 0;
}

export function isCandidate(facts: PairFacts): boolean {
  return (
    facts.sharedCountries.length > 0 &&
    (facts.sharedPillars.length > 0 || facts.sharedAreas.length > 0) &&
    facts.textSimilarity >= TEXT_SIMILARITY_THRESHOLD
  );
}

/**
 * A score between 0 and 1: text similarity weighs most (60 %), then how much of their countries
 * (20 %) and of their pillars and capacity areas (20 %) the two projects share.
 */
export function pairScore(facts: {
  textSimilarity: number;
  sharedCountries: number;
  countriesA: number;
  countriesB: number;
  sharedThemes: number;
  themesA: number;
  themesB: number;
}): number {
  const countries = jaccard(facts.sharedCountries, facts.countriesA, facts.countriesB);
  const themes = jaccard(facts.sharedThemes, facts.themesA, facts.themesB);
  return Math.min(1, Math.round((0.6 * facts.textSimilarity + 0.2 * countries + 0.2 * themes) * 10000) / 10000);
}

/** The text similarity as the reasons show it (two decimals). */
export const shownSimilarity = (textSimilarity: number) => Math.round(textSimilarity * 100) / 100;

export function scorePair(facts: PairFacts): { score: number; reasons: PairReasons } {
  const score = pairScore({
    textSimilarity: facts.textSimilarity,
    sharedCountries: facts.sharedCountries.length,
    countriesA: facts.countriesA,
    countriesB: facts.countriesB,
    sharedThemes: facts.sharedPillars.length + facts.sharedAreas.length,
    themesA: facts.pillarsAndAreasA,
    themesB: facts.pillarsAndAreasB,
  });
  return {
    score,
    reasons: {
      textSimilarity: shownSimilarity(facts.textSimilarity),
      sharedCountries: facts.sharedCountries,
      sharedPillars: facts.sharedPillars,
      sharedAreas: facts.sharedAreas,
      overlap: { from: facts.overlapFrom, to: facts.overlapTo },
    },
  };
}

/**
 * The reasons exactly as PostgreSQL prints them as jsonb (keys ordered by length then bytes, ", "
 * and ": " between items), so that what a rescan computes can be compared with what is stored.
 */
export function reasonsAsJsonbText(r: PairReasons): string {
  const list = (codes: string[]) => `[${codes.map((c) => JSON.stringify(c)).join(", ")}]`;
  return (
    `{"overlap": {"to": ${JSON.stringify(r.overlap.to)}, "from": ${JSON.stringify(r.overlap.from)}}, ` +
    `"sharedAreas": ${list(r.sharedAreas)}, ` +
    `"sharedPillars": ${list(r.sharedPillars)}, "textSimilarity": ${r.textSimilarity}, ` +
    `"sharedCountries": ${list(r.sharedCountries)}}`
  );
}

/** What a project looked like when a pair was decided. */
export interface ProjectSnapshot {
  countries: string[];
  pillars: string[];
  areas: string[];
  start: string;
  end: string | null;
  text: string;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Whether anything but the text changed (the text is compared by similarity, in SQL). */
export function structureChanged(before: ProjectSnapshot, now: ProjectSnapshot): boolean {
  return (
    !sameList(before.countries, now.countries) ||
    !sameList(before.pillars, now.pillars) ||
    !sameList(before.areas, now.areas) ||
    before.start !== now.start ||
    before.end !== now.end
  );
}
