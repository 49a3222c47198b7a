import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { isPositiveAmount } from "~/money/amount";
import { compareAmounts as compareDecimal, toCents } from "~/money/decimal";
import { detectLanguage } from "~/marketplace/errors";
import { parseNeedFilters, parseProjectFilters, withParams } from "~/marketplace/filters";
import { NeedSchema } from "~/needs/schema";
import { ProjectSchema } from "~/projects/schema";

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) data.append(k, x);
  return data;
}

const project = {
  title: "Border liaison offices",
  summary: "Offices at three crossings.",
  pillars: "I",
  capacityAreas: "I.4",
  dacCode: "16063",
  countries: "TJK",
  status: "active",
  startDate: "2025-03-01",
  budget: "100000",
  currency: "EUR",
};

function errors(schema: typeof ProjectSchema | typeof NeedSchema, fields: Record<string, string | string[]>) {
  const submission = parseWithZod(form(fields), { schema });
  return submission.status === "success" ? {} : (submission.error ?? {});
}

describe("money and text rules", () => {
  it("accepts positive amounts with at most two decimals", () => {
    for (const ok of ["1", "0.01", "250000.5", "1234567890123456.99"]) expect(isPositiveAmount(ok), ok).toBe(true);
    for (const bad of ["0", "0.00", "-5", "1.234", "1e6", "1,000", "", "abc", "01", "12345678901234567"])
      expect(isPositiveAmount(bad), bad).toBe(false);
  });
  it("detects Russian text", () => {
    expect(detectLanguage("Профилактика наркомании среди молодёжи")).toBe("ru");
    expect(detectLanguage("Strengthening the FIU", null)).toBe("en");
  });
});

describe("the project form's schema", () => {
  it("accepts a valid project and a single ticked box as a list", () => {
    const submission = parseWithZod(form(project), { schema: ProjectSchema });
    expect(submission.status).toBe("success");
    if (submission.status === "success")
      expect(submission.value).toMatchObject({ pillars: ["I"], countries: ["TJK"], routes: [], budget: "100000" });
  });
  it("explains every broken rule at once", () => {
    const found = errors(ProjectSchema, {
      ...project,
      title: "",
      pillars: [],
      capacityAreas: "III.1",
      countries: [],
      budget: "12.345",
      endDate: "2025-02-01",
    });
    expect(found).toMatchObject({
      title: ["form.required"],
      pillars: ["projects.pillarsRequired"],
      countries: ["projects.countriesRequired"],
      capacityAreas: ["projects.areaOutsidePillars"],
      budget: ["market.amountInvalid"],
      endDate: ["market.endBeforeStart"],
    });
  });
  it("accepts a route instead of countries, and bounds text lengths", () => {
    expect(errors(ProjectSchema, { ...project, countries: [], routes: "northern" })).toEqual({});
    expect(errors(ProjectSchema, { ...project, title: "x".repeat(201) })).toMatchObject({ title: ["form.tooLong"] });
    expect(errors(ProjectSchema, { ...project, summary: "x".repeat(1001) })).toMatchObject({
      summary: ["form.tooLong"],
    });
  });
  it("checks dates, budgets, currencies and IATI identifiers", () => {
    expect(errors(ProjectSchema, { ...project, startDate: "2025-02-30" })).toMatchObject({
      startDate: ["form.dateInvalid"],
    });
    expect(errors(ProjectSchema, { ...project, budget: "0" })).toMatchObject({ budget: ["market.amountInvalid"] });
    expect(errors(ProjectSchema, { ...project, budget: "-10" })).toMatchObject({ budget: ["market.amountInvalid"] });
    expect(errors(ProjectSchema, { ...project, currency: "euro" })).toMatchObject({ currency: ["form.choose"] });
    expect(errors(ProjectSchema, { ...project, iatiIdentifier: "has spaces in it" })).toMatchObject({
      iatiIdentifier: ["projects.iatiFormat"],
    });
    expect(errors(ProjectSchema, { ...project, iatiIdentifier: "NOHYPHEN" })).toMatchObject({
      iatiIdentifier: ["projects.iatiFormat"],
    });
    expect(errors(ProjectSchema, { ...project, iatiIdentifier: "GB-GOV-1-ABC.123" })).toEqual({});
  });
});

describe("the need form's schema", () => {
  const need = {
    country: "TJK",
    title: "Scanners",
    description: "Two scanners.",
    pillar: "I",
    capacityArea: "I.4",
    priority: "critical",
  };
  it("accepts a need without a cost", () => {
    expect(errors(NeedSchema, need)).toEqual({});
  });
  it("wants the area in the pillar, cost and currency together, and an ordered period", () => {
    expect(errors(NeedSchema, { ...need, capacityArea: "IV.1" })).toMatchObject({
      capacityArea: ["needs.areaOutsidePillar"],
    });
    expect(errors(NeedSchema, { ...need, estimatedCost: "100" })).toMatchObject({
      currency: ["needs.currencyWithCost"],
    });
    expect(errors(NeedSchema, { ...need, currency: "EUR" })).toMatchObject({
      estimatedCost: ["needs.costWithCurrency"],
    });
    expect(errors(NeedSchema, { ...need, wantedStart: "2026-05-01", wantedEnd: "2026-01-01" })).toMatchObject({
      wantedEnd: ["market.endBeforeStart"],
    });
    expect(errors(NeedSchema, { ...need, priority: "urgent" })).toMatchObject({ priority: ["form.choose"] });
  });
});

describe("list filters in the URL", () => {
  it("ignores malformed parameters instead of failing", () => {
    const f = parseProjectFilters(
      new URLSearchParams("page=-3&pillar=V&country=tjk&year=1700&sort=drop&organization=x&status=active"),
    );
    expect(f).toMatchObject({
      page: 1,
      pillar: undefined,
      country: undefined,
      year: undefined,
      sort: "updated",
      organization: undefined,
      status: "active",
    });
    expect(parseNeedFilters(new URLSearchParams("priority=critical&route=northern&page=3"))).toMatchObject({
      priority: "critical",
      route: "northern",
      page: 3,
    });
  });
  it("keeps the other filters when changing the page", () => {
    expect(withParams("?pillar=I&page=2", { page: 3 })).toBe("?pillar=I&page=3");
    expect(withParams("?pillar=I", { pillar: undefined })).toBe("?");
  });
});

describe("form money helpers", () => {
  it("compare exact decimals, never floats", () => {
    expect(compareDecimal("10000000000000000.01", "10000000000000000.00")).toBe(1);
    expect(toCents("12.3")).toBe(1230n);
  });
});
