import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { GENERATED_TYPES_PATH, generateDatabaseTypes } from "../../db/codegen";
import { describeEachDatabase } from "../support/database";

// The runtime half of the schema check (the compile-time half is db/schema-parity.ts): the checked-in
// generated types are what kysely-codegen reads from a database the migrations just built. After a new
// migration, `npm run db:types` rewrites the file.
describeEachDatabase("database types", (use) => {
  it("db/tables/generated.ts is what the migrations create (else: npm run db:types)", async () => {
    const generated = await generateDatabaseTypes(use().db);
    expect(generated).toBe(readFileSync(GENERATED_TYPES_PATH, "utf8"));
  });
});
