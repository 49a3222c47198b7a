import { z } from "zod";
import { fromCents } from "~/money/decimal";

// Money stays a decimal string end to end; arithmetic in JavaScript uses BigInt cents, so no amount
// ever passes through a float. (Sums over many rows are done by PostgreSQL's numeric instead.)

const MONEY = /^\d{1,16}(\.\d{1,2})?$/;
const QUANTITY = /^\d{1,9}(\.\d{1,3})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const moneySchema = z
  .string()
  .trim()
  .regex(MONEY, "Enter an amount such as 1250 or 1250.50")
  .refine((v) => toCents(v) > 0n, "The amount must be more than zero");
export const quantitySchema = z
  .string()
  .trim()
  .regex(QUANTITY, "Enter a quantity with at most three decimals")
  .refine((v) => toMilli(v) > 0n, "The quantity must be more than zero");
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Enter an ISO 4217 code such as EUR");
export const dateSchema = z
  .string()
  .regex(DATE, "Enter a date as YYYY-MM-DD")
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    "Not a calendar date",
  );

function scaled(value: string | number, digits: number): bigint {
  const text = String(value);
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const units =
    BigInt(whole || "0") * 10n ** BigInt(digits) + BigInt((fraction + "0".repeat(digits)).slice(0, digits) || "0");
  return negative ? -units : units;
}

/** "1250.5" -> 125050n. Callers validate first; extra decimals would be cut, so they are refused upstream. */
export function toCents(value: string | number): bigint {
  return scaled(value, 2);
}

export function toMilli(value: string | number): bigint {
  return scaled(value, 3);
}

/** 125050n -> "1250.50" (the one implementation, in app/money/decimal.ts). */
export { fromCents };

/** quantity x unit price rounded half up to the cent, as PostgreSQL's round(numeric, 2) does. */
export function lineAmount(quantity: string, unitPrice: string): string {
  const thousandthsOfCents = toMilli(quantity) * toCents(unitPrice);
  return fromCents((thousandthsOfCents + 500n) / 1000n);
}

export function sumMoney(values: Array<string | number>): string {
  return fromCents(values.reduce<bigint>((sum, v) => sum + toCents(v), 0n));
}

/** Adds days to a calendar date ("YYYY-MM-DD"), in UTC so no time zone moves it. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * ISO 11649 structured creditor reference ("RF" + two check digits + the invoice number without
 * dashes): banks in Europe validate it, so a mistyped reference is caught before the money moves.
 */
export function creditorReference(invoiceNumber: string): string {
  const body = invoiceNumber.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
  const digits = `${body}RF00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  const check = 98n - (BigInt(digits) % 97n);
  return `RF${check.toString().padStart(2, "0")}${body}`;
}

export function isValidCreditorReference(reference: string): boolean {
  const moved = `${reference.slice(4)}${reference.slice(0, 4)}`.toUpperCase();
  const digits = moved.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return /^\d+$/.test(digits) && BigInt(digits) % 97n === 1n;
}
