import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { listMatches } from "~/matches/queries.server";
import { QUEUE_PREVIEW, type Queue } from "./queue";

// The matches' queues, through the matches' own listing (and so the decision rule of decide-rule.ts).

type Listed = Awaited<ReturnType<typeof listMatches>>;

function toQueue(key: Queue["key"], listed: Listed, href: string): Queue {
  return {
    key,
    count: listed.total,
    href,
    entries: listed.rows.map((m) => ({
      key: String(m.id),
      title: `${m.need_title} ← ${m.project_title}`,
      href: `/matches/${m.id}`,
      date: new Date(m.created_at).toISOString(),
    })),
  };
}

/** Proposals this actor may decide, newest first. */
export async function matchesToDecide(db: Kysely<Database>, actor: Actor): Promise<Queue> {
  const listed = await listMatches(db, { awaiting: actor, page: 1, pageSize: QUEUE_PREVIEW });
  return toQueue("matchesToDecide", listed, "/matches?status=awaiting");
}

/** The organization's proposals that wait for the other side (or a coordinator). */
export async function matchesAwaitingOther(db: Kysely<Database>, actor: Actor): Promise<Queue> {
  const listed = await listMatches(db, { awaitingOthersOf: actor, page: 1, pageSize: QUEUE_PREVIEW });
  return toQueue("matchesAwaitingOther", listed, "/matches?status=proposed&scope=mine");
}
