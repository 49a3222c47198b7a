import { useT } from "~/i18n";

/** A labelled filter for a GET form: "Any" plus the options. */
export function FilterSelect(props: {
  id: string;
  name: string;
  label: string;
  value?: string | number;
  options: ReadonlyArray<{ value: string; label: string }>;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value === undefined ? "" : String(props.value)}>
        <option value="">{t("list.any")}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled text, search or date filter for a GET form. */
export function FilterInput(props: {
  id: string;
  name: string;
  label: string;
  value?: string;
  type?: "search" | "date" | "text";
  hint?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? "search"}
        defaultValue={props.value ?? ""}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
    </div>
  );
}
