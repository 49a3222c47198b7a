import { createHash } from "node:crypto";
import type { ProjectStatus } from "../../db/schema";
import { activityBudget } from "./budget";
import { adamPillars, classifyActivity } from "./classify";
import { reason, type Reason } from "./reasons";
import { regionCountries } from "./regions";
import { assessRelevance, type SectorRef } from "./relevance";
import { STATUS_FROM_IATI, statusFromDates } from "./status";
import { attr, childrenNamed, firstChild, narratives, normalizeLang, type Narrative, type XmlElement } from "./xml";

// One IATI activity → what ADAM would hold of it, or why it holds nothing. Pure: the reference data
// comes in as a ReferenceData, and nothing here touches the database.

export interface ReferenceData {
  iso3OfIso2: Map<string, string>;
  /** Paris Pact partner countries and route countries. */
  scope: Set<string>;
  pillarsOfDac: Map<string, string[]>;
  dacCodes: Set<string>;
  currencies: Set<string>;
  today: string;
}

export interface MappedActivity {
  iatiIdentifier: string;
  reportingOrg: { ref: string; name: string; type: string | null };
  title: string;
  summary: string;
  description: string;
  narratives: { title: Narrative[]; description: Narrative[] };
  implementingOrganization: string | null;
  status: ProjectStatus;
  startDate: string;
  endDate: string | null;
  budget: string;
  currency: string;
  dacCode: string;
  countries: string[];
  pillars: string[];
  capacityAreas: string[];
  textOnly: boolean;
  lastUpdated: string | null;
  /** A hash of every field the publisher owns: the same hash on re-import means "unchanged". */
  fingerprint: string;
}

export type MappingOutcome =
  | { kind: "mapped"; activity: MappedActivity; notes: Reason[] }
  | { kind: "skipped"; iatiIdentifier: string | null; countries: string[]; reasons: Reason[] }
  | { kind: "rejected"; iatiIdentifier: string | null; reasons: Reason[] };

export interface MappingOptions {
  /** Off for the conformance corpus: map everything that can be mapped, drug-related or not. */
  checkRelevance: boolean;
  checkScope: boolean;
}

const LANG_PREFERENCE = ["en", "ru"];

