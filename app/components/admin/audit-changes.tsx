import { type Translate, translateOr, useT } from "~/i18n";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function show(value: Json | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** A name from the dictionary, or the raw code when the log holds one we have no words for (yet). */
function labelOr(t: Translate, key: string, code: string): string {
  return translateOr(t, key, code);
}

/** "Project edited" for `project.update`, in the reader's language. */
export const auditActionLabel = (t: Translate, action: string) => labelOr(t, `audit.act.${action}`, action);
/** "Need" for `need`. */
export const auditKindLabel = (t: Translate, entityType: string) => labelOr(t, `audit.kind.${entityType}`, entityType);
/** "Estimated cost" for `estimated_cost`. */
export const auditFieldLabel = (t: Translate, field: string) => labelOr(t, `audit.field.${field}`, field);

/** Before and after values of an audit entry, field by field; unchanged fields are left out. */
export function AuditChanges({ before, after }: { before: Json | null; after: Json | null }) {
  const t = useT();
  const asObject = (v: Json | null) =>
    v && typeof v === "object" && !Array.isArray(v) ? v : v === null ? {} : { value: v };
  const b = asObject(before);
  const a = asObject(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => show(b[k]) !== show(a[k]) || !(k in b),
  );
  if (fields.length === 0) return <span>{t("audit.none")}</span>;
  return (
    <table className="changes">
      <thead>
        <tr>
          <th scope="col">{t("audit.field")}</th>
          <th scope="col">{t("audit.before")}</th>
          <th scope="col">{t("audit.after")}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => {
          const label = auditFieldLabel(t, field);
          return (
            <tr key={field}>
              <th
                scope="row"
                className={label === field ? "code" : undefined}
                title={label === field ? undefined : field}
              >
                {label}
              </th>
              <td>{show(b[field]) ?? t("audit.none")}</td>
              <td>{show(a[field]) ?? t("audit.none")}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
