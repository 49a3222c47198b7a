import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { auditActionLabel, auditFieldLabel, auditKindLabel } from "~/components/admin/audit-changes";

// Every action and kind of record the app writes to the audit log has a name in both languages.

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const code = sources("app")
  .map((file) => readFileSync(file, "utf8"))
  .join("\n");
const actions = new Set(
  [...code.matchAll(/action: "([a-z_]+\.[a-z_]+)"/g), ...code.matchAll(/"(user\.[a-z_]+)", ip\)/g)].map((m) => m[1]),
);
// Duplicate decisions are written as `duplicate.${decision}`.
for (const decision of ["duplicate", "complementary", "dismissed"]) actions.add(`duplicate.${decision}`);
const kinds = new Set([...code.matchAll(/entityType: "([a-z_]+)"/g)].map((m) => m[1]));

describe("audit log names", () => {
  it("finds the actions and kinds in the code", () => {
    expect(actions.size).toBeGreaterThan(25);
    expect(kinds.size).toBeGreaterThan(8);
  });

  for (const locale of ["en", "ru"] as const) {
    const t = translator(locale);
    it(`names every action and kind of record in ${locale}`, () => {
      expect(
        [...actions].filter((a) => auditActionLabel(t, a) === a),
        "actions without a name",
      ).toEqual([]);
      expect(
        [...kinds].filter((k) => auditKindLabel(t, k) === k),
        "kinds without a name",
      ).toEqual([]);
    });
    it(`names the fields of the records in ${locale}, and leaves an unknown one as its code`, () => {
      for (const field of [
        "title",
        "estimated_cost",
        "status",
        "amount",
        "paid_on",
        "payment_reference",
        "justification",
        "role",
        "countries",
      ]) {
        expect(auditFieldLabel(t, field), field).not.toBe(field);
      }
      expect(auditFieldLabel(t, "some_new_column")).toBe("some_new_column");
    });
  }

  it("uses Russian words in Russian", () => {
    expect(auditActionLabel(translator("ru"), "project.update")).toBe("Проект изменён");
    expect(auditFieldLabel(translator("ru"), "estimated_cost")).toBe("Оценка стоимости");
  });
});
