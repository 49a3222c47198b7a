import type { QueryExecutorProvider, RawBuilder } from "kysely";
import { z } from "zod";
import { PRIORITIES, NEED_STATUSES, PROJECT_STATUSES, MATCH_STATUSES } from "./values";

// Raw SQL's rows, checked (record D7 in db/README.md). A query Kysely's builder cannot write (a CTE
// over derived tables, a window, a trigram call) is `sql` text; its rows come back as whatever the
// driver made of them. Instead of asserting their shape with `sql<Row>`, a raw query declares its row
// as a zod schema built from the column kinds below, and `rawRows` checks every row against it: a
// renamed column, a count that became a string, a NULL where none was expected fail at once, with
// the query's name and the column, on PGlite and on PostgreSQL alike. The row type is the schema's
// (`z.infer`), so the type and the check cannot disagree.
//
// The schemas check, they do not convert: rows are returned as they arrived (a check costs about
// 0.3 µs a row; the largest raw read, the in-memory search index's load, reads 100,000 rows).

/** What node-postgres returns for each PostgreSQL type, with the parsers db/client.ts pins. */
export const column = {
  /** int2, int4, and any `::int`: a JavaScript number. */
  int: z.number().int(),
  /** int8 and count(*), sum(int): a string of digits (never a float: db/client.ts). */
  bigint: z.string().regex(/^-?\d+$/, "int8 text"),
  /** NUMERIC: a decimal string (money). */
  numeric: z.string().regex(/^-?\d+(\.\d+)?$/, "numeric text"),
  /** float4, float8, real: a number. */
  float: z.number(),
  text: z.string(),
  bool: z.boolean(),
  /** DATE: ISO text (YYYY-MM-DD), never a Date: a calendar day has no time zone. */
  date: z.iso.date(),
  /** TIMESTAMPTZ: a Date. */
  timestamp: z.date(),
  /** BYTEA: a Buffer. */
  bytea: z.instanceof(Buffer),
  textArray: z.array(z.string()),
  intArray: z.array(z.number().int()),
  projectStatus: z.enum(PROJECT_STATUSES),
  needStatus: z.enum(NEED_STATUSES),
  matchStatus: z.enum(MATCH_STATUSES),
  priority: z.enum(PRIORITIES),
};

/** A raw query's rows that do not have the shape its schema says: a defect of ours, never the user's. */
export class RowShapeError extends Error {
  constructor(
    readonly query: string,
    readonly rowIndex: number,
    issues: readonly z.core.$ZodIssue[],
  ) {
    const where = issues.map((i) => `${i.path.join(".") || "(row)"}: ${i.message}`).join("; ");
    super(`Raw query ${query}: row ${rowIndex} does not match its schema (${where})`);
    this.name = "RowShapeError";
  }
}

/**
 * Runs a raw query and checks each row against `row`. `name` says which query in the error
 * (`"gaps.needSide"`: module and function).
 */
export async function rawRows<Row extends z.ZodType>(
  db: QueryExecutorProvider,
  name: string,
  row: Row,
  query: RawBuilder<unknown>,
): Promise<z.infer<Row>[]> {
  const { rows } = await query.execute(db);
  return checkRows(name, row, rows);
}

/** The check alone, for rows read another way (a cursor, a stream, a pglite query). */
export function checkRows<Row extends z.ZodType>(name: string, row: Row, rows: readonly unknown[]): z.infer<Row>[] {
  for (let i = 0; i < rows.length; i++) {
    const checked = row.safeParse(rows[i]);
    if (!checked.success) throw new RowShapeError(name, i, checked.error.issues);
  }
  return rows as z.infer<Row>[];
}
