import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextField } from "~/components/form";
import { useT } from "~/i18n";
import { MEETING_KINDS, PILLAR_CODES } from "~/consultative/schema";

export interface MeetingDefaults {
  kind?: string;
  number?: string;
  topic?: string;
  pillar?: string;
  host?: string;
  city?: string;
  country?: string;
  startDate?: string;
  endDate?: string;
}

/** Adds or edits a meeting (coordinators); the server checks it with MeetingSchema. */
export function MeetingForm({
  defaultValue,
  lastResult,
  version,
  countries,
}: {
  defaultValue?: MeetingDefaults;
  lastResult?: SubmissionResult<string[]> | null;
  version?: number;
  countries: ReadonlyArray<{ iso3: string; name: string }>;
}) {
  const t = useT();
  const [form, fields] = useForm({ lastResult, defaultValue, id: "meeting-form" });
  return (
    <>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="stack wide" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="meeting" />
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
        <div className="row">
          <SelectField
            field={fields.kind}
            label={t("consult.field.kind")}
            options={MEETING_KINDS.map((k) => ({ value: k, label: k }))}
          />
          <TextField field={fields.number} label={t("consult.field.number")} optional />
          <SelectField
            field={fields.pillar}
            label={t("consult.field.pillar")}
            placeholder={t("market.none")}
            optional
            options={PILLAR_CODES.map((p) => ({ value: p, label: p }))}
          />
        </div>
        <TextField field={fields.topic} label={t("consult.field.topic")} />
        <div className="row">
          <TextField field={fields.host} label={t("consult.field.host")} optional />
          <TextField field={fields.city} label={t("consult.field.city")} optional />
          <SelectField
            field={fields.country}
            label={t("consult.field.country")}
            placeholder={t("market.none")}
            optional
            options={countries.map((c) => ({ value: c.iso3, label: c.name }))}
          />
        </div>
        <div className="row">
          <TextField field={fields.startDate} label={t("consult.field.startDate")} />
          <TextField field={fields.endDate} label={t("consult.field.endDate")} optional />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("form.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
