import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { GENERATED_TYPES_PATH, generateDatabaseTypes } from "../../db/codegen";
import {
  MATCH_STATUSES,
  NEED_STATUSES,
  PILLAR_CODES,
  PRIORITIES,
  PROJECT_STATUSES,
  ROUTE_CODES,
} from "../../db/values";
import { describeEachDatabase } from "../support/database";

// The runtime half of the schema check (the compile-time half is db/schema-parity.ts): the checked-in
// generated types are what kysely-codegen reads from a database the migrations just built. After a new
// migration, `npm run db:types` rewrites the file. The value lists of db/values.ts are the database's.
describeEachDatabase("database types", (use) => {
  it("db/tables/generated.ts is what the migrations create (else: npm run db:types)", async () => {
    const generated = await generateDatabaseTypes(use().db);
    expect(generated).toBe(readFileSync(GENERATED_TYPES_PATH, "utf8"));
  });

  it("the CHECK constraints allow exactly db/values.ts's statuses and priorities", async () => {
    const allowed = async (table: string, column: string) => {
      const { rows } = await sql<{ definition: string }>`
        SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = ${table}::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE ${`%(${column} = %`}
      `.execute(use().db);
      expect(rows).toHaveLength(1);
      return [...rows[0].definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]);
    };
    expect(await allowed("projects", "status")).toEqual([...PROJECT_STATUSES]);
    expect(await allowed("needs", "status")).toEqual([...NEED_STATUSES]);
    expect(await allowed("needs", "priority")).toEqual([...PRIORITIES]);
    expect(await allowed("matches", "status")).toEqual([...MATCH_STATUSES]);
  });

  it("the reference data has db/values.ts's pillars and routes", async () => {
    const { db } = use();
    const pillars = await db.selectFrom("pillars").select("code").orderBy("number").execute();
    expect(pillars.map((p) => p.code)).toEqual([...PILLAR_CODES]);
    const routes = await db.selectFrom("routes").select("code").orderBy("position").execute();
    expect(routes.map((r) => r.code)).toEqual([...ROUTE_CODES]);
  });
});
