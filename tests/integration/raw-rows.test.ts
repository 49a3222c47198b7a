import { sql } from "kysely";
import { expect, it } from "vitest";
import { z } from "zod";
import { column, rawRows, RowShapeError } from "../../db/rows";
import { describeEachDatabase } from "../support/database";

// db/rows.ts's column kinds are what the driver returns for each PostgreSQL type, on PGlite and on the
// server alike (db/client.ts pins the parsers); a row that differs fails with the query's name, the
// row and the column.
describeEachDatabase("raw rows checked against their schema", (use) => {
  it("each column kind accepts what the database returns for its type", async () => {
    const Row = z.strictObject({
      int: column.int,
      bigint: column.bigint,
      count: column.bigint,
      numeric: column.numeric,
      float: column.float,
      text: column.text,
      bool: column.bool,
      date: column.date,
      timestamp: column.timestamp,
      bytea: column.bytea,
      textArray: column.textArray,
      intArray: column.intArray,
      projectStatus: column.projectStatus,
    });
    const rows = await rawRows(
      use().db,
      "test.kinds",
      Row,
      sql`SELECT 7::int AS int, 9007199254740993::int8 AS bigint, count(*) AS count, 12.50::numeric(18, 2) AS numeric,
                 0.25::float8 AS float, 'Кыргызстан' AS text, TRUE AS bool, '2026-12-02'::date AS date,
                 now() AS timestamp, '\\x0102'::bytea AS bytea, ARRAY['AFG', 'IRN'] AS "textArray",
                 ARRAY[1, 2] AS "intArray", 'active' AS "projectStatus"
          FROM generate_series(1, 3)`,
    );
    expect(rows).toEqual([
      {
        int: 7,
        bigint: "9007199254740993",
        count: "3",
        numeric: "12.50",
        float: 0.25,
        text: "Кыргызстан",
        bool: true,
        date: "2026-12-02",
        timestamp: expect.any(Date),
        bytea: Buffer.from([1, 2]),
        textArray: ["AFG", "IRN"],
        intArray: [1, 2],
        projectStatus: "active",
      },
    ]);
  });

  it("a row of another shape fails, naming the query, the row and the column", async () => {
    const Row = z.object({ n: column.int, label: column.text });
    const query = sql`SELECT n, CASE WHEN n = 2 THEN NULL ELSE 'x' END AS label FROM generate_series(1, 3) AS n`;
    const failure = await rawRows(use().db, "test.nullLabel", Row, query).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RowShapeError);
    expect((failure as RowShapeError).query).toBe("test.nullLabel");
    expect((failure as RowShapeError).rowIndex).toBe(1);
    expect((failure as Error).message).toMatch(/^Raw query test\.nullLabel: row 1 .*\(label: /);
  });

  it("a count read as a number, a date read as a Date, an unknown status: each refused", async () => {
    const refused = (row: z.ZodType, query: ReturnType<typeof sql>) =>
      rawRows(use().db, "test.refused", row, query).then(
        () => "accepted",
        (error: unknown) => (error instanceof RowShapeError ? "refused" : String(error)),
      );
    expect(await refused(z.object({ c: column.int }), sql`SELECT count(*) AS c`)).toBe("refused");
    expect(await refused(z.object({ d: column.timestamp }), sql`SELECT '2026-12-02'::date AS d`)).toBe("refused");
    expect(await refused(z.object({ s: column.projectStatus }), sql`SELECT 'paused' AS s`)).toBe("refused");
    expect(await refused(z.object({ s: column.projectStatus }), sql`SELECT 'pipeline' AS s`)).toBe("accepted");
  });
});
