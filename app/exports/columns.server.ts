import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { translateOr, translator, type Locale, type MessageKey, type Translate } from "~/i18n";
import { today } from "~/forms/dates";
import { convertToUsd, ratesAsOf, type RateInfo } from "~/money/exchange.server";
import { dacName } from "~/reference/reference.server";
import { csvResponse, type Cell, type CellKind } from "./csv.server";

// What every list's export is made of: typed columns with headers in the reader's language, the
// reference labels that stand beside codes, and today's exchange rates for the USD columns.

export interface ExportContext {
  locale: Locale;
  t: Translate;
  /** The valuation day of the USD columns (today, UTC). */
  asOf: string;
  rates: Map<string, RateInfo>;
  pillars: Map<string, { number: number; name: string }>;
  areas: Map<string, string>;
  countries: Map<string, string>;
  dac: Map<string, string>;
}

export interface Column<R> {
  header: MessageKey;
  kind?: CellKind;
  value: (row: R, x: ExportContext) => Cell;
}

/** The reference tables are small (a few hundred rows): read once per export, not per row. */
export async function exportContext(db: Kysely<Database>, locale: Locale): Promise<ExportContext> {
  const asOf = today();
  const ru = locale === "ru";
  const [rates, pillars, areas, countries, dac] = await Promise.all([
    ratesAsOf(db, asOf),
    db.selectFrom("pillars").select(["code", "number", "name_en", "name_ru"]).execute(),
    db.selectFrom("capacity_areas").select(["code", "name_en", "name_ru"]).execute(),
    db.selectFrom("countries").select(["iso3", "name_en", "name_ru"]).execute(),
    db.selectFrom("dac_codes").select(["code", "name", "name_ru"]).execute(),
  ]);
  return {
    locale,
    t: translator(locale),
    asOf,
    rates,
    pillars: new Map(pillars.map((p) => [p.code, { number: p.number, name: ru ? p.name_ru : p.name_en }])),
    areas: new Map(areas.map((a) => [a.code, ru ? a.name_ru : a.name_en])),
    countries: new Map(countries.map((c) => [c.iso3.trim(), ru ? c.name_ru : c.name_en])),
    dac: new Map(dac.map((d) => [d.code, dacName(d, locale)])),
  };
}

/** Several values in one cell (a regional project's countries, say). */
export const joined = (values: readonly (string | number | null | undefined)[]) =>
  values.filter((v) => v !== null && v !== undefined).join("; ");

/** A dictionary label, or the raw code when the dictionary has no words for it. */
export function label(t: Translate, prefix: string, code: string | null | undefined): string {
  if (!code) return "";
  return translateOr(t, `${prefix}${code}`, code);
}

export const isoDateTime = (value: Date | string | null | undefined) =>
  value ? new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z") : "";

export const idColumn = <R extends { id: number }>(header: MessageKey = "csv.id"): Column<R> => ({
  header,
  kind: "number",
  value: (r) => r.id,
});

export const textColumn = <R>(header: MessageKey, value: (row: R) => Cell): Column<R> => ({ header, value });

export const numberColumn = <R>(header: MessageKey, value: (row: R) => Cell): Column<R> => ({
  header,
  kind: "number",
  value,
});

export const dateColumn = <R>(header: MessageKey, value: (row: R) => Date | string | null | undefined): Column<R> => ({
  header,
  kind: "date",
  value: (r) => {
    const v = value(r);
    return v instanceof Date ? isoDateTime(v) : (v ?? "");
  },
});

/** A status (or any coded value): its code, then its label in the reader's language. */
export function codeColumns<R>(
  codeHeader: MessageKey,
  labelHeader: MessageKey,
  prefix: string,
  code: (row: R) => string | null | undefined,
): Column<R>[] {
  return [
    { header: codeHeader, value: (r) => code(r) ?? "" },
    { header: labelHeader, value: (r, x) => label(x.t, prefix, code(r)) },
  ];
}

export function countryColumns<R>(
  codes: (row: R) => readonly string[],
  headers: [MessageKey, MessageKey] = ["csv.countryCodes", "csv.countries"],
): Column<R>[] {
  return [
    { header: headers[0], value: (r) => joined(codes(r)) },
    { header: headers[1], value: (r, x) => joined(codes(r).map((c) => x.countries.get(c.trim()) ?? c)) },
  ];
}

