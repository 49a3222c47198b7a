import { parse } from "csv-parse/sync";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { RecordError } from "~/marketplace/errors";
import { inTransaction } from "~/utils/transaction.server";
import { canManageConsultative } from "./edit.server";
import { insertRecommendation } from "./recommendations.server";
import { RecommendationSchema, type RecommendationInput } from "./schema";

// A meeting's whole list of recommendations from one CSV file (header: number, pillar, text_en,
// text_ru, status, endorsed_by, superseded_by; the last two are meeting ids). Every row is checked
// first; if any row is wrong nothing is imported and each error names its line and column.

export const IMPORT_COLUMNS = [
  "number",
  "pillar",
  "text_en",
  "text_ru",
  "status",
  "endorsed_by",
  "superseded_by",
] as const;
export const MAX_IMPORT_BYTES = 512 * 1024;

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

export type ImportResult = { ok: true; created: number } | { ok: false; errors: ImportRowError[] };

const FIELD_OF: Record<string, string> = {
  number: "number",
  pillar: "pillar",
  textEn: "text_en",
  textRu: "text_ru",
  status: "status",
  endorsedBy: "endorsed_by",
  supersededBy: "superseded_by",
};

function readRows(text: string): Record<string, string>[] | ImportRowError {
  try {
    return parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { line, field: "file", message: "consult.import.unreadable" };
  }
}

export async function importRecommendations(
  db: Kysely<Database>,
  actor: Actor,
  meetingId: number,
  text: string,
  ip: string | null = null,
): Promise<ImportResult> {
  if (!canManageConsultative(actor)) throw new RecordError("forbidden");
  const rows = readRows(text);
  if (!Array.isArray(rows)) return { ok: false, errors: [rows] };
  if (!rows.length) return { ok: false, errors: [{ line: 1, field: "file", message: "consult.import.empty" }] };
  const missing = ["number", "pillar", "text_en", "text_ru", "status"].filter((c) => !(c in rows[0]));
  if (missing.length)
    return { ok: false, errors: missing.map((field) => ({ line: 1, field, message: "consult.import.missingColumn" })) };

  const errors: ImportRowError[] = [];
  const inputs: { line: number; input: RecommendationInput }[] = [];
  const numbers = new Map<number, number>();
  rows.forEach((row, i) => {
    const line = i + 2; // the header is line 1
    const parsed = RecommendationSchema.safeParse({
      meetingId,
      number: row.number,
      pillar: row.pillar,
      textEn: row.text_en,
      textRu: row.text_ru,
      status: row.status,
      endorsedBy: row.endorsed_by ?? "",
      supersededBy: row.superseded_by ?? "",
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ line, field: FIELD_OF[String(issue.path[0])] ?? "file", message: issue.message });
      return;
    }
    const seen = numbers.get(parsed.data.number);
    if (seen) errors.push({ line, field: "number", message: "consult.import.repeatedNumber" });
    numbers.set(parsed.data.number, line);
    inputs.push({ line, input: parsed.data });
  });
  if (errors.length) return { ok: false, errors };

  const taken = await db.selectFrom("recommendations").select("number").where("meeting_id", "=", meetingId).execute();
  for (const t of taken) {
    const line = numbers.get(t.number);
    if (line) errors.push({ line, field: "number", message: "consult.numberTaken" });
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };

  try {
    await inTransaction(db, async (trx) => {
      for (const { line, input } of inputs) {
        try {
          await insertRecommendation(trx, actor, input, ip);
        } catch (error) {
          if (error instanceof RecordError && error.code === "invalid")
            throw new LineError({
              line,
              field: FIELD_OF[error.field ?? ""] ?? "file",
              message: error.messageKey ?? "form.invalid",
            });
          throw error;
        }
      }
    });
  } catch (error) {
    if (error instanceof LineError) return { ok: false, errors: [error.detail] };
    throw error;
  }
  return { ok: true, created: inputs.length };
}

class LineError extends Error {
  constructor(readonly detail: ImportRowError) {
    super(`line ${detail.line}: ${detail.message}`);
  }
}
