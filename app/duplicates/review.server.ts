import type { Kysely } from "kysely";
import type { Database, DuplicateStatus } from "../../db/schema";
import { DomainError } from "~/errors/domain-error";
import { writeAudit } from "~/accounts/audit.server";
import type { Actor } from "~/accounts/permissions";
import { projectSnapshots } from "./snapshots.server";
import type { PairReasons } from "./score";
import { notify } from "~/notifications/notify.server";
import { inTransaction } from "~/utils/transaction.server";

/** A refused decision on a pair (a DomainError): no such pair (404), or it changed since it was read (409). */
export class DuplicateError extends DomainError<"not_found" | "stale"> {
  constructor(code: "not_found" | "stale", message: string) {
    super(code, { text: message });
  }
}

export type Decision = Exclude<DuplicateStatus, "candidate">;

/** The coordinator's queue: open candidates, highest score first. */
export async function listCandidates(
  db: Kysely<Database>,
  options: { status?: DuplicateStatus; page: number; pageSize: number },
) {
  const status = options.status ?? "candidate";
  const base = db.selectFrom("duplicate_pairs as d").where("d.status", "=", status);
  const [rows, total] = await Promise.all([
    base
      .innerJoin("projects as a", "a.id", "d.project_a_id")
      .innerJoin("projects as b", "b.id", "d.project_b_id")
      .innerJoin("organizations as oa", "oa.id", "a.organization_id")
      .innerJoin("organizations as ob", "ob.id", "b.organization_id")
      .select([
        "d.id",
        "d.score",
        "d.reasons",
        "d.status",
        "d.detected_at",
        "a.id as a_id",
        "a.title as a_title",
        "oa.name as a_organization",
        "b.id as b_id",
        "b.title as b_title",
        "ob.name as b_organization",
      ])
      .orderBy("d.score", "desc")
      .orderBy("d.id")
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, reasons: r.reasons as unknown as PairReasons })), total: Number(total.n) };
}

/** Pairs after `afterId` in id order, `limit` of them (any status, or one): the API's keyset pages. */
export async function listPairsAfter(
  db: Kysely<Database>,
  options: { status?: DuplicateStatus },
  afterId: number | undefined,
  limit: number,
) {
  let query = db
    .selectFrom("duplicate_pairs as d")
    .innerJoin("projects as a", "a.id", "d.project_a_id")
    .innerJoin("projects as b", "b.id", "d.project_b_id")
    .innerJoin("organizations as oa", "oa.id", "a.organization_id")
    .innerJoin("organizations as ob", "ob.id", "b.organization_id")
    .select([
      "d.id",
      "d.score",
      "d.reasons",
      "d.status",
      "d.note",
      "d.detected_at",
      "d.decided_at",
      "a.id as a_id",
      "a.title as a_title",
      "oa.id as a_organization_id",
      "oa.name as a_organization",
      "b.id as b_id",
      "b.title as b_title",
      "ob.id as b_organization_id",
      "ob.name as b_organization",
    ]);
  if (options.status) query = query.where("d.status", "=", options.status);
  if (afterId !== undefined) query = query.where("d.id", ">", afterId);
  const rows = await query.orderBy("d.id").limit(limit).execute();
  return rows.map((r) => ({ ...r, reasons: r.reasons as unknown as PairReasons }));
}

async function projectSide(db: Kysely<Database>, id: number) {
  const project = await db
    .selectFrom("projects as p")
    .innerJoin("organizations as o", "o.id", "p.organization_id")
    .select([
      "p.id",
      "p.title",
      "p.summary",
      "p.status",
      "p.start_date",
      "p.end_date",
      "p.budget",
      "p.currency",
      "p.implementing_organization",
      "o.name as organization_name",
    ])
    .where("p.id", "=", id)
    .executeTakeFirstOrThrow();
  const snapshot = (await projectSnapshots(db, [id])).get(id)!;
  return { ...project, countries: snapshot.countries, pillars: snapshot.pillars, areas: snapshot.areas };
}

/** One pair with both projects side by side. */
export async function getPair(db: Kysely<Database>, pairId: number) {
  const pair = await db.selectFrom("duplicate_pairs").selectAll().where("id", "=", pairId).executeTakeFirst();
  if (!pair) return null;
  const [a, b] = await Promise.all([projectSide(db, pair.project_a_id), projectSide(db, pair.project_b_id)]);
  return { ...pair, reasons: pair.reasons as unknown as PairReasons, a, b };
}

/**
 * The coordinator decides: duplicate, complementary or dismissed, with a note. The projects' state is
 * kept to detect material changes. `version` is the one the coordinator saw: a pair decided or
 * reopened since then is refused as stale, so the last of two decisions never silently wins.
 */
export async function decidePair(
  db: Kysely<Database>,
  actor: Actor,
  input: { pairId: number; version: number; decision: Decision; note?: string },
  ip: string,
): Promise<{ version: number }> {
  return inTransaction(db, async (trx) => {
    const pair = await trx
      .selectFrom("duplicate_pairs")
      .selectAll()
      .where("id", "=", input.pairId)
      .forUpdate()
      .executeTakeFirst();
    if (!pair) throw new DuplicateError("not_found", "This pair does not exist.");
    if (pair.version !== input.version) throw new DuplicateError("stale", "This pair changed since you opened it.");
    const snapshots = await projectSnapshots(trx, [pair.project_a_id, pair.project_b_id]);
    const after = { status: input.decision, note: input.note ?? null };
    await trx
      .updateTable("duplicate_pairs")
      .set({
        ...after,
        decided_by: actor.id,
        decided_at: new Date(),
        snapshot_a: JSON.stringify(snapshots.get(pair.project_a_id)),
        snapshot_b: JSON.stringify(snapshots.get(pair.project_b_id)),
        version: pair.version + 1,
        updated_at: new Date(),
      })
      .where("id", "=", pair.id)
      .execute();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: `duplicate.${input.decision}`,
      entityType: "duplicate_pair",
      entityId: pair.id,
      before: { status: pair.status, note: pair.note },
      after,
      ip,
    });
    if (input.decision === "duplicate")
      await notify(trx, { type: "duplicate.marked", pairId: pair.id }, { actorId: actor.id });
    return { version: pair.version + 1 };
  });
}

/** What a donor sees on its project's page: similar projects, with links, never the coordinator's notes. */
export async function similarProjectsFor(db: Kysely<Database>, projectId: number) {
  const rows = await db
    .selectFrom("duplicate_pairs as d")
    .innerJoin("projects as p", (join) =>
      join.on((eb) =>
        eb.or([
          eb.and([eb("d.project_a_id", "=", projectId), eb("p.id", "=", eb.ref("d.project_b_id"))]),
          eb.and([eb("d.project_b_id", "=", projectId), eb("p.id", "=", eb.ref("d.project_a_id"))]),
        ]),
      ),
    )
    .innerJoin("organizations as o", "o.id", "p.organization_id")
    .select(["p.id", "p.title", "o.name as organization_name", "d.status", "d.score"])
    .where("d.status", "in", ["candidate", "duplicate", "complementary"])
    .orderBy("d.score", "desc")
    .limit(20)
    .execute();
  return rows;
}
