import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Locale } from "~/i18n";
import { linkedRecommendations } from "./links.server";
import { listRecommendations } from "./recommendations.server";

// What the need and project forms' recommendation picker offers: every recommendation not
// superseded, plus any superseded one the record already cites (so saving never drops it).
export interface PickerOption {
  id: number;
  label: string;
  text: string;
}

export async function recommendationPicker(
  db: Kysely<Database>,
  locale: Locale,
  record?: { kind: "need" | "project"; id: number },
) {
  const chosen = record ? await linkedRecommendations(db, record.kind, record.id) : [];
  const all = await listRecommendations(db, locale);
  const options: PickerOption[] = all
    .filter((r) => r.status !== "superseded" || chosen.includes(r.id))
    .map((r) => ({ id: r.id, label: `${r.meetingLabel}, № ${r.number} (${r.pillarCode})`, text: r.text }));
  return { options, chosen };
}
