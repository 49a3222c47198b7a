import { NEED_STATUSES, PRIORITIES, PROJECT_STATUSES } from "../../db/values";
import type { Translate } from "~/i18n";
import { isOneOf } from "~/utils/one-of";
import type { SearchRecordType } from "../../search/engine";

const RECORD_TYPES = ["project", "need"] as const satisfies readonly SearchRecordType[];

/** The engine's names for the codes it returns, per filter (facetLabels in ./labels.server.ts). */
export type FacetLabels = Record<string, Record<string, string> | undefined>;

/**
 * Names a filter value of the search page: a type, a status or a priority in the reader's language,
 * else the engine's label, else the value itself. A value from the URL or the engine that is not one of
 * its list's is shown as it is, never as a dictionary key (`needStatus.bogus`).
 */
export function filterValueLabel(t: Translate, labels: FacetLabels, key: string, value: string): string {
  if (key === "type" && isOneOf(RECORD_TYPES, value)) return t(`search.type.${value}`);
  if (key === "status" && isOneOf(PROJECT_STATUSES, value)) return t(`projectStatus.${value}`);
  if (key === "status" && isOneOf(NEED_STATUSES, value)) return t(`needStatus.${value}`);
  if (key === "priority" && isOneOf(PRIORITIES, value)) return t(`priority.${value}`);
  return labels[key]?.[value] ?? value;
}
