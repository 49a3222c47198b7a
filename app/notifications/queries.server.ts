import { DomainError } from "~/errors/domain-error";
import type { Kysely } from "kysely";
import type { Database, Delivery, FollowKind, Locale } from "../../db/schema";
import { DEFAULT_DELIVERY, EVENT_ROLES, NOTIFICATION_EVENTS, type NotificationEventType } from "./events";
import type { Role } from "../../db/schema";

// The one home of the SQL of a person's notifications, e-mail preferences and follows. Every
// function takes the signed-in user's id: nobody reads or changes another's.

export async function listNotifications(
  db: Kysely<Database>,
  userId: number,
  options: { page: number; pageSize: number; unreadOnly: boolean },
) {
  let query = db.selectFrom("notifications").where("user_id", "=", userId);
  if (options.unreadOnly) query = query.where("read_at", "is", null);
  const [rows, counts] = await Promise.all([
    query
      .select(["id", "event", "params", "link", "created_at", "read_at"])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize)
      .execute(),
    db
      .selectFrom("notifications")
      .select((eb) => [
        eb.fn.countAll<string>().as("total"),
        eb.fn.count<string>("id").filterWhere("read_at", "is", null).as("unread"),
      ])
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows,
    total: Number(counts.total),
    unread: Number(counts.unread),
    matching: options.unreadOnly ? Number(counts.unread) : Number(counts.total),
  };
}

export async function countUnread(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read or unread; says whether it was theirs. */
export async function setRead(db: Kysely<Database>, userId: number, id: string, read: boolean): Promise<boolean> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: read ? new Date() : null })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markAllRead(db: Kysely<Database>, userId: number): Promise<void> {
  await db
    .updateTable("notifications")
    .set({ read_at: new Date() })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .execute();
}

/** The events a role can receive, each with the person's delivery (or the default). */
export async function getPreferences(db: Kysely<Database>, userId: number, role: Role) {
  const rows = await db
    .selectFrom("notification_preferences")
    .select(["event", "delivery"])
    .where("user_id", "=", userId)
    .execute();
  const chosen = new Map(rows.map((r) => [r.event, r.delivery]));
  return NOTIFICATION_EVENTS.filter((e) => EVENT_ROLES[e].includes(role)).map((event) => ({
    event,
    delivery: chosen.get(event) ?? DEFAULT_DELIVERY[event],
  }));
}

export async function savePreferences(
  db: Kysely<Database>,
  userId: number,
  choices: Array<{ event: NotificationEventType; delivery: Delivery }>,
) {
  if (!choices.length) return;
  await db
    .insertInto("notification_preferences")
    .values(choices.map((c) => ({ user_id: userId, event: c.event, delivery: c.delivery })))
    .onConflict((oc) =>
      oc.columns(["user_id", "event"]).doUpdateSet((eb) => ({ delivery: eb.ref("excluded.delivery") })),
    )
    .execute();
}

export async function listFollows(db: Kysely<Database>, userId: number, locale: Locale) {
  const rows = await db
    .selectFrom("follows as f")
    .leftJoin("pillars as p", (join) => join.on("f.kind", "=", "pillar").onRef("p.code", "=", "f.code"))
    .leftJoin("countries as c", (join) => join.on("f.kind", "=", "country").onRef("c.iso3", "=", "f.code"))
    .leftJoin("routes as r", (join) => join.on("f.kind", "=", "route").onRef("r.code", "=", "f.code"))
    .select([
      "f.id",
      "f.kind",
      "f.code",
      "p.name_en as pillar_en",
      "p.name_ru as pillar_ru",
      "c.name_en as country_en",
      "c.name_ru as country_ru",
      "r.name_en as route_en",
      "r.name_ru as route_ru",
    ])
    .where("f.user_id", "=", userId)
    .orderBy("f.kind")
    .orderBy("f.code")
    .execute();
  return rows.map((r) => {
    const name =
      locale === "ru" ? (r.pillar_ru ?? r.country_ru ?? r.route_ru) : (r.pillar_en ?? r.country_en ?? r.route_en);
    return {
      id: r.id,
      kind: r.kind,
      code: r.code,
      name: r.kind === "pillar" ? `${r.code}: ${name ?? ""}` : (name ?? r.code),
    };
  });
}

/** A follow of something that does not exist (a DomainError): "form.choose" on the choice, a 400. */
export class FollowError extends DomainError<"unknown"> {
  constructor(code: "unknown") {
    super(code, { text: "Unknown pillar, country or route.", field: "follow", messageKey: "form.choose", status: 400 });
  }
}

/** Follows a pillar, country or route that exists (following twice is following once). */
export async function addFollow(db: Kysely<Database>, userId: number, kind: FollowKind, code: string): Promise<void> {
  const exists =
    kind === "pillar"
      ? await db.selectFrom("pillars").select("code").where("code", "=", code).executeTakeFirst()
      : kind === "country"
        ? await db.selectFrom("countries").select("iso3 as code").where("iso3", "=", code).executeTakeFirst()
        : await db.selectFrom("routes").select("code").where("code", "=", code).executeTakeFirst();
  if (!exists) throw new FollowError("unknown");
  await db
    .insertInto("follows")
    .values({ user_id: userId, kind, code })
    .onConflict((oc) => oc.columns(["user_id", "kind", "code"]).doNothing())
    .execute();
}

export async function removeFollow(db: Kysely<Database>, userId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom("follows").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** What a donor may follow, in the reader's language. */
export async function followOptions(db: Kysely<Database>, locale: Locale) {
  const [pillars, countries, routes] = await Promise.all([
    db.selectFrom("pillars").select(["code", "name_en", "name_ru"]).orderBy("number").execute(),
    db.selectFrom("countries").select(["iso3", "name_en", "name_ru"]).execute(),
    db.selectFrom("routes").select(["code", "name_en", "name_ru"]).orderBy("position").execute(),
  ]);
  const name = (r: { name_en: string; name_ru: string }) => (locale === "ru" ? r.name_ru : r.name_en);
  const collator = new Intl.Collator(locale);
  return {
    pillar: pillars.map((p) => ({ code: p.code, name: `${p.code}: ${name(p)}` })),
    country: countries
      .map((c) => ({ code: c.iso3.trim(), name: name(c) }))
      .sort((a, b) => collator.compare(a.name, b.name)),
    route: routes.map((r) => ({ code: r.code, name: name(r) })),
  };
}
