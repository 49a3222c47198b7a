import { PROJECT_STATUSES } from "../../db/values";
import type { Translate } from "~/i18n";
import { isOneOf } from "~/utils/one-of";
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
    .flatMap(([status, count]) =>
      isOneOf(PROJECT_STATUSES, status) ? [`${t(`projectStatus.${status}`)} ${count}`] : [],
    )
    .join(separator);
}
