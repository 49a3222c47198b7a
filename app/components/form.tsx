import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { isMessageKey, useT, type Translate } from "~/i18n";

/** Error strings from the schemas are message keys; anything else is shown as it is. */
export function translateError(t: Translate, error: string): string {
  return isMessageKey(error) ? t(error) : error;
}

function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => translateError(t, e)).join(" ")}
    </p>
  );
}

interface FieldProps {
  label: string;
  hint?: string;
  optional?: boolean;
}

function Label({ htmlFor, label, optional }: { htmlFor: string; label: string; optional?: boolean }) {
  const t = useT();
  return (
    <label htmlFor={htmlFor}>
      {label}
      {optional ? <span className="hint"> ({t("form.optional")})</span> : null}
    </label>
  );
}

function describedBy(field: FieldMetadata<unknown>, hint?: string): string | undefined {
  const ids = [hint ? `${field.id}-hint` : null, field.errors?.length ? field.errorId : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** A field's label, hint and errors around its control: one layout for inputs, text areas and selects. */
function FieldFrame({
  field,
  label,
  optional,
  hint,
  children,
}: FieldProps & { field: FieldMetadata<unknown>; children: ReactNode }) {
  return (
    <div className="field">
      <Label htmlFor={field.id} label={label} optional={optional} />
      {hint ? (
        <p className="hint" id={`${field.id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextField({
  field,
  type = "text",
  autoComplete,
  ...props
}: FieldProps & {
  field: FieldMetadata<string | number | undefined>;
  type?: "text" | "email" | "password" | "number" | "date" | "search";
  autoComplete?: string;
}) {
  const inputProps = getInputProps(field as FieldMetadata<string>, { type, ariaAttributes: true });
  return (
    <FieldFrame field={field} {...props}>
      <input
        {...inputProps}
        key={inputProps.key}
        autoComplete={autoComplete}
        aria-describedby={describedBy(field as FieldMetadata<unknown>, props.hint)}
      />
    </FieldFrame>
  );
}

export function TextAreaField({
  field,
  rows = 4,
  ...props
}: FieldProps & { field: FieldMetadata<string | undefined>; rows?: number }) {
  const textareaProps = getTextareaProps(field, { ariaAttributes: true });
  return (
    <FieldFrame field={field} {...props}>
      <textarea
        {...textareaProps}
        key={textareaProps.key}
        rows={rows}
        aria-describedby={describedBy(field as FieldMetadata<unknown>, props.hint)}
      />
    </FieldFrame>
  );
}

export function SelectField({
  field,
  options,
  placeholder,
  ...props
}: FieldProps & {
  field: FieldMetadata<string | number | undefined>;
  options: ReadonlyArray<{ value: string | number; label: string }>;
  placeholder?: string;
}) {
  const selectProps = getSelectProps(field as FieldMetadata<string>, { ariaAttributes: true });
  return (
    <FieldFrame field={field} {...props}>
      <select
        {...selectProps}
        key={selectProps.key}
        aria-describedby={describedBy(field as FieldMetadata<unknown>, props.hint)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A summary at the top of a form that failed on the server, announced to screen readers. */
export function FormErrors({ errors, id }: { errors?: string[] | null; id: string }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <div id={id} className="notice error" role="alert">
      {errors.map((e) => (
        <p key={e}>{translateError(t, e)}</p>
      ))}
    </div>
  );
}

export function Notice({
  kind = "info",
  children,
}: {
  kind?: "info" | "error" | "success" | "warning";
  children: ReactNode;
}) {
  return (
    <div className={`notice ${kind === "info" ? "" : kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
