import type { SubmissionResult } from "@conform-to/react";
import { SelectField, TextAreaField, TextField } from "~/components/form";
import { useT } from "~/i18n";
import type { MarketplaceOptions } from "~/marketplace/options.server";
import { NEED_LIMITS, NeedSchema, PRIORITIES } from "~/needs/schema";
import { RecommendationPicker } from "~/components/consultative/recommendation-picker";
import type { PickerOption } from "~/consultative/picker.server";
import { GroupedSelect } from "./fields";
import { RecordFormFrame, useRecordForm } from "./record-form";

export interface NeedFormDefaults {
  country?: string;
  title?: string;
  description?: string;
  pillar?: string;
  capacityArea?: string;
  priority?: string;
  estimatedCost?: string;
  currency?: string;
  wantedStart?: string;
  wantedEnd?: string;
  recommendation?: string;
}

function useNeedForm(lastResult?: SubmissionResult<string[]> | null, defaultValue?: NeedFormDefaults) {
  return useRecordForm(NeedSchema, lastResult, defaultValue);
}

type NeedFields = ReturnType<typeof useNeedForm>[1];

/** Pillar, capacity area and priority. */
function ClassificationFields({ fields, options }: { fields: NeedFields; options: MarketplaceOptions }) {
  const t = useT();
  const pillarLabel = (code: string, name: string) => `${t("market.pillarCode", { code })}: ${name}`;
  return (
    <>
      <SelectField
        field={fields.pillar}
        label={t("needs.field.pillar")}
        placeholder={t("market.choose")}
        options={options.pillars.map((p) => ({ value: p.code, label: pillarLabel(p.code, p.name) }))}
      />
      <GroupedSelect
        field={fields.capacityArea}
        label={t("needs.field.area")}
        hint={t("needs.areaHint")}
        placeholder={t("market.choose")}
        groups={options.pillars.map((p) => ({
          label: pillarLabel(p.code, p.name),
          options: p.capacityAreas.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` })),
        }))}
      />
      <SelectField
        field={fields.priority}
        label={t("needs.field.priority")}
        placeholder={t("market.choose")}
        options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
      />
    </>
  );
}

/** The estimated cost and its currency, and the wanted period. */
function CostAndPeriodFields({ fields, options }: { fields: NeedFields; options: MarketplaceOptions }) {
  const t = useT();
  return (
    <>
      <div className="row">
        <TextField field={fields.estimatedCost} label={t("needs.field.cost")} hint={t("needs.costHint")} optional />
        <SelectField
          field={fields.currency}
          label={t("market.currency")}
          placeholder={t("market.none")}
          optional
          options={options.currencies.map((c) => ({ value: c, label: c }))}
        />
      </div>
      <div className="row">
        <TextField field={fields.wantedStart} type="date" label={t("needs.field.wantedStart")} optional />
        <TextField field={fields.wantedEnd} type="date" label={t("needs.field.wantedEnd")} optional />
      </div>
    </>
  );
}

/** The need form, for creating and editing; validates in the browser with the server's schema. */
export function NeedForm({
  options,
  countries,
  defaultValue,
  lastResult,
  version,
  cancelTo,
  picker,
}: {
  options: MarketplaceOptions;
  /** The countries this person may list needs for (a beneficiary: their own). */
  countries: ReadonlyArray<{ iso3: string; name: string }>;
  defaultValue?: NeedFormDefaults;
  lastResult?: SubmissionResult<string[]> | null;
  version?: number;
  cancelTo: string;
  /** The recommendations to cite (consultative mechanism); without it the links are left alone. */
  picker?: { options: readonly PickerOption[]; chosen: readonly number[] };
}) {
  const t = useT();
  const [form, fields] = useNeedForm(lastResult, defaultValue);
  return (
    <RecordFormFrame form={form} version={version} cancelTo={cancelTo}>
      <SelectField
        field={fields.country}
        label={t("needs.field.country")}
        placeholder={countries.length === 1 ? undefined : t("market.choose")}
        options={countries.map((c) => ({ value: c.iso3, label: c.name }))}
      />
      <TextField
        field={fields.title}
        label={t("needs.field.title")}
        hint={t("market.maxChars", { max: NEED_LIMITS.title })}
      />
      <TextAreaField
        field={fields.description}
        label={t("needs.field.description")}
        hint={t("market.maxChars", { max: NEED_LIMITS.description })}
        rows={6}
      />
      <ClassificationFields fields={fields} options={options} />
      <CostAndPeriodFields fields={fields} options={options} />
      <TextField
        field={fields.recommendation}
        label={t("needs.field.recommendation")}
        hint={t("needs.recommendationHint")}
        optional
      />
      {picker ? (
        <RecommendationPicker options={picker.options} chosen={picker.chosen} freeText={defaultValue?.recommendation} />
      ) : null}
    </RecordFormFrame>
  );
}
