import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { can, type Actor } from "~/accounts/permissions";
import { isoDate } from "~/forms/dates";
import { beneficiaryQueues } from "./beneficiary.server";
import { donorQueues } from "./donor.server";
import type { Queue } from "./queue";
import { staffQueues } from "./staff.server";

// Each role's work queue: what waits for the user today, in the order the role works through it.

export async function workQueues(
  db: Kysely<Database>,
  actor: Actor,
  options: { now?: Date; locale?: "en" | "ru" } = {},
): Promise<Queue[]> {
  const now = options.now ?? new Date();
  const day = { db, actor, now, today: isoDate(now), locale: options.locale ?? "en" };
  if (can(actor.role, "match:decide-any")) return staffQueues(day);
  if (actor.role === "donor") return donorQueues(day);
  if (actor.role === "beneficiary") return beneficiaryQueues(day);
  return [];
}

export { markFlaggedCellsSeen } from "./gap-cells.server";
