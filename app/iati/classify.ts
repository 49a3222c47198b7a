// Pillar and capacity area of an imported activity: the DAC codes first (db/reference/pillars.json,
// loaded into pillar_dac_codes), the text to narrow or, failing codes, to decide. When only the text
// decided, the project is marked "classified automatically, please review".

/** The vocabulary ADAM publishes its pillars under (IATI SectorVocabulary 99, the reporting organisation's own). */
export const PILLAR_VOCABULARY_URI = "https://adam.parispact.net/iati/pillars";

/** Pillars an activity carries in ADAM's own vocabulary (a file ADAM exported): they decide. */
export function adamPillars(sectors: Array<{ code: string; vocabulary: string; uri?: string }>): string[] {
  return [
    ...new Set(
      sectors
        .filter((s) => s.vocabulary === "99" && s.uri === PILLAR_VOCABULARY_URI && /^(I|II|III|IV)$/.test(s.code))
        .map((s) => s.code),
    ),
  ].sort();
}

export interface Classification {
  pillars: string[];
  capacityAreas: string[];
  /** True when no DAC code of the activity placed it in a pillar. */
  textOnly: boolean;
}

const w = (s: string) => new RegExp(`(?<![\\p{L}])(?:${s})`, "iu");

/** Words that point to a pillar, in the languages donors publish in. */
const PILLAR_WORDS: Record<string, RegExp> = {
  I: w(
    "border|cross-border|regional cooperation|law enforcement|police|customs|interdiction|container|" +
      "maritime|port control|seizure|границ|таможн|полици|правоохран|frontière|douane|frontera|aduana|" +
      "grenz|zoll|polizei",
  ),
  II: w(
    "money laundering|illicit financial|financial intelligence|anti-money|aml|asset recovery|" +
      "asset forfeiture|отмывани|финансов|blanchiment|blanqueo|lavado de (?:dinero|activos)|geldwäsche",
  ),
  III: w(
    "precursor|chemical|forensic|organi[sz]ed crime|investigat|прекурсор|химическ|криминалист|" +
      "организованн|précurseur|chimique|criminalité organisée|precursores|crimen organizado|" +
      "ausgangsstoff|organisierte kriminalität",
  ),
  IV: w(
    "prevention|treatment|rehabilitat|harm reduction|drug use|dependence|health|профилакт|лечени|" +
      "реабилит|зависимост|prévention|traitement|prevención|tratamiento|prävention|behandlung|sucht",
  ),
};

/** Words that point to a capacity area; an area counts only inside the pillars chosen. */
const AREA_WORDS: Array<[string, RegExp]> = [
  ["I.1", w("afghan|афган")],
  ["I.4", w("border management|border control|border guard|пограни|gestion des frontières|grenzschutz")],
  ["I.6", w("data collection|research|survey|сбор данных|исследован")],
  ["I.7", w("information sharing|exchange of information|обмен информаци")],
  ["I.8", w("training|обучени|подготовк|formation|capacitación|schulung|ausbildung")],
  ["I.9", w("container|maritime|seaport|port control|контейнер|морск")],
  ["II.1", w("financial intelligence|fiu|финансовой развед")],
  ["II.5", w("money laundering|aml|anti-money|отмывани|blanchiment|blanqueo|geldwäsche")],
  ["II.6", w("asset recovery|confiscat|возврат активов")],
  ["III.3", w("forensic|криминалист|médico-légal|forense|forensi")],
  ["III.4", w("organi[sz]ed crime|организованн|criminalité organisée|crimen organizado|organisierte kriminalität")],
  ["III.7", w("pre-export notification|pen online")],
  ["IV.1", w("prevention|профилакт|prévention|prevención|prävention")],
  ["IV.2", w("treatment|лечени|traitement|tratamiento|behandlung")],
  ["IV.4", w("rehabilitat|reintegrat|реабилит|réinsertion|reinserción")],
];

export function classifyActivity(
  dacCodes: string[],
  text: string,
  pillarsOfDac: Map<string, string[]>,
): Classification {
  const byCode = [...new Set(dacCodes.flatMap((code) => pillarsOfDac.get(code) ?? []))].sort();
  const byText = Object.entries(PILLAR_WORDS)
    .filter(([, pattern]) => pattern.test(text))
    .map(([pillar]) => pillar);
  let pillars: string[];
  if (byCode.length > 0) {
    // The text narrows the pillars the codes allow; it never adds one the codes rule out.
    const narrowed = byCode.filter((p) => byText.includes(p));
    pillars = narrowed.length > 0 ? narrowed : byCode;
  } else {
    // Text alone; an activity that names no pillar at all goes to pillar I (regional initiatives),
    // where the Paris Pact places comprehensive programmes, for a person to review.
    pillars = byText.length > 0 ? byText : ["I"];
  }
  const capacityAreas = AREA_WORDS.filter(
    ([area, pattern]) => pillars.includes(area.split(".")[0]) && pattern.test(text),
  ).map(([area]) => area);
  return { pillars: pillars.sort(), capacityAreas: capacityAreas.sort(), textOnly: byCode.length === 0 };
}
