import { sql, type Kysely } from "kysely";
import type { Database, OrganizationKind } from "../../db/schema";

// Publishers are organizations found by their IATI organisation identifier; a coordinator's import
// creates a missing one from the file (name, and a kind from the IATI OrganisationType codelist).

type Db = Kysely<Database>;

/**
 * IATI OrganisationType → ADAM's organization kind: multilaterals (40) are international
 * organizations, every other publisher a donor agency.
 */
export function kindOfOrganisationType(type: string | null): OrganizationKind {
  return type === "40" ? "international_organization" : "donor_agency";
}

export async function findOrganizationByRef(db: Db, ref: string) {
  return (
    (await db
      .selectFrom("organizations")
      .select(["id", "name"])
      .where(sql<string>`upper(iati_ref)`, "=", ref.toUpperCase())
      .orderBy("id")
      .executeTakeFirst()) ?? null
  );
}

/** findOrganizationByRef for many identifiers in one query: by upper-cased identifier, the oldest match. */
export async function findOrganizationsByRefs(
  db: Db,
  refs: string[],
): Promise<Map<string, { id: number; name: string }>> {
  const found = new Map<string, { id: number; name: string }>();
  if (!refs.length) return found;
  const rows = await db
    .selectFrom("organizations")
    .select(["id", "name", sql<string>`upper(iati_ref)`.as("ref")])
    .where(
      sql<string>`upper(iati_ref)`,
      "in",
      refs.map((r) => r.toUpperCase()),
    )
    .orderBy("id")
    .execute();
  for (const row of rows) if (!found.has(row.ref)) found.set(row.ref, { id: row.id, name: row.name });
  return found;
}

export async function createPublisherOrganization(db: Db, org: { ref: string; name: string; type: string | null }) {
  // Names are unique (case-insensitive): a publisher whose name is taken by another organization
  // keeps its identifier beside it.
  const taken = await db
    .selectFrom("organizations")
    .select("id")
    .where(sql<string>`lower(name)`, "=", org.name.toLowerCase())
    .executeTakeFirst();
  const name = taken ? `${org.name} (${org.ref})` : org.name;
  return db
    .insertInto("organizations")
    .values({
      kind: kindOfOrganisationType(org.type),
      name,
      acronym: null,
      country_iso3: null,
      iati_ref: org.ref,
      iati_type: org.type,
    })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
}
