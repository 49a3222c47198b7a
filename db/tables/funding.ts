import type { ColumnType, Generated } from "kysely";
import type { Decimal, DateString, Timestamp, JsonValue } from "./columns";
import type { Locale } from "./reference";

// Settings, pledges, invoices and payments.

export type PledgePurposeKind = "programme" | "pillar" | "country" | "project" | "need";

export type InvoiceStatus = "draft" | "issued" | "partly_paid" | "paid" | "void";

export interface SettingsTable {
  key: string;
  value: ColumnType<JsonValue, string, string>;
  version: ColumnType<number, number | undefined, number>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface PledgesTable {
  id: Generated<number>;
  organization_id: number;
  amount: Decimal;
  currency: string;
  period_start: DateString;
  period_end: DateString;
  purpose_kind: PledgePurposeKind;
  pillar_code: string | null;
  country_iso3: string | null;
  project_id: number | null;
  need_id: number | null;
  note: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvoiceCountersTable {
  year: number;
  last_number: number;
}

export interface InvoicesTable {
  id: Generated<number>;
  number: string | null;
  year: number | null;
  sequence: number | null;
  pledge_id: number;
  bill_to_organization_id: number;
  bill_to_name: string;
  bill_to_address: ColumnType<string, string | undefined, string>;
  language: ColumnType<Locale, Locale | undefined, Locale>;
  currency: string;
  total: ColumnType<string, string | number | undefined, string | number>;
  issue_date: DateString | null;
  due_date: DateString | null;
  payment_reference: string | null;
  status: ColumnType<InvoiceStatus, InvoiceStatus | undefined, InvoiceStatus>;
  void_reason: string | null;
  voided_at: Timestamp | null;
  voided_by: number | null;
  replaces_invoice_id: number | null;
  /** Snapshots taken at issue: later changes to the settings never alter an issued invoice. */
  issuer: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  bank_instructions: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  issued_at: Timestamp | null;
  issued_by: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvoiceLinesTable {
  id: Generated<number>;
  invoice_id: number;
  position: number;
  description: string;
  quantity: Decimal;
  unit_price: Decimal;
  amount: Decimal;
}

export interface InvoicePaymentsTable {
  id: Generated<number>;
  invoice_id: number;
  amount: Decimal;
  paid_on: DateString;
  bank_reference: string;
  recorded_by: number | null;
  created_at: Timestamp;
}
