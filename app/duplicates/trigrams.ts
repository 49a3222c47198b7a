// pg_trgm's similarity() on stored trigram sets (0009_duplicate_speed: project_dup_trigrams). A set
// is stored as its sorted 3-byte trigrams, read from show_trgm by PostgreSQL itself; here it is only
// decoded and intersected. similarity = shared / (|A| + |B| - shared), in single precision as in
// pg_trgm (cnt_sml: (float4) count / (float4) (len1 + len2 - count)).

/** The trigrams of a stored set, ascending. */
export function decodeTrigrams(bytes: Uint8Array): Int32Array {
  const n = Math.floor(bytes.length / 3);
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < n; i++, k += 3) out[i] = (bytes[k] << 16) | (bytes[k + 1] << 8) | bytes[k + 2];
  return out;
}

/** pg_trgm's similarity of two counts, as PostgreSQL computes it (float4), widened to a double. */
export function similarityOf(shared: number, lenA: number, lenB: number): number {
  if (lenA <= 0 || lenB <= 0) return 0;
  return Math.fround(Math.fround(shared) / Math.fround(lenA + lenB - shared));
}

/**
 * Fewest shared trigrams that could reach `threshold`, minus a margin so that single-precision
 * rounding can never make a pair below it pass (the exact value decides; this only stops early).
 */
export function sharedNeeded(lenA: number, lenB: number, threshold: number): number {
  return Math.floor((threshold * (lenA + lenB)) / (1 + threshold)) - 1;
}

/**
 * pg_trgm's similarity of two sorted sets when it is at least `threshold`, else -1 (stops counting
 * once out of reach).
 */
export function similarityAtLeast(a: Int32Array, b: Int32Array, threshold: number): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return threshold <= 0 ? 0 : -1;
  const needed = sharedNeeded(la, lb, threshold);
  if (needed > Math.min(la, lb)) return -1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < la && j < lb) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      shared++;
      i++;
      j++;
    } else {
      if (x < y) i++;
      else j++;
      if (shared + Math.min(la - i, lb - j) < needed) return -1;
    }
  }
  const s = similarityOf(shared, la, lb);
  return s >= threshold ? s : -1;
}

/** pg_trgm's similarity of two sorted sets. */
export function trigramSimilarity(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return similarityOf(shared, a.length, b.length);
}
