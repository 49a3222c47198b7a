import { getCollectionProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { useT } from "~/i18n";
import { translateError } from "~/components/form";

// Form controls the marketplace needs beyond app/components/form.tsx: checkbox groups and grouped selects.

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => translateError(t, e)).join(" ")}
    </p>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A fieldset of checkboxes (one name, many values), optionally in labelled sub-groups. */
export function CheckboxGroup({
  field,
  legend,
  hint,
  groups,
  columns = false,
}: {
  field: FieldMetadata<string[] | undefined>;
  legend: string;
  hint?: string;
  groups: ReadonlyArray<{ label?: string; options: readonly Option[] }>;
  columns?: boolean;
}) {
  const all = groups.flatMap((g) => g.options.map((o) => o.value));
  const props = new Map(
    getCollectionProps(field, { type: "checkbox", options: all, ariaAttributes: false }).map((p) => [p.value, p]),
  );
  const describedBy =
    [hint ? `${field.id}-hint` : null, field.errors?.length ? field.errorId : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <fieldset className="field checkbox-group" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${field.id}-hint`}>
          {hint}
        </p>
      ) : null}
      {groups.map((group, index) => {
        const boxes = (
          <div className={columns ? "checkbox-columns" : "checkbox-list"}>
            {group.options.map((option) => {
              const { key, ...input } = props.get(option.value)!;
              return (
                <label key={key} className="checkbox" htmlFor={input.id}>
                  <input {...input} /> {option.label}
                </label>
              );
            })}
          </div>
        );
        return group.label ? (
          <fieldset key={group.label} className="checkbox-subgroup">
            <legend>{group.label}</legend>
            {boxes}
          </fieldset>
        ) : (
          <div key={index}>{boxes}</div>
        );
      })}
      <Errors id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

/** A select whose options come in labelled groups (optgroup). */
export function GroupedSelect({
  field,
  label,
  hint,
  placeholder,
  groups,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
  placeholder: string;
  groups: ReadonlyArray<{ label: string; options: readonly Option[] }>;
}) {
  const selectProps = getSelectProps(field, { ariaAttributes: true });
  const describedBy =
    [hint ? `${field.id}-hint` : null, field.errors?.length ? field.errorId : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${field.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select {...selectProps} key={selectProps.key} aria-describedby={describedBy}>
        <option value="">{placeholder}</option>
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((o) => (
              <option key={`${group.label}-${o.value}`} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}
