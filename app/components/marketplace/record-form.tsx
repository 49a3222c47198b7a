import { getFormProps, useForm, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormErrors } from "~/components/form";
import { useT } from "~/i18n";

// What the project and the need forms share: validation in the browser with the server's own schema
// (blur first, then as the person types), and the frame around the fields — the form's own errors, the
// CSRF token, the version an edit was made from (a stale edit is refused by the server), Save and Cancel.

/** What a form may start with: the schema's input fields, as the strings a form holds. */
export type FormDefaults<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>> = NonNullable<
  Parameters<typeof useForm<z.input<Schema>, z.output<Schema>>>[0]["defaultValue"]
>;

/** A conform form validated by `schema`, the same zod schema the action parses with. */
export function useRecordForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  schema: Schema,
  lastResult: SubmissionResult<string[]> | null | undefined,
  defaultValue: FormDefaults<Schema> | undefined,
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}

/** The form element around a record's fields, with its errors above and Save / Cancel below. */
export function RecordFormFrame<Shape extends Record<string, unknown>>({
  form,
  version,
  cancelTo,
  children,
}: {
  form: FormMetadata<Shape, string[]>;
  /** The version being edited (absent when creating). */
  version?: number;
  cancelTo: string;
  children: ReactNode;
}) {
  const t = useT();
  const navigation = useNavigation();
  return (
    <>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="stack wide" {...getFormProps(form)}>
        <CsrfInput />
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
        {children}
        <div className="actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("form.save")}
          </button>
          <Link to={cancelTo}>{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
