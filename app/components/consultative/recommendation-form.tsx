import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/form";
import { useT } from "~/i18n";
import { PILLAR_CODES, RECOMMENDATION_STATUSES } from "~/consultative/schema";

export interface RecommendationDefaults {
  meetingId?: string;
  number?: string;
  pillar?: string;
  textEn?: string;
  textRu?: string;
  status?: string;
  endorsedBy?: string;
  supersededBy?: string;
}

type MeetingOption = { id: number; label: string; kind: string };

/** Enters or edits one recommendation of a meeting (coordinators). */
export function RecommendationForm({
  meetingId,
  meetings,
  defaultValue,
  lastResult,
  version,
}: {
  meetingId: number;
  meetings: readonly MeetingOption[];
  defaultValue?: RecommendationDefaults;
  lastResult?: SubmissionResult<string[]> | null;
  version?: number;
}) {
  const t = useT();
  const [form, fields] = useForm({ lastResult, defaultValue, id: "recommendation-form" });
  return (
    <>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="stack wide" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="recommendation" />
        <input type="hidden" name="meetingId" value={meetingId} />
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
        <div className="row">
          <TextField field={fields.number} label={t("consult.field.number")} />
          <SelectField
            field={fields.pillar}
            label={t("consult.field.pillar")}
            placeholder={t("market.choose")}
            options={PILLAR_CODES.map((p) => ({ value: p, label: p }))}
          />
          <SelectField
            field={fields.status}
            label={t("consult.field.status")}
            options={RECOMMENDATION_STATUSES.map((s) => ({ value: s, label: t(`consult.status.${s}`) }))}
          />
        </div>
        <TextAreaField field={fields.textEn} label={t("consult.field.textEn")} />
        <TextAreaField field={fields.textRu} label={t("consult.field.textRu")} />
        <div className="row">
          <SelectField
            field={fields.endorsedBy}
            label={t("consult.field.endorsedBy")}
            placeholder={t("market.none")}
            optional
            options={meetings.filter((m) => m.kind === "PCG").map((m) => ({ value: m.id, label: m.label }))}
          />
          <SelectField
            field={fields.supersededBy}
            label={t("consult.field.supersededBy")}
            placeholder={t("market.none")}
            optional
            options={meetings.map((m) => ({ value: m.id, label: m.label }))}
          />
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
