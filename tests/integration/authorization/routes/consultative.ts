import type { Kysely } from "kysely";
import type { Database } from "../../../../db/schema";
import { everyone, members, staff, type MatrixWorld, type RouteExpectation } from "../expectations";

// Meetings are public; recommendations and the tracker are for signed-in members; only the
// coordination unit writes. A post with only the anti-forgery field is refused as bad input.

async function ankara(db: Kysely<Database>) {
  return (await db.selectFrom("meetings").select("id").where("city", "=", "Ankara").executeTakeFirstOrThrow()).id;
}

const meeting = async (world: MatrixWorld) => {
  const id = await ankara(world.db);
  return { path: `/meetings/${id}`, params: { id: String(id) } };
};

const recommendation = async (world: MatrixWorld) => {
  const meetingId = await ankara(world.db);
  const number = Math.floor(Math.random() * 1_000_000) + 1;
  const row = await world.db
    .insertInto("recommendations")
    .values({ meeting_id: meetingId, number, pillar_code: "II", text_en: "Text", text_ru: "Текст", status: "proposed" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { path: `/recommendations/${row.id}`, params: { id: String(row.id) } };
};

const withQuery = (target: { path: string; params: Record<string, string> }, query: string) => ({
  ...target,
  path: `${target.path}${query}`,
});

export default [
  { file: "meetings._index.tsx", path: "/meetings", get: everyone("ok") },
  { file: "meetings.new.tsx", path: "/meetings/new", get: staff("ok"), post: staff("bad") },
  {
    file: "meetings.$id.tsx",
    path: meeting,
    get: everyone("ok"),
    post: staff("bad"),
    postFields: { intent: "meeting" },
  },
  {
    file: "meetings.$id.tsx",
    path: meeting,
    get: everyone("ok"),
    post: staff("bad"),
    postFields: { intent: "recommendation", number: "x" },
  },
  {
    file: "meetings.$id.tsx",
    path: "/meetings/99999999",
    params: { id: "99999999" },
    get: everyone("notfound"),
    post: staff("notfound"),
  },
  {
    file: "recommendations._index.tsx",
    path: "/recommendations?pillar=II&country=TJK&route=northern&meeting=abc",
    get: members("ok"),
  },
  {
    file: "recommendations[.]csv.ts",
    path: "/recommendations.csv?pillar=II&country=TJK&route=northern&meeting=abc",
    get: members("ok"),
  },
  {
    file: "recommendations.$id.tsx",
    path: async (world) => withQuery(await recommendation(world), "?needsPage=x&projectsPage=99999999999"),
    get: members("ok"),
    post: staff("bad"),
  },
  { file: "recommendations.$id.tsx", path: recommendation, get: members("ok"), post: staff("bad") },
  {
    file: "recommendations.$id.tsx",
    path: "/recommendations/0",
    params: { id: "0" },
    get: members("notfound"),
    post: staff("notfound"),
  },
  { file: "countries.$iso3[.]pdf.ts", path: "/countries/TJK.pdf", params: { iso3: "TJK" }, get: members("ok") },
  { file: "countries.$iso3[.]pdf.ts", path: "/countries/ZZZ.pdf", params: { iso3: "ZZZ" }, get: members("notfound") },
] satisfies RouteExpectation[];
