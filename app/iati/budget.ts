import { childrenNamed, attr, firstChild, type XmlElement } from "./xml";
import { sumAmounts } from "~/money/decimal";

// The budget of an activity: the sum of its budget elements, a revised budget (type 2) replacing the
// original (type 1) of the same period; without budgets, the sum of its commitments (transaction type
// 2, or "C" in files written the 1.x way); failing those, its disbursements and expenditures.
// Values in another currency than the activity's are left out and reported.

export interface BudgetResult {
  amount: string;
  currency: string | null;
  source: "budgets" | "commitments" | "spending" | "none";
  /** Currencies of values left out because they differ from the one used. */
  otherCurrencies: string[];
}

interface Value {
  amount: string;
  currency: string | null;
}

function valueOf(element: XmlElement | undefined, defaultCurrency: string | null): Value | null {
  if (!element) return null;
  const amount = toMoney(element.text.replace(/[,\s]/g, ""));
  if (amount === null) return null;
  return { amount, currency: attr(element, "currency")?.toUpperCase() ?? defaultCurrency };
}

function sum(values: Value[], preferred: string | null): Omit<BudgetResult, "source"> {
  const currencies = [...new Set(values.map((v) => v.currency).filter((c): c is string => Boolean(c)))];
  const currency = preferred && currencies.includes(preferred) ? preferred : (currencies[0] ?? preferred);
  const kept = values.filter((v) => (v.currency ?? currency) === currency);
  return {
    amount: sumAmounts(kept.map((v) => v.amount)),
    currency,
    otherCurrencies: currencies.filter((c) => c !== currency),
  };
}

export function activityBudget(activity: XmlElement, defaultCurrency: string | null): BudgetResult {
  const periods = new Map<string, { type: string; value: Value }>();
  for (const budget of childrenNamed(activity, "budget")) {
    const value = valueOf(firstChild(budget, "value"), defaultCurrency);
    if (!value) continue;
    const start = attr(firstChild(budget, "period-start"), "iso-date") ?? "";
    const end = attr(firstChild(budget, "period-end"), "iso-date") ?? "";
    const key = `${start}|${end}`;
    const type = attr(budget, "type") ?? "1";
    const seen = periods.get(key);
    // Revised replaces original; of two budgets of the same type and period, the later one counts.
    if (!seen || type === "2" || seen.type !== "2") periods.set(key, { type, value });
  }
  if (periods.size > 0)
    return {
      ...sum(
        [...periods.values()].map((p) => p.value),
        defaultCurrency,
      ),
      source: "budgets",
    };
  const commitments = transactionValues(activity, ["2", "C"], defaultCurrency);
  if (commitments.length > 0) return { ...sum(commitments, defaultCurrency), source: "commitments" };
  // Neither: what was disbursed and spent (3, 4; "D", "E" the 1.x way) is the least it cost.
  const spending = transactionValues(activity, ["3", "4", "D", "E"], defaultCurrency);
  if (spending.length > 0) return { ...sum(spending, defaultCurrency), source: "spending" };
  return { amount: "0", currency: defaultCurrency, source: "none", otherCurrencies: [] };
}

function transactionValues(activity: XmlElement, types: string[], defaultCurrency: string | null): Value[] {
  const values: Value[] = [];
  for (const transaction of childrenNamed(activity, "transaction")) {
    if (!types.includes(attr(firstChild(transaction, "transaction-type"), "code") ?? "")) continue;
    const value = valueOf(firstChild(transaction, "value"), defaultCurrency);
    if (value) values.push(value);
  }
  return values;
}

/** A decimal value rounded to cents (half away from zero), or null when it is not a number. */
export function toMoney(text: string): string | null {
  const match = /^(-)?(\d{1,18})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, minus, whole, fraction = ""] = match;
  let cents = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  if (Number(fraction[2] ?? "0") >= 5) cents += 1n;
  const abs = `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
  return minus && cents !== 0n ? `-${abs}` : abs;
}
