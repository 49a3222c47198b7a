import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { translator, type Locale, type Translate } from "~/i18n";
import { toCsv } from "~/utils/csv";
import { trackRecommendations, type TrackerFilters, type TrackerRow } from "./tracker.server";
import { flagWords, projectStatusWords } from "./words";

// The tracker as CSV: one row per recommendation, the same rows and numbers as the page (the same
// function, the same day), codes and readable labels in columns of their own, headers and labels in
// the reader's language. Amounts are plain decimals in USD and dates ISO, so spreadsheets read
// them the same whatever the language.

const COLUMNS = [
  "id",
  "meetingId",
  "meeting",
  "number",
  "pillarCode",
  "pillarNumber",
  "pillar",
  "statusCode",
  "status",
  "endorsedById",
  "endorsedBy",
  "endorsedOn",
  "text",
  "needs",
  "costedNeeds",
  "costUsd",
  "coverageUsd",
  "unmetUsd",
  "countryCodes",
  "countries",
  "projects",
  "projectsByStatus",
  "donors",
  "flagged",
  "flags",
  "valuationDate",
  "rateDates",
] as const;

function csvRow(t: Translate, row: TrackerRow, asOf: string, rateDates: string): unknown[] {
  const r = row.recommendation;
  return [
    r.id,
    r.meetingId,
    r.meetingLabel,
    r.number,
    r.pillarCode,
    r.pillarNumber,
    r.pillarName,
    r.status,
    t(`consult.status.${r.status}`),
    r.endorsedById ?? "",
    r.endorsedBy ?? "",
    row.endorsedOn ?? "",
    r.text,
    row.needs.needs,
    row.needs.costedNeeds,
    row.needs.costUsd,
    row.needs.coverageUsd,
    row.needs.unmetUsd,
    row.countries.map((c) => c.iso3).join("; "),
    row.countries.map((c) => c.name).join("; "),
    row.projects.count,
    projectStatusWords(t, row.projects.byStatus, "; "),
    row.projects.donors.join("; "),
    t(row.flagged ? "common.yes" : "common.no"),
    flagWords(t, row.flags),
    asOf,
    rateDates,
  ];
}

/** The tracker's rows for `filters` on `asOf` as a CSV document in `locale`. */
export async function trackerCsv(
  db: Kysely<Database>,
  filters: TrackerFilters,
  asOf: string,
  locale: Locale,
): Promise<string> {
  const t = translator(locale);
  const tracker = await trackRecommendations(db, filters, asOf, locale);
  const rateDates = Object.entries(tracker.rateDates)
    .map(([currency, day]) => `${currency} ${day}`)
    .join("; ");
  const header = COLUMNS.map((c) => t(`consult.csv.${c}`));
  return toCsv(
    header,
    tracker.rows.map((row) => csvRow(t, row, tracker.asOf, rateDates)),
  );
}
