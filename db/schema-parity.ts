import type { SelectType } from "kysely";
import type { Database } from "./schema";
import type { DB, JsonValue } from "./tables/generated";

// The compile-time half of the schema check (the other half: tests/integration/db-types.test.ts, which
// holds db/tables/generated.ts equal to what the migrations create). The hand-written `Database` must
// have the generated one's tables and columns, none more, each column nullable exactly when the database
// says so, and a value type the generated one accepts (narrower is fine: a union of statuses for TEXT,
// a JSON document's shape for JSON). When `npx tsc --noEmit` fails here, `Mismatches` names each
// difference as "table.column: what".

type Nullable<T> = null extends T ? true : false;
type Json<T> = [JsonValue] extends [T] ? true : false;

type ColumnMismatch<H, G, Name extends string> =
  Nullable<SelectType<H>> extends Nullable<SelectType<G>>
    ? Json<SelectType<G>> extends true
      ? never
      : [SelectType<H>] extends [SelectType<G>]
        ? never
        : `${Name}: its type is not the database's`
    : `${Name}: nullable in one and not the other`;

type TableMismatch<H, G, Table extends string> =
  | `${Table}.${Exclude<keyof G, keyof H> & string}: missing from the hand-written table`
  | `${Table}.${Exclude<keyof H, keyof G> & string}: not in the database`
  | { [C in keyof G & keyof H & string]: ColumnMismatch<H[C], G[C], `${Table}.${C}`> }[keyof G & keyof H & string];

export type Mismatches =
  | `${Exclude<keyof DB, keyof Database> & string}: table missing from Database (db/schema.ts)`
  | `${Exclude<keyof Database, keyof DB> & string}: table not in the database`
  | { [T in keyof DB & keyof Database & string]: TableMismatch<Database[T], DB[T], T> }[keyof DB &
      keyof Database &
      string];

/** Compiles only when `Mismatches` is `never`. */
export const schemaParity: [Mismatches] extends [never] ? true : Mismatches = true;
