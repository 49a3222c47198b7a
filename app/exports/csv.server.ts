import { stringify } from "csv-stringify/sync";

// The one CSV writer of ADAM, on csv-stringify: RFC 4180 quoting, CRLF line ends, UTF-8 with a
// byte-order mark (so that Excel opens Cyrillic correctly), and the OWASP defence against formula
// injection. Whether a cell is a number is decided by its column's type, never guessed from its text:
// "-12.50" in a money column stays a number, "-1+1" in a text column is neutralised.

/** `number`: amounts, ids and counts we write ourselves; `date`: ISO 8601 dates and times; `text`: anything else. */
export type CellKind = "text" | "number" | "date";
export type Cell = string | number | bigint | boolean | null | undefined;

export const BOM = "\uFEFF";
export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

// OWASP: a cell starting with one of these is run as a formula by spreadsheets.
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)?$/;

/** The OWASP neutralisation: a leading single quote makes the spreadsheet read the cell as text. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The text of one cell. A number or date column keeps its value as is only when it really is one;
 * anything else that reaches such a column is treated as text (and so neutralised).
 */
export function cellText(value: Cell, kind: CellKind = "text"): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "boolean" ? (value ? "true" : "false") : String(value);
  if (kind === "number" && NUMBER.test(text)) return text;
  if (kind === "date" && ISO_DATE.test(text)) return text;
  return neutralise(text);
}

// csv-stringify quotes a field holding the delimiter or a quote; a lone CR or LF must be quoted too.
const STRINGIFY_OPTIONS = { record_delimiter: "\r\n", quoted_match: /[\r\n]/, eof: true } as const;

/** CSV lines (each ending in CRLF) for rows of cells already made safe by cellText. */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return rows.length ? stringify(rows as string[][], STRINGIFY_OPTIONS) : "";
}

/** One row of typed cells as safe text. */
export function safeRow(cells: readonly Cell[], kinds: readonly CellKind[]): string[] {
  return cells.map((cell, i) => cellText(cell, kinds[i] ?? "text"));
}

/**
 * A whole CSV document with a header row. JavaScript numbers are numbers; a string is text unless
 * its column index is in `numberColumns` (for exact decimals kept as strings).
 */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  options: { numberColumns?: readonly number[] } = {},
): string {
  const numeric = new Set(options.numberColumns ?? []);
  const body = rows.map((row) =>
    row.map((value, i) => {
      const cell = value as Cell;
      const kind: CellKind = typeof cell === "number" || typeof cell === "bigint" || numeric.has(i) ? "number" : "text";
      return cellText(cell, kind);
    }),
  );
  return BOM + csvLines([header.map((h) => cellText(h)), ...body]);
}

const ROWS_PER_CHUNK = 500;
const CHUNK_BYTES = 64 * 1024;

/**
 * A CSV document (byte-order mark, header, rows) as a web stream, written from an async iterator of
 * rows. The stream pulls: a batch of rows is read (and so the next database page asked for) only when
 * the reader wants more, so a slow client holds back the database instead of filling memory.
 * Cancelling stops the iterator.
 */
export function csvStream(
  header: readonly string[],
  kinds: readonly CellKind[],
  rows: AsyncIterable<readonly Cell[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const batch: string[][] = [];
        const first = !started;
        if (first) {
          started = true;
          batch.push(header.map((h) => cellText(h)));
        }
        let done = false;
        while (batch.length < ROWS_PER_CHUNK) {
          const next = await iterator.next();
          if (next.done) {
            done = true;
            break;
          }
          batch.push(safeRow(next.value, kinds));
        }
        const text = (first ? BOM : "") + csvLines(batch);
        if (text) controller.enqueue(encoder.encode(text));
        if (done) controller.close();
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: CHUNK_BYTES, size: (chunk) => chunk.byteLength },
  );
}

/** An attachment response streaming the document (byte-order mark, header, rows). */
export function csvResponse(
  filename: string,
  header: readonly string[],
  kinds: readonly CellKind[],
  rows: AsyncIterable<readonly Cell[]>,
): Response {
  return new Response(csvStream(header, kinds, rows), {
    headers: {
      "Content-Type": CSV_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