/** The narrative ADAM shows: English, else Russian, else the first one given. */
function preferred(list: Narrative[]): Narrative | undefined {
  for (const lang of LANG_PREFERENCE) {
    const found = list.find((n) => n.lang === lang);
    if (found) return found;
  }
  return list[0];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function isoDate(value: string | undefined): string | null {
  const match = value?.trim().match(/^(\d{4}-\d{2}-\d{2})/);
  return match ? match[1] : null;
}

/**
 * Activity dates by IATI ActivityDateType (1 planned start, 2 actual start, 3 planned end, 4 actual
 * end; 1.x names too).
 */
function activityDates(activity: XmlElement) {
  const dates = new Map<string, string>();
  const aliases: Record<string, string> = {
    "start-planned": "1",
    "start-actual": "2",
    "end-planned": "3",
    "end-actual": "4",
  };
  for (const d of childrenNamed(activity, "activity-date")) {
    const type = aliases[attr(d, "type") ?? ""] ?? attr(d, "type");
    const date = isoDate(attr(d, "iso-date")) ?? isoDate(d.text);
    if (type && date && !dates.has(type)) dates.set(type, date);
  }
  return {
    plannedStart: dates.get("1") ?? null,
    actualStart: dates.get("2") ?? null,
    plannedEnd: dates.get("3") ?? null,
    actualEnd: dates.get("4") ?? null,
  };
}

function sectorsOf(activity: XmlElement): SectorRef[] {
  const own = childrenNamed(activity, "sector");
  const fromTransactions = own.length
    ? []
    : childrenNamed(activity, "transaction").flatMap((t) => childrenNamed(t, "sector"));
  return [...own, ...fromTransactions].map((s) => ({
    code: attr(s, "code") ?? "",
    vocabulary: attr(s, "vocabulary") ?? "1",
  }));
}

function percentage(element: XmlElement): number {
  const value = Number(attr(element, "percentage"));
  return Number.isFinite(value) ? value : 0;
}

/** Recipient countries as alpha-3, and the route countries of its recipient regions. */
function placeActivity(activity: XmlElement, ref: ReferenceData, notes: Reason[]): string[] {
  const countries = new Set<string>();
  for (const c of childrenNamed(activity, "recipient-country")) {
    const code = attr(c, "code")?.toUpperCase() ?? "";
    const iso3 = ref.iso3OfIso2.get(code);
    if (iso3) countries.add(iso3);
    else notes.push(reason("iati.reason.unknownCountry", { code: code || "—", line: c.line }));
  }
  for (const r of childrenNamed(activity, "recipient-region")) {
    const code = attr(r, "code") ?? "";
    const members = regionCountries(code, attr(r, "vocabulary"));
    if (members.length) notes.push(reason("iati.reason.regionExpanded", { code, countries: members.join(", ") }));
    for (const m of members) countries.add(m);
  }
  return [...countries].sort();
}

/** The DAC code the project keeps: a drug code first, else the largest 5-digit sector ADAM knows. */
function chooseDacCode(
  sectors: SectorRef[],
  activity: XmlElement,
  ref: ReferenceData,
  pillars: string[],
): { code: string; chosen: boolean } {
  const five = childrenNamed(activity, "sector")
    .filter(
      (s) =>
        ["", "1", "DAC"].includes((attr(s, "vocabulary") ?? "1").toUpperCase()) &&
        /^\d{5}$/.test(attr(s, "code") ?? ""),
    )
    .sort((a, b) => percentage(b) - percentage(a))
    .map((s) => attr(s, "code")!);
  const codes = [...new Set([...five, ...sectors.filter((s) => /^\d{5}$/.test(s.code)).map((s) => s.code)])];
  const drug = ["16063", "12330", "15130", "31165", "43050"].find((c) => codes.includes(c));
  const known = drug ?? codes.find((c) => ref.dacCodes.has(c));
  if (known && ref.dacCodes.has(known)) return { code: known, chosen: false };
  return { code: pillars.length === 1 && pillars[0] === "IV" ? "12330" : "16063", chosen: true };
}

function fingerprintOf(
  activity: Omit<MappedActivity, "fingerprint" | "pillars" | "capacityAreas" | "textOnly">,
): string {
  return createHash("sha256").update(JSON.stringify(activity)).digest("hex");
}

type NotMapped = Exclude<MappingOutcome, { kind: "mapped" }>;

/** Whether the activity is counter-narcotics (notes say why), or why it is skipped; its own ADAM pillars. */
function relevanceOf(
  activity: XmlElement,
  sectors: SectorRef[],
  texts: string[],
  options: MappingOptions,
  notes: Reason[],
): { ownPillars: string[]; skipped?: Reason } {
  // A file ADAM exported carries its pillars: they count as classified (and as counter-narcotics).
  const ownPillars = adamPillars(
    childrenNamed(activity, "sector").map((s) => ({
      code: attr(s, "code") ?? "",
      vocabulary: attr(s, "vocabulary") ?? "1",
      uri: attr(s, "vocabulary-uri"),
    })),
  );
  if (options.checkRelevance && ownPillars.length > 0)
    notes.push(reason("iati.reason.relevantByPillar", { pillars: ownPillars.join(", ") }));
  else if (options.checkRelevance) {
    const verdict = assessRelevance(sectors, texts);
    if (!verdict.relevant) {
      const why =
        verdict.why === "no-drug-context"
          ? reason("iati.reason.noDrugContext", { code: verdict.code })
          : reason("iati.reason.notDrugRelated");
      return { ownPillars, skipped: why };
    }
    if (verdict.by === "sector") notes.push(reason("iati.reason.relevantBySector", { code: verdict.code }));
    else if (verdict.by === "sector-and-text")
      notes.push(reason("iati.reason.relevantBySectorAndText", { code: verdict.code, term: verdict.term }));
    else notes.push(reason("iati.reason.relevantByText", { term: verdict.term }));
  }
  return { ownPillars };
}

/** The activity's budget and currency, or why it is rejected. */
function budgetOf(
  activity: XmlElement,
  ref: ReferenceData,
  identifier: string,
  notes: Reason[],
): { amount: string; currency: string } | NotMapped {
  const defaultCurrency = attr(activity, "default-currency")?.toUpperCase() ?? null;
  const budget = activityBudget(activity, defaultCurrency);
  // No currency anywhere: US dollars, said so (ADAM needs one to value the budget).
  const currency = budget.currency ?? defaultCurrency ?? "USD";
  if (!budget.currency && !defaultCurrency) notes.push(reason("iati.reason.noCurrency", { currency }));
  if (!ref.currencies.has(currency))
    return {
      kind: "rejected",
      iatiIdentifier: identifier,
      reasons: [reason("iati.reason.unknownCurrency", { currency })],
    };
  if (budget.source === "commitments") notes.push(reason("iati.reason.budgetFromCommitments"));
  if (budget.source === "spending") notes.push(reason("iati.reason.budgetFromSpending"));
  // ADAM holds a budget above zero for every project.
  if (!/[1-9]/.test(budget.amount) || budget.amount.startsWith("-"))
    return { kind: "rejected", iatiIdentifier: identifier, reasons: [reason("iati.reason.noBudget"), ...notes] };
  for (const other of budget.otherCurrencies)
    notes.push(reason("iati.reason.otherCurrency", { currency: other, used: currency }));
  return { amount: budget.amount, currency };
}

/** Start and end dates (actual over planned) and ADAM's status. */
function periodOf(activity: XmlElement, ref: ReferenceData, notes: Reason[]) {
  const dates = activityDates(activity);
  const startDate =
    dates.actualStart ?? dates.plannedStart ?? isoDate(attr(activity, "last-updated-datetime")) ?? ref.today;
  if (!dates.actualStart && !dates.plannedStart) notes.push(reason("iati.reason.noStartDate", { date: startDate }));
  let endDate = dates.actualEnd ?? dates.plannedEnd;
  if (endDate && endDate < startDate) {
    notes.push(reason("iati.reason.endBeforeStart", { end: endDate }));
    endDate = null;
  }
  const statusCode = attr(firstChild(activity, "activity-status"), "code");
  const status =
    (statusCode && STATUS_FROM_IATI[statusCode]) || statusFromDates(dates.actualStart, dates.actualEnd, ref.today);
  if (statusCode === "6") notes.push(reason("iati.reason.suspended"));
  return { startDate, endDate, status };
}

/** Pillars and capacity areas (ADAM's own when the file carries them) and the DAC code. */
function classificationOf(
  activity: XmlElement,
  sectors: SectorRef[],
  texts: string[],
  ownPillars: string[],
  ref: ReferenceData,
  notes: Reason[],
) {
  const dacForClassification = sectors.map((s) => s.code).filter((c) => /^\d{5}$/.test(c));
  const classified = classifyActivity(dacForClassification, texts.join(" \n "), ref.pillarsOfDac);
  const classification = ownPillars.length
    ? {
        pillars: ownPillars,
        capacityAreas: classified.capacityAreas.filter((a) => ownPillars.includes(a.split(".")[0])),
        textOnly: false,
      }
    : classified;
  const dac = chooseDacCode(sectors, activity, ref, classification.pillars);
  if (dac.chosen) notes.push(reason("iati.reason.dacChosen", { code: dac.code }));
  if (classification.textOnly)
    notes.push(reason("iati.reason.classifiedByText", { pillars: classification.pillars.join(", ") }));
  return { classification, dacCode: dac.code };
}

/** The names ADAM shows: the description in the title's language, the implementing and reporting organisations. */
function namesOf(activity: XmlElement, titles: Narrative[], descriptions: Narrative[], defaultLang: string | null) {
  const title = preferred(titles)!;
  const description = descriptions.filter((d) => d.lang === title.lang);
  const descriptionText = (description.length ? description : descriptions).map((d) => d.text).join("\n\n");
  const participants = childrenNamed(activity, "participating-org");
  const implementing = participants.find(
    (p) => attr(p, "role") === "4" || attr(p, "role")?.toLowerCase() === "implementing",
  );
  const implementingName = implementing
    ? (preferred(narratives(implementing, defaultLang))?.text ?? attr(implementing, "ref") ?? null)
    : null;
  const reporting = firstChild(activity, "reporting-org");
  const reportingName = preferred(narratives(reporting, defaultLang))?.text ?? attr(reporting, "ref")!;
  return { title: title.text, descriptionText, implementingName, reportingName };
}

export function mapActivity(activity: XmlElement, ref: ReferenceData, options: MappingOptions): MappingOutcome {
  const defaultLang = normalizeLang(activity.attrs["xml:lang"]);
  const identifier = firstChild(activity, "iati-identifier")?.text.trim() || null;
  const reporting = firstChild(activity, "reporting-org");
  const reportingRef = attr(reporting, "ref");
  const titles = narratives(firstChild(activity, "title"), defaultLang);
  const missing: Reason[] = [];
  if (!identifier) missing.push(reason("iati.reason.noIdentifier"));
  if (titles.length === 0) missing.push(reason("iati.reason.noTitle"));
  if (!reportingRef) missing.push(reason("iati.reason.noReportingOrg"));
  if (!identifier || !reportingRef || missing.length)
    return { kind: "rejected", iatiIdentifier: identifier, reasons: missing };

  const descriptionElements = childrenNamed(activity, "description").sort((a, b) =>
    (attr(a, "type") ?? "1").localeCompare(attr(b, "type") ?? "1"),
  );
  const descriptions = descriptionElements.flatMap((d) => narratives(d, defaultLang));
  const sectors = sectorsOf(activity);
  const texts = [...titles, ...descriptions].map((n) => n.text);
  const notes: Reason[] = [];
  const { ownPillars, skipped } = relevanceOf(activity, sectors, texts, options, notes);
  if (skipped) return { kind: "skipped", iatiIdentifier: identifier, countries: [], reasons: [skipped] };

  const countries = placeActivity(activity, ref, notes);
  if (countries.length === 0)
    return { kind: "rejected", iatiIdentifier: identifier, reasons: [reason("iati.reason.noPlace"), ...notes] };
  if (options.checkScope && !countries.some((c) => ref.scope.has(c))) {
    return {
      kind: "skipped",
      iatiIdentifier: identifier,
      countries,
      reasons: [reason("iati.reason.outOfScope", { countries: countries.join(", ") })],
    };
  }
  const budget = budgetOf(activity, ref, identifier, notes);
  if ("kind" in budget) return budget;
  const { startDate, endDate, status } = periodOf(activity, ref, notes);
  const { classification, dacCode } = classificationOf(activity, sectors, texts, ownPillars, ref, notes);
  const names = namesOf(activity, titles, descriptions, defaultLang);
  const owned = {
    iatiIdentifier: identifier,
    reportingOrg: { ref: reportingRef, name: clip(names.reportingName, 200), type: attr(reporting, "type") ?? null },
    title: clip(names.title, 200),
    summary: clip(names.descriptionText || names.title, 1000),
    description: clip(names.descriptionText, 10000),
    narratives: { title: titles, description: descriptions },
    implementingOrganization: names.implementingName ? clip(names.implementingName, 200) : null,
    status,
    startDate,
    endDate,
    budget: budget.amount,
    currency: budget.currency,
    dacCode,
    countries,
    lastUpdated: attr(activity, "last-updated-datetime") ?? null,
  };
  return { kind: "mapped", activity: { ...owned, ...classification, fingerprint: fingerprintOf(owned) }, notes };
}
