import type { Locale } from "~/i18n";
import { translator } from "~/i18n";
import { toCsv } from "~/exports/csv.server";
import type { ImportReport } from "./import.server";
import { renderReason, type Reason } from "./reasons";

// The report as the command line prints it (--json) and as the CSV download carries it.

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
    items: report.items.map((item) => ({
      iatiIdentifier: item.iatiIdentifier,
      line: item.line,
      disposition: item.disposition,
      reasons: item.reasons.map((r) => renderReason(r, locale)),
      projectId: item.projectId,
      pillar: item.pillar,
      countries: item.countries,
    })),
  };
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
