import type { ColumnType } from "kysely";

// Column types shared by the tables: how PostgreSQL values come back through node-postgres.

/** NUMERIC comes back as a string (never a float); it may be written as a string or number. */
export type Decimal = ColumnType<string, string | number, string | number>;

/** DATE comes back as "YYYY-MM-DD". */
export type DateString = ColumnType<string, string, string>;

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
