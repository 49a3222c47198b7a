import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { BOM, cellText, csvResponse, csvStream, neutralise, toCsv, type Cell } from "~/exports/csv.server";
import { toCsv as legacyToCsv } from "~/utils/csv";

// The CSV writer: formula neutralisation decided by column type, RFC 4180 quoting, CRLF, the BOM,
// and a stream that reads its source only as fast as its reader.

const FORMULAS = ["=1+1", "+1", "-1+1", "@x", "\tx", "\rx"];

// Response.text() would drop the byte-order mark: decode keeping it.
async function readAll(body: ReadableStream<Uint8Array> | Response): Promise<string> {
  const bytes = await (body instanceof Response ? body : new Response(body)).arrayBuffer();
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

describe("formula injection (OWASP)", () => {
  it("neutralises a text cell starting with =, +, -, @, a tab or a carriage return", () => {
    for (const text of FORMULAS) expect(cellText(text)).toBe(`'${text}`);
    expect(neutralise("plain")).toBe("plain");
    expect(cellText("a=b")).toBe("a=b");
  });

  it("keeps real numbers of number columns, and neutralises anything else that reaches them", () => {
    expect(cellText("-12.50", "number")).toBe("-12.50");
    expect(cellText(-3, "number")).toBe("-3");
    expect(cellText("0.3333", "number")).toBe("0.3333");
    expect(cellText("-1+1", "number")).toBe("'-1+1");
    expect(cellText("=1+1", "number")).toBe("'=1+1");
    // The same text in a text column is not a number we wrote: neutralised.
    expect(cellText("-12.50", "text")).toBe("'-12.50");
  });

  it("keeps ISO dates of date columns and neutralises a formula posing as one", () => {
    expect(cellText("2026-01-31", "date")).toBe("2026-01-31");
    expect(cellText("2026-01-31T10:00:00Z", "date")).toBe("2026-01-31T10:00:00Z");
    expect(cellText("=NOW()", "date")).toBe("'=NOW()");
  });

  it("writes empty cells for null and undefined", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(undefined, "number")).toBe("");
  });
});

describe("toCsv", () => {
  it("starts with a byte-order mark, ends lines with CRLF and quotes as RFC 4180 says", () => {
    const csv = toCsv(
      ["name", "note"],
      [
        ["a,b", 'say "hi"'],
        ["line\nbreak", "cr\ronly"],
        ["Таджикистан", ""],
      ],
    );
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}name,note\r\n"a,b","say ""hi"""\r\n"line\nbreak","cr\ronly"\r\nТаджикистан,\r\n`);
  });

  it("round-trips through a CSV parser, every injection neutralised", () => {
    const rows = FORMULAS.map((f, i) => [i, f]);
    const parsed = parse(toCsv(["n", "text"], rows), { bom: true, relax_quotes: false }) as string[][];
    expect(parsed[0]).toEqual(["n", "text"]);
    expect(parsed.slice(1)).toEqual(FORMULAS.map((f, i) => [String(i), `'${f}`]));
  });

  it("reads JavaScript numbers as numbers and decimal strings as numbers only in numberColumns", () => {
    expect(toCsv(["a", "b"], [[-5, "-12.50"]])).toBe(`${BOM}a,b\r\n-5,'-12.50\r\n`);
    expect(toCsv(["a", "b"], [[-5, "-12.50"]], { numberColumns: [1] })).toBe(`${BOM}a,b\r\n-5,-12.50\r\n`);
  });

  it("is still what app/utils/csv.ts exports, with the same signature", () => {
    expect(legacyToCsv(["x"], [["=1+1"]])).toBe(`${BOM}x\r\n'=1+1\r\n`);
  });
});

describe("csvStream", () => {
  async function* rowsOf(rows: Cell[][]): AsyncGenerator<Cell[]> {
    for (const row of rows) yield row;
  }

  it("streams the BOM, the header and typed rows", async () => {
    const text = await readAll(
      csvStream(
        ["id", "title", "amount"],
        ["number", "text", "number"],
        rowsOf([
          [1, "-1+1", "-12.50"],
          [2, "\tx", "3"],
        ]),
      ),
    );
    expect(text).toBe(`${BOM}id,title,amount\r\n1,'-1+1,-12.50\r\n2,'\tx,3\r\n`);
  });

  it("writes only the header for an empty source", async () => {
    expect(await readAll(csvStream(["id"], ["number"], rowsOf([])))).toBe(`${BOM}id\r\n`);
  });

  it("reads an endless source only as far as its reader asks (back-pressure), and stops it on cancel", async () => {
    let produced = 0;
    let stopped = false;
    async function* endless(): AsyncGenerator<Cell[]> {
      try {
        for (;;) {
          produced += 1;
          yield [produced, "some text for the row"];
        }
      } finally {
        stopped = true;
      }
    }
    const reader = csvStream(["id", "text"], ["number", "text"], endless()).getReader();
    const first = await reader.read();
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(first.value).startsWith(`${BOM}id,text\r\n1,`)).toBe(
      true,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterWaiting = produced;
    // The queue holds about 64 KB: a few thousand short rows, never the endless rest.
    expect(afterWaiting).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBe(afterWaiting);
    await reader.cancel();
    expect(stopped).toBe(true);
  });

  it("answers as an attachment with the CSV type and no caching", async () => {
    const response = csvResponse("adam-test-2026-01-01.csv", ["id"], ["number"], rowsOf([[1]]));
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="adam-test-2026-01-01.csv"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await readAll(response)).toBe(`${BOM}id\r\n1\r\n`);
  });
});
