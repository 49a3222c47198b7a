import type { Kysely, Selectable } from "kysely";
import type { Database, MeetingsTable } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { writeAudit } from "~/accounts/audit.server";
import { RecordError, invalid, isUniqueViolation } from "~/marketplace/errors";
import { inTransaction } from "~/utils/transaction.server";
import { assertKnownCountries } from "~/marketplace/reference-checks.server";
import type { Locale } from "~/i18n";
import { canManageConsultative, updateConsultativeRecord } from "./edit.server";
import type { MeetingInput } from "./schema";

// EWG and PCG meetings: loaded from reference data, added and edited by the coordination unit.
// Every change is versioned and audited like any other record.

type Db = Kysely<Database>;
export type MeetingRow = Selectable<MeetingsTable>;

function columns(input: MeetingInput) {
  return {
    kind: input.kind,
    number: input.number ?? null,
    topic: input.topic,
    pillar_code: input.pillar ?? null,
    host: input.host ?? null,
    city: input.city ?? null,
    country_iso3: input.country ?? null,
    start_date: input.startDate,
    end_date: input.endDate ?? null,
  };
}

/** First day of a meeting date that may be given to the month only. */
export function meetingDay(date: string): string {
  return date.length === 7 ? `${date}-01` : date;
}

export async function listMeetings(db: Db, locale: Locale) {
  const rows = await db
    .selectFrom("meetings")
    .leftJoin("countries", "countries.iso3", "meetings.country_iso3")
    .leftJoin("pillars", "pillars.code", "meetings.pillar_code")
    .selectAll("meetings")
    .select([
      locale === "ru" ? "countries.name_ru as country_name" : "countries.name_en as country_name",
      locale === "ru" ? "pillars.name_ru as pillar_name" : "pillars.name_en as pillar_name",
    ])
    .orderBy("meetings.start_date", "desc")
    .orderBy("meetings.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, updated_at: r.updated_at.toISOString() }));
}

export async function findMeeting(db: Db, id: number) {
  return db.selectFrom("meetings").selectAll().where("id", "=", id).executeTakeFirst();
}

async function checkMeeting(db: Db, input: MeetingInput) {
  if (input.country) await assertKnownCountries(db, [input.country], "country");
}

function uniqueRefusal(error: unknown): never {
  if (isUniqueViolation(error, "meetings_natural_uq")) throw invalid("topic", "consult.meetingExists");
  throw error;
}

export async function createMeeting(
  db: Db,
  actor: Actor,
  input: MeetingInput,
  ip: string | null = null,
): Promise<{ id: number }> {
  if (!canManageConsultative(actor)) throw new RecordError("forbidden");
  return inTransaction(db, async (trx) => {
    await checkMeeting(trx, input);
    const row = await trx
      .insertInto("meetings")
      .values({ ...columns(input), source: "ADAM" })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "meeting.create",
      entityType: "meeting",
      entityId: row.id,
      before: null,
      after: row,
      ip,
    });
    return { id: row.id };
  }).catch(uniqueRefusal);
}

export async function updateMeeting(
  db: Db,
  actor: Actor,
  id: number,
  expectedVersion: number,
  input: MeetingInput,
  ip: string | null = null,
): Promise<{ version: number }> {
  const check = (trx: Db) => checkMeeting(trx, input);
  return updateConsultativeRecord(
    db,
    actor,
    { table: "meetings", id, expectedVersion, values: columns(input), check, refusal: uniqueRefusal },
    ip,
  );
}

/** Meetings as options of a select: "[id] EWG Sofia 2023-06". */
export async function meetingOptions(db: Db) {
  const rows = await db
    .selectFrom("meetings")
    .select(["id", "kind", "city", "start_date", "topic"])
    .orderBy("start_date", "desc")
    .execute();
  return rows.map((m) => ({
    id: m.id,
    kind: m.kind,
    label: `[${m.id}] ${m.kind} ${m.city ?? m.topic} ${m.start_date.slice(0, 7)}`,
  }));
}

export async function countryOptions(db: Db, locale: Locale) {
  const rows = await db
    .selectFrom("countries")
    .select(["iso3", locale === "ru" ? "name_ru as name" : "name_en as name"])
    .orderBy(locale === "ru" ? "name_ru" : "name_en")
    .execute();
  return rows;
}

/** The trafficking routes as options of a filter, named in the reader's language. */
export async function routeOptions(db: Db, locale: Locale) {
  const name = locale === "ru" ? "name_ru as name" : "name_en as name";
  const rows = await db.selectFrom("routes").select(["code", name]).orderBy("position").execute();
  return rows.map((r) => ({ code: r.code, name: r.name }));
}
