import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// IATI activity files written for a test: one activity per options object, 2.03 unless told.

export interface ActivityOptions {
  id: string;
  reportingRef?: string;
  reportingName?: string;
  title?: string;
  titleLang?: string;
  extraTitles?: Array<{ lang: string; text: string }>;
  description?: string;
  sectors?: Array<{ code: string; vocabulary?: string; percentage?: number }>;
  countries?: string[];
  regions?: string[];
  status?: string;
  start?: string;
  end?: string;
  budgets?: Array<{ type?: string; start: string; end: string; value: string; currency?: string }>;
  currency?: string;
  version?: string;
  lastUpdated?: string;
  implementing?: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** `<narrative>` with the escaped text, in the language if given. */
const narrative = (text: string, lang?: string) =>
  `<narrative${lang ? ` xml:lang="${lang}"` : ""}>${esc(text)}</narrative>`;

export function activityXml(o: ActivityOptions): string {
  const reportingRef = o.reportingRef ?? "XM-DAC-7";
  const reportingName = narrative(o.reportingName ?? "Test Donor Ministry");
  const lang = o.titleLang ?? "en";
  const extraTitles = (o.extraTitles ?? []).map((t) => narrative(t.text, t.lang)).join("");
  const description = narrative(o.description ?? "Training for counter-narcotics officers.", lang);
  const version = o.version ? ` version="${o.version}"` : "";
  const lastUpdated = o.lastUpdated ?? "2024-05-01T10:00:00";
  const lines = [
    `<iati-activity default-currency="${o.currency ?? "EUR"}" last-updated-datetime="${lastUpdated}"${version}>`,
    `<iati-identifier>${esc(o.id)}</iati-identifier>`,
    `<reporting-org ref="${reportingRef}" type="10">${reportingName}</reporting-org>`,
    `<title>${narrative(o.title ?? "Border control training", lang)}${extraTitles}</title>`,
    `<description type="1">${description}</description>`,
    `<participating-org role="1" ref="${reportingRef}" type="10">${reportingName}</participating-org>`,
    `<participating-org role="4" type="40">${narrative(o.implementing ?? "UNODC")}</participating-org>`,
    `<activity-status code="${o.status ?? "2"}"/>`,
    `<activity-date type="1" iso-date="${o.start ?? "2024-01-01"}"/>`,
    ...(o.end ? [`<activity-date type="3" iso-date="${o.end}"/>`] : []),
    ...(o.countries ?? ["TJ"]).map(
      (c, _i, all) => `<recipient-country code="${c}" percentage="${(100 / all.length).toFixed(2)}"/>`,
    ),
    ...(o.regions ?? []).map((r) => `<recipient-region code="${r}" vocabulary="1" percentage="100"/>`),
    ...(o.sectors ?? [{ code: "16063" }]).map(
      (s) => `<sector vocabulary="${s.vocabulary ?? "1"}" code="${s.code}" percentage="${s.percentage ?? 100}"/>`,
    ),
    ...(o.budgets ?? [{ start: "2024-01-01", end: "2024-12-31", value: "100000" }]).map(
      (b) =>
        `<budget type="${b.type ?? "1"}" status="1">` +
        `<period-start iso-date="${b.start}"/><period-end iso-date="${b.end}"/>` +
        `<value currency="${b.currency ?? o.currency ?? "EUR"}" value-date="${b.start}">${b.value}</value></budget>`,
    ),
    `</iati-activity>`,
  ];
  return lines.join("\n");
}

export function iatiFileXml(activities: ActivityOptions[], version = "2.03"): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities ` +
    `version="${version}" ` +
    `generated-datetime="2024-05-01T10:00:00">\n${activities.map(activityXml).join("\n")}\n</iati-activities>\n`
  );
}

const dir = mkdtempSync(path.join(tmpdir(), "adam-iati-test-"));
let n = 0;

/** Writes the XML to a temporary file and returns its path. */
export function writeTempFile(xml: string, name?: string): string {
  n += 1;
  const file = path.join(dir, name ?? `file-${n}.xml`);
  writeFileSync(file, xml);
  return file;
}
