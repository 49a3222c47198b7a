import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";

/**
 * The one way ADAM writes in a transaction. Runs `fn` in a transaction, or in the caller's when `db`
 * already is one, so that domain functions compose (e.g. a route that creates a draft and issues it at
 * once, all or nothing). Inside a caller's transaction a refusal may come after some writes: the caller
 * must then roll back, not commit. Outside one, it is `db.transaction().execute(fn)`.
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}
