import type { Locale } from "~/i18n";
import { translator } from "~/i18n";
import { toCsv } from "~/exports/csv.server";
import type { ImportReport } from "./import.server";
import { renderReason, type Reason } from "./reasons";

// The report as the command line prints it (--json) and as the CSV download carries it.

/** An item as the command line prints it, from the report or from the import's rows. */
interface ItemFacts {
  iatiIdentifier: string | null;
  line: number;
  disposition: string;
  reasons: Reason[];
  projectId: number | null;
  pillar: string | null;
  countries: string[];
}

const itemJson = (item: ItemFacts, locale: Locale) => ({
  iatiIdentifier: item.iatiIdentifier,
  line: item.line,
  disposition: item.disposition,
  reasons: item.reasons.map((r) => renderReason(r, locale)),
  projectId: item.projectId,
  pillar: item.pillar,
  countries: item.countries,
});

export function reportJson(report: ImportReport, locale: Locale = "en") {
  return {
    file: report.file,
    version: report.version,
    activities: report.activities,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    skipped: report.skipped,
    rejected: report.rejected,
    warnings: report.warnings,
    reasons: report.reasons.map((r) => renderReason(r, locale)),
    items: report.items.map((item) => itemJson(item, locale)),
  };
}

/**
 * `JSON.stringify(reportJson(report))` piece by piece: when the import staged its items (a large file's
 * report is never held), they are read from its rows a page at a time.
 */
export async function* reportJsonText(
  report: ImportReport,
  storedPages: () => AsyncIterable<ReportRow[]>,
  locale: Locale = "en",
): AsyncGenerator<string> {
  const whole = JSON.stringify(reportJson(report, locale));
  if (!report.itemsStaged) {
    yield whole;
    return;
  }
  // `items` is the last key and empty here: the text ends with `[]}`.
  yield whole.slice(0, -"]}".length);
  let first = true;
  for await (const rows of storedPages()) {
    const items = rows.map((r) =>
      JSON.stringify(itemJson({ ...r, iatiIdentifier: r.iati_identifier, projectId: r.project_id }, locale)),
    );
    yield (first ? "" : ",") + items.join(",");
    first = false;
  }
  yield "]}";
}

export interface ReportRow {
  line: number;
  iati_identifier: string | null;
  disposition: string;
  reasons: Reason[];
  project_id: number | null;
  pillar: string | null;
  countries: string[];
}

export function reportCsv(rows: ReportRow[], locale: Locale): string {
  const t = translator(locale);
  const header = [
    "line",
    "iati-identifier",
    "disposition",
    t("imports.col.disposition"),
    t("imports.col.reasons"),
    "project",
    t("imports.col.pillar"),
    t("imports.col.countries"),
  ];
  return toCsv(
    header,
    rows.map((r) => [
      r.line,
      r.iati_identifier ?? "",
      r.disposition,
      t(`imports.disposition.${r.disposition}` as "imports.disposition.created"),
      r.reasons.map((x) => renderReason(x, locale)).join(" "),
      r.project_id ?? "",
      r.pillar ?? "",
      r.countries.join(" "),
    ]),
  );
}
