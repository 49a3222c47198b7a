import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_foundation";
import * as m0002 from "./0002_accounts";
import * as m0003 from "./0003_projects_needs";
import * as m0004 from "./0004_search";
import * as m0005 from "./0005_pledges_invoices";
import * as m0007 from "./0007_duplicates";
import * as m0008 from "./0008_gap_speed";
import * as m0009 from "./0009_duplicate_speed";
import * as m0010 from "./0010_search_speed";
import * as m0011 from "./0011_need_gap_facts";
import * as m0012 from "./0012_search_changes";
import * as m0013 from "./0013_duplicate_versions";
import * as m0014 from "./0014_sign_in_throttle";
import * as m0015 from "./0015_outbox_claims";
import * as m0016 from "./0016_iati";
import * as m0017 from "./0017_consultative";
import * as m0018 from "./0018_api_tokens";
import * as m0019 from "./0019_notifications";
import * as m0020 from "./0020_dashboard";
import * as m0021 from "./0021_search_typos";
import * as m0023 from "./0023_search_snapshots";
import * as m0024 from "./0024_dac_names_ru";

// A static list: Kysely's FileMigrationProvider uses a native import() that fails in a bundled
// server and under vitest. Add each new migration here, in order.
const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_accounts": m0002,
  "0003_projects_needs": m0003,
  "0004_search": m0004,
  "0005_pledges_invoices": m0005,
  "0007_duplicates": m0007,
  "0008_gap_speed": m0008,
  "0009_duplicate_speed": m0009,
  "0010_search_speed": m0010,
  "0011_need_gap_facts": m0011,
  "0012_search_changes": m0012,
  "0013_duplicate_versions": m0013,
  "0014_sign_in_throttle": m0014,
  "0015_outbox_claims": m0015,
  "0016_iati": m0016,
  "0017_consultative": m0017,
  "0018_api_tokens": m0018,
  "0019_notifications": m0019,
  "0020_dashboard": m0020,
  "0021_search_typos": m0021,
  "0023_search_snapshots": m0023,
  "0024_dac_names_ru": m0024,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
