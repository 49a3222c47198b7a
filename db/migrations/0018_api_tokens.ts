import { sql, type Kysely } from "kysely";

// Frozen in time: personal API tokens (app/accounts/api-tokens.server.ts). A token is shown to its
// owner once; only its SHA-256 is kept, so a leaked table does not leak tokens.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`char_length(name) BETWEEN 1 AND 100`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    // The first characters of the token, shown in the list so its owner can tell tokens apart.
    .addColumn("hint", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  // The profile lists a user's tokens; the unique index on token_hash serves the lookup per request.
  await db.schema.createIndex("api_tokens_user_idx").on("api_tokens").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_tokens").ifExists().execute();
}
