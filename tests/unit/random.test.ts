import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../db/demo/random";

describe("SeededRandom", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const value of seqA) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it("samples distinct items within bounds", () => {
    const r = new SeededRandom(7);
    const items = ["a", "b", "c", "d"];
    const sample = r.sample(items, 3);
    expect(new Set(sample).size).toBe(3);
    expect(r.sample(items, 10)).toHaveLength(4);
    for (let i = 0; i < 100; i++) {
      const n = r.int(2, 5);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(5);
    }
  });
});
