import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { gapMatrix } from "~/gaps/gaps.server";
import { saveSeenCells, seenCells } from "./queries.server";
import { QUEUE_PREVIEW, type Queue } from "./queue";

// Flagged gap cells new since the user last marked them seen. The flag is the gap matrix's own
// (gaps.server.ts), over the whole matrix as of today; what the user saw is kept per user (0020).

const cellKey = (c: { countryIso3: string; pillarCode: string }) => `${c.countryIso3.trim()}/${c.pillarCode}`;

/** The flagged cells of today's matrix, each country and pillar once (a country may sit on several routes). */
async function flaggedCells(db: Kysely<Database>, today: string) {
  const matrix = await gapMatrix(db, {}, today);
  const cells = new Map<
    string,
    { countryIso3: string; countryNameEn: string; countryNameRu: string; pillarCode: string }
  >();
  for (const c of matrix.cells) if (c.flagged && !cells.has(cellKey(c))) cells.set(cellKey(c), c);
  return cells;
}

export async function newFlaggedCells(
  db: Kysely<Database>,
  userId: number,
  today: string,
  locale: "en" | "ru",
): Promise<Queue> {
  const [cells, seen] = await Promise.all([flaggedCells(db, today), seenCells(db, userId)]);
  const fresh = [...cells.entries()].filter(([key]) => !seen?.cells.has(key));
  return {
    key: "flaggedCells",
    count: fresh.length,
    href: "/gaps",
    canMarkSeen: fresh.length > 0,
    seenAt: seen ? seen.seenAt.toISOString() : null,
    entries: fresh.slice(0, QUEUE_PREVIEW).map(([key, c]) => ({
      key,
      title: `${locale === "ru" ? c.countryNameRu : c.countryNameEn} — ${c.pillarCode}`,
      href: `/gaps?cell=${encodeURIComponent(`${c.countryIso3.trim()}-${c.pillarCode}`)}#drill`,
      date: null,
      tag: "new" as const,
    })),
  };
}

/** Records every cell flagged today as seen by the user. */
export async function markFlaggedCellsSeen(
  db: Kysely<Database>,
  userId: number,
  today: string,
  now = new Date(),
): Promise<void> {
  const cells = await flaggedCells(db, today);
  await saveSeenCells(db, userId, [...cells.keys()].sort(), now);
}
