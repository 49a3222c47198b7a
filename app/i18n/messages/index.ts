import { accountMessages } from "./accounts";
import { adminMessages } from "./admin";
import { formMessages } from "./forms";
import { fundingMessages } from "./funding";
import { gapMessages } from "./gaps";
import { matchMessages } from "./matches";
import { profileMessages } from "./profile";
import { invoiceMessages } from "./invoices";
import { marketplaceMessages } from "./marketplace";
import { needMessages } from "./needs";
import { projectMessages } from "./projects";
import { publicMessages } from "./public";
import { searchMessages } from "./search";
import { iatiMessages } from "./iati";
import { consultativeMessages } from "./consultative";
import { apiMessages } from "./api";
import { exportMessages } from "./exports";
import { dashboardMessages } from "./dashboard";
import { notificationMessages } from "./notifications";
import { refusalMessages } from "./refusals";
import { flashMessages } from "./flash";
import { titleMessages } from "./titles";

// Every feature's dictionary, merged. Add a feature's file here (one line each, to keep merges easy).
const features = [
  publicMessages,
  formMessages,
  accountMessages,
  gapMessages,
  adminMessages,
  profileMessages,
  searchMessages,
  matchMessages,
  fundingMessages,
  invoiceMessages,
  marketplaceMessages,
  projectMessages,
  needMessages,
  iatiMessages,
  consultativeMessages,
  apiMessages,
  exportMessages,
  dashboardMessages,
  notificationMessages,
  refusalMessages,
  flashMessages,
  titleMessages,
] as const;

type Feature = (typeof features)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type AllEnglish = UnionToIntersection<Feature["en"]>;

export type MessageKey = keyof AllEnglish & string;

function merge(locale: "en" | "ru"): Record<MessageKey, string> {
  const merged: Record<string, string> = {};
  for (const feature of features) {
    for (const [key, value] of Object.entries(feature[locale])) {
      if (key in merged) throw new Error(`Duplicate message key: ${key}`);
      merged[key] = value as string;
    }
  }
  return merged as Record<MessageKey, string>;
}

export const en = merge("en");
export const ru = merge("ru");
