import type { Kysely, Selectable } from "kysely";
import type { Database, RecommendationsTable } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { writeAudit } from "~/accounts/audit.server";
import { RecordError, invalid, isUniqueViolation } from "~/marketplace/errors";
import { inTransaction } from "~/utils/transaction.server";
import type { Locale } from "~/i18n";
import { canManageConsultative, updateConsultativeRecord } from "./edit.server";
import { meetingDay } from "./meetings.server";
import type { RecommendationInput } from "./schema";

// Recommendations of EWG meetings: entered and edited by the coordination unit, read by every
// signed-in member. Endorsement names a PCG meeting; supersession a meeting after the own one.

type Db = Kysely<Database>;
export type RecommendationRow = Selectable<RecommendationsTable>;

function columns(input: RecommendationInput) {
  return {
    meeting_id: input.meetingId,
    number: input.number,
    pillar_code: input.pillar,
    text_en: input.textEn,
    text_ru: input.textRu,
    status: input.status,
    endorsed_by_meeting_id: input.status === "proposed" ? null : (input.endorsedBy ?? null),
    superseded_by_meeting_id: input.status === "superseded" ? (input.supersededBy ?? null) : null,
  };
}

/** The references a recommendation names must exist and make sense (a PCG endorses; a later meeting supersedes). */
async function checkReferences(db: Db, input: RecommendationInput): Promise<void> {
  const own = await db
    .selectFrom("meetings")
    .select(["id", "start_date"])
    .where("id", "=", input.meetingId)
    .executeTakeFirst();
  if (!own) throw invalid("meetingId", "form.choose");
  if (input.endorsedBy && input.status !== "proposed") {
    const pcg = await db.selectFrom("meetings").select(["kind"]).where("id", "=", input.endorsedBy).executeTakeFirst();
    if (!pcg || pcg.kind !== "PCG") throw invalid("endorsedBy", "consult.endorsedNeedsPcg");
  }
  if (input.supersededBy && input.status === "superseded") {
    const later = await db
      .selectFrom("meetings")
      .select(["start_date"])
      .where("id", "=", input.supersededBy)
      .executeTakeFirst();
    if (!later || meetingDay(later.start_date) <= meetingDay(own.start_date))
      throw invalid("supersededBy", "consult.supersededNeedsLater");
  }
}

function uniqueRefusal(error: unknown): never {
  if (isUniqueViolation(error, "recommendations_number_uq")) throw invalid("number", "consult.numberTaken");
  throw error;
}

/** Inserts one recommendation inside the caller's transaction (the form and the CSV import share it). */
export async function insertRecommendation(
  trx: Db,
  actor: Actor,
  input: RecommendationInput,
  ip: string | null,
): Promise<RecommendationRow> {
  await checkReferences(trx, input);
  const row = await trx
    .insertInto("recommendations")
    .values({ ...columns(input), created_by: actor.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorUserId: actor.id,
    action: "recommendation.create",
    entityType: "recommendation",
    entityId: row.id,
    before: null,
    after: row,
    ip,
  });
  return row;
}

export async function createRecommendation(
  db: Db,
  actor: Actor,
  input: RecommendationInput,
  ip: string | null = null,
): Promise<{ id: number }> {
  if (!canManageConsultative(actor)) throw new RecordError("forbidden");
  return inTransaction(db, async (trx) => ({ id: (await insertRecommendation(trx, actor, input, ip)).id })).catch(
    uniqueRefusal,
  );
}

export async function updateRecommendation(
  db: Db,
  actor: Actor,
  id: number,
  expectedVersion: number,
  input: RecommendationInput,
  ip: string | null = null,
): Promise<{ version: number }> {
  const check = (trx: Db) => checkReferences(trx, input);
  return updateConsultativeRecord(
    db,
    actor,
    { table: "recommendations", id, expectedVersion, values: columns(input), check, refusal: uniqueRefusal },
    ip,
  );
}

export interface RecommendationSummary {
  id: number;
  number: number;
  pillarCode: string;
  pillarNumber: number;
  pillarName: string;
  text: string;
  status: RecommendationRow["status"];
  meetingId: number;
  meetingLabel: string;
  endorsedById: number | null;
  endorsedBy: string | null;
  supersededBy: string | null;
  version: number;
}

/** "EWG Sofia 2023-06" — how a meeting is named in lists and the picker. */
export function meetingLabel(m: { kind: string; city: string | null; start_date: string; topic: string }): string {
  return `${m.kind} ${m.city ?? m.topic} ${m.start_date.slice(0, 7)}`;
}

/** Recommendations with their meetings' names, in meeting then number order; `meetingId` narrows to one meeting. */
export async function listRecommendations(
  db: Db,
  locale: Locale,
  options: { meetingId?: number; ids?: number[] } = {},
): Promise<RecommendationSummary[]> {
  let q = db
    .selectFrom("recommendations as r")
    .innerJoin("meetings as m", "m.id", "r.meeting_id")
    .innerJoin("pillars as p", "p.code", "r.pillar_code")
    .leftJoin("meetings as e", "e.id", "r.endorsed_by_meeting_id")
    .leftJoin("meetings as s", "s.id", "r.superseded_by_meeting_id")
    .select([
      "r.id",
      "r.number",
      "r.pillar_code",
      "r.text_en",
      "r.text_ru",
      "r.status",
      "r.version",
      "r.meeting_id",
      "r.endorsed_by_meeting_id",
      "p.number as pillar_number",
      locale === "ru" ? "p.name_ru as pillar_name" : "p.name_en as pillar_name",
      "m.kind",
      "m.city",
      "m.start_date",
      "m.topic",
      "e.kind as e_kind",
      "e.city as e_city",
      "e.start_date as e_start",
      "e.topic as e_topic",
      "s.kind as s_kind",
      "s.city as s_city",
      "s.start_date as s_start",
      "s.topic as s_topic",
    ])
    .orderBy("m.start_date", "desc")
    .orderBy("r.meeting_id")
    .orderBy("r.number");
  if (options.meetingId) q = q.where("r.meeting_id", "=", options.meetingId);
  if (options.ids) q = q.where("r.id", "in", options.ids.length ? options.ids : [0]);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    pillarCode: r.pillar_code,
    pillarNumber: r.pillar_number,
    pillarName: r.pillar_name,
    text: locale === "ru" ? r.text_ru : r.text_en,
    status: r.status,
    meetingId: r.meeting_id,
    meetingLabel: meetingLabel(r),
    endorsedById: r.endorsed_by_meeting_id,
    endorsedBy: r.e_kind
      ? meetingLabel({ kind: r.e_kind, city: r.e_city, start_date: r.e_start!, topic: r.e_topic! })
      : null,
    supersededBy: r.s_kind
      ? meetingLabel({ kind: r.s_kind, city: r.s_city, start_date: r.s_start!, topic: r.s_topic! })
      : null,
    version: r.version,
  }));
}

export async function findRecommendation(db: Db, id: number) {
  return db.selectFrom("recommendations").selectAll().where("id", "=", id).executeTakeFirst();
}
