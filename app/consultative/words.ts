import type { MessageKey, Translate } from "~/i18n";
import type { TrackerRow } from "./tracker.server";

// The tracker's flags and project statuses in words: one wording for the page and the CSV.

export function flagWords(t: Translate, flags: TrackerRow["flags"]): string {
  const words = [
    flags.needsWithoutProject ? t("consult.flag.needsWithoutProject") : null,
    flags.unansweredAfterYear ? t("consult.flag.unansweredAfterYear") : null,
  ];
  return words.filter(Boolean).join("; ");
}

/** "active 1, pipeline 1" (separator as given). */
export function projectStatusWords(
  t: Translate,
  byStatus: TrackerRow["projects"]["byStatus"],
  separator: string,
): string {
  return Object.entries(byStatus)
    .map(([status, count]) => `${t(`projectStatus.${status}` as MessageKey)} ${count}`)
    .join(separator);
}
