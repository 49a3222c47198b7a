import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { decideMatch } from "../../app/matches/decisions.server";
import { proposeMatch } from "../../app/matches/proposals.server";
import { fromCents, toCents } from "../../app/money/decimal";
import { column, rawRows } from "../rows";
import type { Database } from "../schema";
import type { SeededRandom } from "./random";

// Matches for the demo, made through the matching domain as the demo coordinator would make them,
// so that the gap view, the needs' statuses and the matches list show coverage from the start:
// most proposals confirmed for part or all of the need, a few rejected, a few left to decide.

/** At most this many needs get a match: enough to show every state, quick at any demo size. */
const MAX_MATCHED_NEEDS = 150;

/** A costed need and the project to propose for it; the cost as decimal text. */
const MatchCandidate = z.object({
  need_id: column.int,
  project_id: column.int,
  cost: column.numeric,
  currency: column.text,
});

export async function generateDemoMatches(
  db: Kysely<Database>,
  random: SeededRandom,
): Promise<{ confirmed: number; proposed: number; rejected: number }> {
  const coordinator = await db
    .selectFrom("users")
    .select(["id", "organization_id"])
    .where("email", "=", "coordinator@example.org")
    .executeTakeFirstOrThrow();
  const actor = {
    id: coordinator.id,
    role: "coordinator" as const,
    organizationId: coordinator.organization_id,
    countryIso3: null,
  };
  // Every sixth costed open need, with the first active or planned project reaching its country in its pillar.
  const rows = await rawRows(
    db,
    "demoMatches.generateDemoMatches",
    MatchCandidate,
    sql`
    SELECT n.id AS need_id, pj.project_id, n.estimated_cost::text AS cost, n.currency::text AS currency
    FROM needs n
    JOIN LATERAL (
      SELECT f.project_id FROM project_gap_facts f
      WHERE f.country_iso3 = n.country_iso3 AND f.pillar_code = n.pillar_code AND f.status IN ('active', 'pipeline')
      ORDER BY f.project_id LIMIT 1
    ) pj ON true
    WHERE n.status = 'open' AND n.estimated_cost IS NOT NULL AND n.id % 6 = 0
    ORDER BY n.id
    LIMIT ${MAX_MATCHED_NEEDS}`,
  );
  const counts = { confirmed: 0, proposed: 0, rejected: 0 };
  for (const row of rows) {
    const { id } = await proposeMatch(
      db,
      actor,
      { needId: row.need_id, projectId: row.project_id, note: "Demo: same country and pillar." },
      "127.0.0.1",
    );
    const roll = random.next();
    if (roll < 0.1) {
      counts.proposed++;
      continue;
    }
    if (roll < 0.2) {
      await decideMatch(
        db,
        actor,
        { matchId: id, version: 1, decision: "reject", note: "Demo: the project ends before the need starts." },
        "127.0.0.1",
      );
      counts.rejected++;
      continue;
    }
    // A quarter of the matches cover the whole need, the others 20 to 80 per cent of it.
    const share = random.chance(0.25) ? 100 : random.int(20, 80);
    const amount = fromCents((toCents(row.cost) * BigInt(share)) / 100n);
    await decideMatch(
      db,
      actor,
      { matchId: id, version: 1, decision: "confirm", amount, currency: row.currency.trim() },
      "127.0.0.1",
    );
    counts.confirmed++;
  }
  return counts;
}
