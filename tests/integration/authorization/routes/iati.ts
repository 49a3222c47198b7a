import { members, staff, type Answers, type MatrixWorld, type RouteExpectation } from "../expectations";

// IATI: every signed-in member downloads the export; donors and the coordination unit import, and a
// donor sees only its own organization's imports (another's answers 404, as if it did not exist).

const importers = (outcome: Answers["donor"]): Answers => ({
  ...members("forbidden"),
  donor: outcome,
  coordinator: outcome,
  admin: outcome,
});

/** An import run by the coordination unit for another publisher: not the world's donor's. */
async function unitImport(world: MatrixWorld) {
  const row = await world.db
    .insertInto("iati_imports")
    .values({
      file_name: "matrix.xml",
      file_sha256: "0".repeat(64),
      file_size: 10,
      status: "done",
      ran_by: world.actors.coordinator.userId,
      organization_id: null,
      via: "web",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { path: `/imports/${row.id}`, params: { id: String(row.id) }, postFields: { intent: "neither" } };
}

export default [
  { file: "iati.activities[.]xml.ts", path: "/iati/activities.xml?pillar=I", get: members("ok") },
  // A POST that is not a multipart upload is a bad request for those who may import.
  { file: "imports._index.tsx", path: "/imports", get: importers("ok"), post: importers("bad") },
  {
    file: "imports.$id.tsx",
    path: unitImport,
    get: { ...staff("ok"), donor: "notfound" },
    post: { ...staff("bad"), donor: "notfound" },
  },
  {
    file: "imports.$id[.]csv.ts",
    path: async (world) => {
      const target = await unitImport(world);
      return { path: `${target.path}.csv`, params: target.params };
    },
    get: { ...staff("ok"), donor: "notfound" },
  },
] satisfies RouteExpectation[];
