import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/form";
import { PURPOSES, PledgeFormSchema } from "~/funding/schemas";
import { useT } from "~/i18n";

export interface PledgeFormDefaults {
  version?: number;
  organizationId?: number;
  amount?: string;
  currency?: string;
  periodStart?: string;
  periodEnd?: string;
  purposeKind?: string;
  pillarCode?: string | null;
  countryIso3?: string | null;
  projectId?: number | null;
  needId?: number | null;
  note?: string | null;
}

interface Props {
  lastResult?: SubmissionResult<string[]> | null;
  defaults: PledgeFormDefaults;
  /** Donors announce for their own organization only; staff choose. */
  organizations: Array<{ id: number; name: string }>;
  lockedOrganization: { id: number; name: string } | null;
  pillars: Array<{ code: string; name: string }>;
  countries: Array<{ iso3: string; name: string }>;
  currencies: string[];
  submitLabel: string;
}

const clean = (defaults: PledgeFormDefaults) =>
  Object.fromEntries(
    Object.entries(defaults)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );

function usePledgeForm(props: Props) {
  return useForm({
    lastResult: props.lastResult,
    defaultValue: clean(props.defaults),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PledgeFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}

type PledgeFields = ReturnType<typeof usePledgeForm>[1];

/** The field naming what the pledge is for, by its purpose (none for the programme). */
function PurposeTarget({
  purpose,
  fields,
  pillars,
  countries,
}: {
  purpose: string;
  fields: PledgeFields;
  pillars: Props["pillars"];
  countries: Props["countries"];
}) {
  const t = useT();
  if (purpose === "pillar")
    return (
      <SelectField
        field={fields.pillarCode}
        label={t("pledges.pillar")}
        placeholder={t("funding.choose")}
        options={pillars.map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))}
      />
    );
  if (purpose === "country")
    return (
      <SelectField
        field={fields.countryIso3}
        label={t("pledges.country")}
        placeholder={t("funding.choose")}
        options={countries.map((c) => ({ value: c.iso3, label: c.name }))}
      />
    );
  if (purpose === "project")
    return (
      <TextField
        field={fields.projectId}
        type="number"
        label={t("pledges.projectId")}
        hint={t("pledges.projectIdHint")}
      />
    );
  if (purpose === "need")
    return <TextField field={fields.needId} type="number" label={t("pledges.needId")} hint={t("pledges.needIdHint")} />;
  return null;
}

export function PledgeForm(props: Props) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = usePledgeForm(props);
  const purpose = fields.purposeKind.value ?? "programme";
  return (
    <>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        {props.defaults.version ? <input type="hidden" name="version" value={props.defaults.version} /> : null}
        {props.lockedOrganization ? (
          <>
            <input type="hidden" name="organizationId" value={props.lockedOrganization.id} />
            <p>
              <strong>{t("pledges.donor")}:</strong> {props.lockedOrganization.name}
            </p>
          </>
        ) : (
          <SelectField
            field={fields.organizationId}
            label={t("pledges.donor")}
            placeholder={t("funding.choose")}
            options={props.organizations.map((o) => ({ value: String(o.id), label: o.name }))}
          />
        )}
        <TextField field={fields.amount} label={t("pledges.amount")} hint={t("funding.amountHint")} />
        <SelectField
          field={fields.currency}
          label={t("pledges.currency")}
          placeholder={t("funding.choose")}
          options={props.currencies.map((c) => ({ value: c, label: c }))}
        />
        <TextField field={fields.periodStart} type="date" label={t("pledges.periodStart")} />
        <TextField field={fields.periodEnd} type="date" label={t("pledges.periodEnd")} />
        <SelectField
          field={fields.purposeKind}
          label={t("pledges.purpose")}
          hint={t("pledges.purposeHint")}
          options={PURPOSES.map((p) => ({ value: p, label: t(`purpose.${p}`) }))}
        />
        <PurposeTarget purpose={purpose} fields={fields} pillars={props.pillars} countries={props.countries} />
        <TextAreaField field={fields.note} label={t("pledges.note")} optional />
        <div>
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {props.submitLabel}
          </button>
        </div>
      </Form>
    </>
  );
}
