import { describe, expect, it } from "vitest";
import { assessRelevance, drugContext, type SectorRef } from "~/iati/relevance";

// The relevance rule's table of cases: each sector rule, each language, each exclusion.
const dac = (code: string): SectorRef => ({ code, vocabulary: "1" });
const dac3 = (code: string): SectorRef => ({ code, vocabulary: "2" });

const cases: Array<{ name: string; sectors: SectorRef[]; text: string; relevant: boolean; by?: string }> = [
  // Sectors that take an activity by themselves.
  {
    name: "16063 narcotics control",
    sectors: [dac("16063")],
    text: "Institutional support",
    relevant: true,
    by: "sector",
  },
  {
    name: "12330 harmful use of alcohol and drugs",
    sectors: [dac("12330")],
    text: "Community programme",
    relevant: true,
    by: "sector",
  },
  // Alternative development needs drug context.
  {
    name: "31165 alone (livelihoods)",
    sectors: [dac("31165")],
    text: "Rural livelihoods and irrigation for smallholder farmers",
    relevant: false,
  },
  { name: "43050 alone (livelihoods)", sectors: [dac("43050")], text: "Income generation for women", relevant: false },
  {
    name: "31165 with opium poppy",
    sectors: [dac("31165")],
    text: "Alternatives to opium poppy cultivation",
    relevant: true,
    by: "sector-and-text",
  },
  {
    name: "43050 with illicit crops",
    sectors: [dac("43050")],
    text: "Replacing illicit crops with coffee",
    relevant: true,
    by: "sector-and-text",
  },
  // Where drug work hides in real data.
  {
    name: "15130 with drug law enforcement",
    sectors: [dac("15130")],
    text: "Training of drug law enforcement officers",
    relevant: true,
    by: "sector-and-text",
  },
  {
    name: "15130 without drugs",
    sectors: [dac("15130")],
    text: "Judicial reform and court administration",
    relevant: false,
  },
  {
    name: "vocabulary 2, 3-digit 152 with narcotics",
    sectors: [dac3("152")],
    text: "Counter-narcotics capacity of border police",
    relevant: true,
    by: "sector-and-text",
  },
  {
    name: "vocabulary 2, 3-digit 160 without drugs",
    sectors: [dac3("160")],
    text: "Social protection",
    relevant: false,
  },
  {
    name: "a 3-digit code under vocabulary 1 is not a DAC code",
    sectors: [{ code: "160", vocabulary: "1" }],
    text: "Social protection",
    relevant: false,
  },
  // Text alone, per language.
  { name: "English", sectors: [dac("15110")], text: "Strengthening drug control agencies", relevant: true, by: "text" },
  {
    name: "Russian",
    sectors: [],
    text: "Противодействие незаконному обороту наркотиков в Таджикистане",
    relevant: true,
    by: "text",
  },
  { name: "French", sectors: [], text: "Lutte contre le trafic de stupéfiants", relevant: true, by: "text" },
  { name: "Spanish", sectors: [], text: "Cooperación contra el narcotráfico", relevant: true, by: "text" },
  {
    name: "German",
    sectors: [],
    text: "Unterstützung der Drogenbekämpfung in Zentralasien",
    relevant: true,
    by: "text",
  },
  // Exclusions: what only looks similar.
  {
    name: "drug-resistant tuberculosis",
    sectors: [dac("12263")],
    text: "Treatment of drug-resistant tuberculosis",
    relevant: false,
  },
  {
    name: "multidrug-resistant TB",
    sectors: [],
    text: "MDR-TB and multidrug-resistant tuberculosis care",
    relevant: false,
  },
  {
    name: "essential medicines supply",
    sectors: [dac("12220")],
    text: "Supply of essential medicines and drug procurement",
    relevant: false,
  },
  {
    name: "antiretroviral drugs",
    sectors: [],
    text: "Antiretroviral drugs for people living with HIV",
    relevant: false,
  },
  {
    name: "Russian exclusion",
    sectors: [],
    text: "Лечение туберкулёза с лекарственной устойчивостью",
    relevant: false,
  },
  { name: "French exclusion", sectors: [], text: "Accès aux médicaments essentiels", relevant: false },
  { name: "Spanish exclusion", sectors: [], text: "Acceso a medicamentos esenciales", relevant: false },
  { name: "German exclusion", sectors: [], text: "Versorgung mit unentbehrliche Arzneimittel", relevant: false },
  {
    name: "an exclusion does not hide real drug context",
    sectors: [],
    text: "Drug-resistant TB clinics and drug trafficking interdiction",
    relevant: true,
    by: "text",
  },
  { name: "nothing drug-related", sectors: [dac("11220")], text: "Primary education", relevant: false },
];

describe("IATI relevance rule", () => {
  it.each(cases)("$name", ({ sectors, text, relevant, by }) => {
    const verdict = assessRelevance(sectors, [text]);
    expect(verdict.relevant).toBe(relevant);
    if (by && verdict.relevant) expect(verdict.by).toBe(by);
  });

  it("says why alternative development alone is not taken", () => {
    expect(assessRelevance([dac("31165")], ["Irrigation"])).toEqual({
      relevant: false,
      why: "no-drug-context",
      code: "31165",
    });
  });
});

describe("drugContext", () => {
  it("gives the matched term alone, as a string of its own (not a view of the whole text)", () => {
    const long = `${"Training of customs officers. ".repeat(40)}Drug law enforcement for border agencies.`;
    expect(drugContext([long])).toBe("drug law enforcement");
    expect(drugContext(["Road maintenance"])).toBeNull();
  });
});
