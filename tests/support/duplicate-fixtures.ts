import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

// Texts and look-ups shared by the duplicate-check tests.

export const BORDER = { title: "Strengthening border management in Tajikistan", summary: "Training and equipment for border guards on the Afghan border." };
export const BORDER_TOO = { title: "Strengthening border management capacity in Tajikistan", summary: "Training and equipment for the border guards along the Afghan border." };
export const HEALTH = { title: "Community drug treatment services", summary: "Opioid substitution therapy in primary health care." };

/** The recorded pair of two projects, whichever order they are given in. */
export async function findPair(db: Kysely<Database>, a: number, b: number) {
  const [x, y] = a < b ? [a, b] : [b, a];
  return db.selectFrom("duplicate_pairs").selectAll().where("project_a_id", "=", x).where("project_b_id", "=", y).executeTakeFirst();
}
