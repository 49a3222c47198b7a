import { describe, expect, it } from "vitest";
import { lexemeInfo } from "../../search/memory-index";
import { parseTsVector } from "../../search/memory-sync";
import { parseTsQuery, phraseNodes, tsNodeKey } from "../../search/tsquery";

// The text forms PostgreSQL prints for tsquery and tsvector, as the in-memory index reads them.

describe("parseTsQuery", () => {
  it("reads lexemes, prefixes and weights, with & binding tighter than |", () => {
    expect(parseTsQuery("'border' | 'train' & 'training':*")).toEqual({
      op: "or",
      args: [
        { op: "lexeme", lexeme: "border", prefix: false, weights: "" },
        {
          op: "and",
          args: [
            { op: "lexeme", lexeme: "train", prefix: false, weights: "" },
            { op: "lexeme", lexeme: "training", prefix: true, weights: "" },
          ],
        },
      ],
    });
    expect(parseTsQuery("'a':*AB")).toEqual({ op: "lexeme", lexeme: "a", prefix: true, weights: "AB" });
  });

  it("keeps parentheses, phrases (tighter than &) and negation", () => {
    const tree = parseTsQuery("( 'financi' <-> 'intellig' <-> 'unit' | 'fiu' ) & !'x' & 'a' <2> 'b'");
    expect(tree && tsNodeKey(tree)).toBe(
      "((((('financi' <1> 'intellig') <1> 'unit') | 'fiu') & !('x')) & ('a' <2> 'b'))",
    );
    expect(tree && phraseNodes(tree).map(tsNodeKey)).toEqual([
      "(('financi' <1> 'intellig') <1> 'unit')",
      "('a' <2> 'b')",
    ]);
  });

  it("reads doubled quotes and backslashes inside a lexeme, and writes them back doubled", () => {
    const tree = parseTsQuery("'it''s' & 'a\\\\b'");
    expect(tree).toEqual({
      op: "and",
      args: [
        { op: "lexeme", lexeme: "it's", prefix: false, weights: "" },
        { op: "lexeme", lexeme: "a\\b", prefix: false, weights: "" },
      ],
    });
    expect(tree && tsNodeKey(tree)).toBe("('it''s' & 'a\\\\b')");
  });

  it("returns null for an empty query and refuses malformed text", () => {
    expect(parseTsQuery("")).toBeNull();
    expect(() => parseTsQuery("'open")).toThrow();
    expect(() => parseTsQuery("'a' &")).toThrow();
    expect(() => parseTsQuery("( 'a'")).toThrow();
  });
});

describe("parseTsVector", () => {
  it("keeps each lexeme's strongest weight and its number of positions", () => {
    expect(parseTsVector("'border':3A,15C 'it''s':2 'police':4B,5,9C")).toEqual([
      ["border", lexemeInfo(3, 2)],
      ["it's", lexemeInfo(0, 1)],
      ["police", lexemeInfo(2, 3)],
    ]);
  });

  it("caps repetitions and reads lexemes without positions", () => {
    const many = Array.from({ length: 40 }, (_, i) => `${i + 1}C`).join(",");
    expect(parseTsVector(`'word':${many} 'bare'`)).toEqual([
      ["word", lexemeInfo(1, 31)],
      ["bare", lexemeInfo(0, 1)],
    ]);
  });
});