export function pillarColumns<R>(codes: (row: R) => readonly string[]): Column<R>[] {
  return [
    { header: "csv.pillarCodes", value: (r) => joined(codes(r)) },
    { header: "csv.pillarNumbers", value: (r, x) => joined(codes(r).map((c) => x.pillars.get(c)?.number)) },
    { header: "csv.pillars", value: (r, x) => joined(codes(r).map((c) => x.pillars.get(c)?.name ?? c)) },
  ];
}

export function areaColumns<R>(codes: (row: R) => readonly string[]): Column<R>[] {
  return [
    { header: "csv.areaCodes", value: (r) => joined(codes(r)) },
    { header: "csv.areas", value: (r, x) => joined(codes(r).map((c) => x.areas.get(c) ?? c)) },
  ];
}

/** USD at today's rate, or nothing when the amount or its currency's rate is missing. */
function usd(x: ExportContext, amount: string | null | undefined, currency: string | null | undefined) {
  if (amount === null || amount === undefined || !currency || !x.rates.has(currency.trim())) return null;
  return convertToUsd(x.rates, amount, currency);
}

/** An exact amount and its currency, then its USD value at today's rate and that rate's date. */
export function moneyColumns<R>(
  amountHeader: MessageKey,
  amount: (row: R) => string | null | undefined,
  currency: (row: R) => string | null | undefined,
): Column<R>[] {
  return [
    { header: amountHeader, kind: "number", value: (r) => amount(r) },
    { header: "csv.currency", value: (r) => currency(r)?.trim() },
    { header: "csv.usd", kind: "number", value: (r, x) => usd(x, amount(r), currency(r))?.usd },
    // The rate's date needs no conversion: looked up, not computed again.
    {
      header: "csv.rateDate",
      kind: "date",
      value: (r, x) => (amount(r) == null ? null : x.rates.get(currency(r)?.trim() ?? "")?.rateDate),
    },
  ];
}

/** The helpers above bound to one row type (TypeScript cannot infer it inside a spread). */
export function columnsFor<R>() {
  return {
    text: (header: MessageKey, value: (row: R) => Cell) => textColumn<R>(header, value),
    number: (header: MessageKey, value: (row: R) => Cell) => numberColumn<R>(header, value),
    date: (header: MessageKey, value: (row: R) => Date | string | null | undefined) => dateColumn<R>(header, value),
    code: (
      codeHeader: MessageKey,
      labelHeader: MessageKey,
      prefix: string,
      code: (row: R) => string | null | undefined,
    ) => codeColumns<R>(codeHeader, labelHeader, prefix, code),
    countries: (codes: (row: R) => readonly string[], headers?: [MessageKey, MessageKey]) =>
      countryColumns<R>(codes, headers),
    pillars: (codes: (row: R) => readonly string[]) => pillarColumns<R>(codes),
    areas: (codes: (row: R) => readonly string[]) => areaColumns<R>(codes),
    money: (
      header: MessageKey,
      amount: (row: R) => string | null | undefined,
      currency: (row: R) => string | null | undefined,
    ) => moneyColumns<R>(header, amount, currency),
  };
}

/** A list's export: its columns and its records, page after page. */
export interface ExportDefinition<R> {
  filename: string;
  columns: readonly Column<R>[];
  pages: AsyncIterable<readonly R[]>;
}

async function* cells<R>(
  pages: AsyncIterable<readonly R[]>,
  columns: readonly Column<R>[],
  x: ExportContext,
): AsyncGenerator<Cell[]> {
  for await (const page of pages) for (const row of page) yield columns.map((c) => c.value(row, x));
}

/**
 * The streamed CSV response of an export, headers and labels in the reader's language. The first page
 * is read before answering, so that a refusal or a database failure is a proper status, not a cut file.
 */
export async function exportResponse<R>(
  db: Kysely<Database>,
  locale: Locale,
  definition: ExportDefinition<R>,
): Promise<Response> {
  const x = await exportContext(db, locale);
  const { columns } = definition;
  const pages = definition.pages[Symbol.asyncIterator]();
  const first = await pages.next();
  async function* all(): AsyncGenerator<readonly R[]> {
    try {
      if (first.done) return;
      yield first.value;
      for (let next = await pages.next(); !next.done; next = await pages.next()) yield next.value;
    } finally {
      await pages.return?.(undefined); // a cancelled download stops reading pages
    }
  }
  return csvResponse(
    `${definition.filename}-${x.asOf}.csv`,
    columns.map((c) => x.t(c.header)),
    columns.map((c) => c.kind ?? "text"),
    cells(all(), columns, x),
  );
}
