import { useT } from "~/i18n";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function show(value: Json | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Before and after values of an audit entry, field by field; unchanged fields are left out. */
export function AuditChanges({ before, after }: { before: Json | null; after: Json | null }) {
  const t = useT();
  const asObject = (v: Json | null) => (v && typeof v === "object" && !Array.isArray(v) ? v : v === null ? {} : { value: v });
  const b = asObject(before);
  const a = asObject(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => show(b[k]) !== show(a[k]) || !(k in b));
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
        {fields.map((field) => (
          <tr key={field}>
            <th scope="row" className="code">
              {field}
            </th>
            <td>{show(b[field]) ?? t("audit.none")}</td>
            <td>{show(a[field]) ?? t("audit.none")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
