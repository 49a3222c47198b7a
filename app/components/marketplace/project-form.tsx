import type { SubmissionResult } from "@conform-to/react";
import { SelectField, TextAreaField, TextField } from "~/components/form";
import { RecommendationPicker } from "~/components/consultative/recommendation-picker";
import type { PickerOption } from "~/consultative/picker.server";
import { useLocale, useT } from "~/i18n";
import { plural } from "~/i18n/plural";
import type { MarketplaceOptions } from "~/marketplace/options.server";
import { LIMITS, PROJECT_STATUSES, ProjectSchema } from "~/projects/schema";
import { CheckboxGroup, GroupedSelect } from "./fields";
import { RecordFormFrame, useRecordForm } from "./record-form";

export interface ProjectFormDefaults {
  organizationId?: string;
  routes?: string[];
  title?: string;
  summary?: string;
  description?: string;
  pillars?: string[];
  capacityAreas?: string[];
  dacCode?: string;
  countries?: string[];
  implementingOrganization?: string;
  status?: string;
  startDate?: string;
  endDate?: string;
  budget?: string;
  currency?: string;
  iatiIdentifier?: string;
}

function useProjectForm(lastResult?: SubmissionResult<string[]> | null, defaultValue?: ProjectFormDefaults) {
  return useRecordForm(ProjectSchema, lastResult, defaultValue);
}

type ProjectFields = ReturnType<typeof useProjectForm>[1];

/** Pillars, capacity areas and the DAC code. */
function ClassificationFields({ fields, options }: { fields: ProjectFields; options: MarketplaceOptions }) {
  const t = useT();
  // The DAC codes of the pillars ticked come first (all pillars' codes until one is ticked).
  const ticked = ([] as string[]).concat((fields.pillars.value as string[] | string | undefined) ?? []);
  const suggested = ticked.length ? options.pillars.filter((p) => ticked.includes(p.code)) : options.pillars;
  return (
    <>
      <CheckboxGroup
        field={fields.pillars}
        legend={t("projects.field.pillars")}
        hint={t("projects.pillarsHint")}
        groups={[
          {
            options: options.pillars.map((p) => ({
              value: p.code,
              label: `${t("market.pillarCode", { code: p.code })}: ${p.name}`,
            })),
          },
        ]}
      />
      <CheckboxGroup
        field={fields.capacityAreas}
        legend={t("projects.field.capacityAreas")}
        hint={t("projects.areasHint")}
        groups={options.pillars.map((p) => ({
          label: `${t("market.pillarCode", { code: p.code })}: ${p.name}`,
          options: p.capacityAreas.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` })),
        }))}
      />
      <GroupedSelect
        field={fields.dacCode}
        label={t("projects.field.dacCode")}
        hint={t("projects.dacHint")}
        placeholder={t("market.choose")}
        groups={[
          ...suggested.map((p) => ({
            label: t("projects.dacForPillar", { code: p.code }),
            options: p.dacCodes.map((d) => ({ value: d.code, label: `${d.code} ${d.name}` })),
          })),
          {
            label: t("projects.dacAll"),
            options: options.dacCodes.map((d) => ({ value: d.code, label: `${d.code} ${d.name}` })),
          },
        ]}
      />
    </>
  );
}

/** The beneficiary countries, and the routes that stand for their countries. */
function PlaceFields({ fields, options }: { fields: ProjectFields; options: MarketplaceOptions }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <CheckboxGroup
        field={fields.countries}
        legend={t("projects.field.countries")}
        hint={t("projects.countriesHint")}
        columns
        groups={[{ options: options.countries.map((c) => ({ value: c.iso3, label: c.name })) }]}
      />
      <CheckboxGroup
        field={fields.routes}
        legend={t("projects.field.routes")}
        hint={t("projects.routesHint")}
        groups={[
          {
            options: options.routes.map((r) => ({
              value: r.code,
              label: plural(t, locale, "projects.routeWithCount", r.countries.length, { name: r.name }),
            })),
          },
        ]}
      />
    </>
  );
}

/** Status, period, budget and its currency. */
function StatusPeriodBudgetFields({ fields, options }: { fields: ProjectFields; options: MarketplaceOptions }) {
  const t = useT();
  return (
    <>
      <SelectField
        field={fields.status}
        label={t("projects.field.status")}
        placeholder={t("market.choose")}
        options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
      />
      <div className="row">
        <TextField field={fields.startDate} type="date" label={t("projects.field.startDate")} />
        <TextField
          field={fields.endDate}
          type="date"
          label={t("projects.field.endDate")}
          hint={t("market.endHint")}
          optional
        />
      </div>
      <div className="row">
        <TextField field={fields.budget} label={t("projects.field.budget")} hint={t("market.amountHint")} />
        <SelectField
          field={fields.currency}
          label={t("market.currency")}
          placeholder={t("market.choose")}
          options={options.currencies.map((c) => ({ value: c, label: c }))}
        />
      </div>
    </>
  );
}

/** The project form, for creating and editing; validates in the browser with the server's schema. */
export function ProjectForm({
  options,
  defaultValue,
  lastResult,
  version,
  chooseOrganization,
  cancelTo,
  picker,
}: {
  options: MarketplaceOptions;
  defaultValue?: ProjectFormDefaults;
  lastResult?: SubmissionResult<string[]> | null;
  version?: number;
  chooseOrganization?: boolean;
  cancelTo: string;
  /** The recommendations to cite (consultative mechanism); without it the links are left alone. */
  picker?: { options: readonly PickerOption[]; chosen: readonly number[] };
}) {
  const t = useT();
  const [form, fields] = useProjectForm(lastResult, defaultValue);
  return (
    <RecordFormFrame form={form} version={version} cancelTo={cancelTo}>
      {chooseOrganization ? (
        <SelectField
          field={fields.organizationId}
          label={t("projects.organization")}
          hint={t("projects.organizationHint")}
          placeholder={t("projects.organizationOwn")}
          optional
          options={options.donors.map((o) => ({ value: String(o.id), label: o.name }))}
        />
      ) : null}
      <TextField
        field={fields.title}
        label={t("projects.field.title")}
        hint={t("market.maxChars", { max: LIMITS.title })}
      />
      <TextAreaField
        field={fields.summary}
        label={t("projects.field.summary")}
        hint={t("market.maxChars", { max: LIMITS.summary })}
        rows={3}
      />
      <TextAreaField field={fields.description} label={t("projects.field.description")} optional rows={6} />
      <ClassificationFields fields={fields} options={options} />
      <PlaceFields fields={fields} options={options} />
      <TextField field={fields.implementingOrganization} label={t("projects.field.implementer")} optional />
      <StatusPeriodBudgetFields fields={fields} options={options} />
      <TextField
        field={fields.iatiIdentifier}
        label={t("projects.field.iati")}
        hint={t("projects.iatiHint")}
        optional
      />
      {picker ? <RecommendationPicker options={picker.options} chosen={picker.chosen} /> : null}
    </RecordFormFrame>
  );
}
