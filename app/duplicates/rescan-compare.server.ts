// The full rescan's comparison, in memory, on the projects as ./rescan-load.server.ts holds them:
// the projects of each country that share a pillar or capacity area and whose periods overlap are
// paired, and their shared trigrams counted (exactly pg_trgm's similarity, see trigrams.ts); each
// similar pair is then scored as scorePair would score it, from the bit sets.
import type { Projects } from "./rescan-load.server";
import { pairScore, reasonsAsJsonbText, shownSimilarity, TEXT_SIMILARITY_THRESHOLD } from "./score";
import { sharedNeeded, similarityOf } from "./trigrams";

/** A growable list of similar pairs (project indexes and similarity). */
export class PairList {
  i = new Int32Array(1 << 16);
  j = new Int32Array(1 << 16);
  s = new Float64Array(1 << 16);
  length = 0;
  push(i: number, j: number, s: number) {
    if (this.length === this.i.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.i = grow(this.i);
      this.j = grow(this.j);
      this.s = grow(this.s);
    }
    this.i[this.length] = i;
    this.j[this.length] = j;
    this.s[this.length] = s;
    this.length++;
  }
}

/**
 * The pairs of one block row: project `i` against the later projects of country `country` (block
 * position `from` on), each pair counted in the first country the two share. A copy, on bit sets,
 * of the structural half of isCandidate (./score.ts, the rule's home) and of pg_trgm's similarity.
 */
export function similarPairsOf(
  P: Projects,
  country: number,
  block: Int32Array,
  from: number,
  member: Uint8Array,
  out: PairList,
) {
  const { cw, cmask, tw, tmask, start, end, len, fw, bits, off, tri } = P;
  const i = block[from];
  const cWord = country >>> 5;
  const below = (1 << (country & 31)) - 1;
  const la = len[i];
  if (la === 0) return;
  const aFrom = off[i];
  const aRare = off[i + 1] - aFrom;
  for (let k = aFrom; k < aFrom + aRare; k++) member[tri[k]] = 1;
  const aBits = i * fw;
  const si = start[i];
  const ei = end[i];
  for (let x = from + 1; x < block.length; x++) {
    const j = block[x];
    // Periods overlap, both ends included.
    if (start[j] > ei || end[j] < si) continue;
    // A shared pillar or capacity area.
    let themes = 0;
    for (let w = 0; w < tw; w++) themes |= tmask[i * tw + w] & tmask[j * tw + w];
    if (themes === 0) continue;
    // Not already counted in an earlier shared country.
    let earlier = (cmask[i * cw + cWord] & cmask[j * cw + cWord] & below) !== 0;
    for (let w = 0; w < cWord && !earlier; w++) earlier = (cmask[i * cw + w] & cmask[j * cw + w]) !== 0;
    if (earlier) continue;
    const lb = len[j];
    const needed = sharedNeeded(la, lb, TEXT_SIMILARITY_THRESHOLD);
    if (lb === 0 || needed > la || needed > lb) continue;
    // Shared frequent trigrams: a popcount of the two bit sets.
    let shared = 0;
    const bBits = j * fw;
    for (let w = 0; w < fw; w++) {
      let v = bits[aBits + w] & bits[bBits + w];
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      shared += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    // Shared rare ones, stopping once the threshold is out of reach.
    const bFrom = off[j];
    const bEnd = off[j + 1];
    if (shared + Math.min(aRare, bEnd - bFrom) < needed) continue;
    let y = bFrom;
    while (y < bEnd) {
      const stop = y + 32 < bEnd ? y + 32 : bEnd;
      for (; y < stop; y++) shared += member[tri[y]];
      if (shared + (bEnd - y) < needed) break;
    }
    if (y < bEnd) continue;
    const s = similarityOf(shared, la, lb);
    if (s >= TEXT_SIMILARITY_THRESHOLD) out.push(i, j, s);
  }
  for (let k = aFrom; k < aFrom + aRare; k++) member[tri[k]] = 0;
}

/** The codes of the bits two bit sets share, in bit order, split at bit `split`. */
function sharedCodes(
  a: Uint32Array,
  ai: number,
  b: Uint32Array,
  bi: number,
  words: number,
  codes: string[],
  split: number,
  low: string[],
  high: string[],
) {
  for (let w = 0; w < words; w++) {
    for (let v = a[ai + w] & b[bi + w]; v !== 0; v &= v - 1) {
      const bit = w * 32 + 31 - Math.clz32(v & -v);
      (bit < split ? low : high).push(codes[bit]);
    }
  }
}

/**
 * The score and the reasons (as jsonb text) that scorePair gives a similar pair, made from the bit
 * sets rather than from lists (a full rescan makes millions); null when the pair does not qualify.
 */
export function scoredPair(
  P: Projects,
  i: number,
  j: number,
  textSimilarity: number,
): { score: string; reasons: string } | null {
  if (textSimilarity < TEXT_SIMILARITY_THRESHOLD) return null;
  const countries: string[] = [];
  sharedCodes(P.cmask, i * P.cw, P.cmask, j * P.cw, P.cw, P.countryCodes, Infinity, countries, countries);
  const pillars: string[] = [];
  const areas: string[] = [];
  sharedCodes(P.tmask, i * P.tw, P.tmask, j * P.tw, P.tw, P.themeCodes, P.pillarBits, pillars, areas);
  if (countries.length === 0 || pillars.length + areas.length === 0) return null;
  const score = pairScore({
    textSimilarity,
    sharedCountries: countries.length,
    countriesA: P.countryCount[i],
    countriesB: P.countryCount[j],
    sharedThemes: pillars.length + areas.length,
    themesA: P.themeCount[i],
    themesB: P.themeCount[j],
  });
  const si = P.startText[i];
  const sj = P.startText[j];
  const ei = P.endText[i];
  const ej = P.endText[j];
  const from = si > sj ? si : sj;
  const to = ei === null && ej === null ? null : ei === null ? ej : ej === null ? ei : ei < ej ? ei : ej;
  // In PostgreSQL's own text for this jsonb, so that a stored pair's md5(reasons::text) tells
  // whether the reasons changed (see loadExistingPairs).
  const reasons = reasonsAsJsonbText({
    textSimilarity: shownSimilarity(textSimilarity),
    sharedCountries: countries,
    sharedPillars: pillars,
    sharedAreas: areas,
    overlap: { from, to },
  });
  return { score: score.toFixed(4), reasons };
}
