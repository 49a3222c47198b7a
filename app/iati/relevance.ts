// Is an IATI activity counter-narcotics technical assistance? The one home of that rule (the README
// explains it; tests/unit/iati-relevance.test.ts holds its table of cases).
//
// 1. A sector 16063 (narcotics control) or 12330 (control of harmful use of alcohol and drugs) takes it.
// 2. The alternative-development codes 31165 and 43050 are also used for livelihoods that have nothing
//    to do with drugs: with them, the text must speak of drugs. So must 15130 (legal and judicial
//    development, where drug-enforcement training often sits) and the 3-digit (vocabulary 2) codes
//    that contain a drug code (123, 151, 152, 160, 311, 430).
// 3. Otherwise the text alone takes it when it speaks of drugs in English, Russian, French, Spanish or
//    German. What only looks similar (drug-resistant tuberculosis, essential medicines) is removed from
//    the text before it is searched, so it never counts as drug context.

export interface SectorRef {
  code: string;
  /** IATI SectorVocabulary: "1" (DAC 5-digit, the default), "2" (DAC 3-digit), or another. */
  vocabulary: string;
}

export type RelevanceVerdict =
  | { relevant: true; by: "sector"; code: string }
  | { relevant: true; by: "sector-and-text"; code: string; term: string }
  | { relevant: true; by: "text"; term: string }
  | { relevant: false; why: "no-drug-context"; code: string }
  | { relevant: false; why: "not-drug-related" };

export const DRUG_SECTORS = ["16063", "12330"] as const;
export const CONTEXT_SECTORS = ["31165", "43050", "15130"] as const;
export const CONTEXT_SECTORS_3_DIGIT = ["123", "151", "152", "160", "311", "430"] as const;

const L = "\\p{L}";
/** Words that start with a stem (any ending), not inside another word. */
const stem = (s: string) => `(?<![${L}])${s}[${L}-]*`;
/** Whole words or phrases. */
const word = (s: string) => `(?<![${L}])${s}(?![${L}])`;

/** Drug context, per language. */
export const DRUG_TERMS: Record<string, string[]> = {
  en: [
    stem("narcotic"),
    stem("counter-?narcotic"),
    word(
      "drugs? (?:control|trafficking|traffickers?|trade|law enforcement|enforcement|seizures?|" +
        "interdiction|demand reduction|prevention|dependence|use|abuse|users?|policy|crime)",
    ),
    word("illicit (?:drugs?|crops?|opium|cultivation)"),
    word("(?:anti|counter)-?drugs?"),
    stem("opium"),
    stem("opiate"),
    stem("heroin"),
    word("poppy"),
    stem("cocaine"),
    word("coca(?: leaf| bush| crops?| cultivation| growers?| farmers?)?"),
    word("(?:drug|chemical) precursors?"),
    word("precursor chemicals?"),
    word("substance (?:use|abuse)"),
    word("unodc"),
  ],
  ru: [
    stem("наркоти"),
    stem("наркотраф"),
    stem("наркоконтрол"),
    stem("наркопреступ"),
    stem("антинаркот"),
    stem("опи[уа]"),
    stem("героин"),
    stem("кокаин"),
    stem("прекурсор"),
    stem("наркозавис"),
    stem("наркома"),
  ],
  fr: [
    stem("stupéfiant"),
    word("drogues?"),
    stem("narcotrafi"),
    stem("toxicomani"),
    word("opium"),
    stem("héroïne"),
    stem("cocaïne"),
    word("précurseurs? chimiques?"),
  ],
  es: [
    stem("narcotr[aá]fic"),
    stem("estupefaciente"),
    word("drogas?"),
    stem("drogodependen"),
    word("opio"),
    word("coca"),
    stem("hero[ií]na"),
    stem("coca[ií]na"),
    word("precursores? químicos?"),
    word("cultivos? ilícitos?"),
  ],
  de: [
    stem("drogen"),
    stem("rauschgift"),
    stem("betäubungsmittel"),
    word("opium"),
    stem("heroin"),
    stem("kokain"),
    stem("suchtprävention"),
    stem("suchtmittel"),
  ],
};

/** What only looks like drug context; removed before the text is searched. */
export const EXCLUSIONS: Record<string, string[]> = {
  en: [
    word("(?:multi-?)?drug-? ?resistan(?:t|ce)(?: tuberculosis| tb)?"),
    word("(?:mdr|xdr|rr)-?tb"),
    word("essential (?:medicines?|drugs?)"),
    word(
      "(?:antiretroviral|anti-?malarial|anti-?tb|tb|hiv|generic|medical|" +
        "pharmaceutical) drugs?(?: (?:supply|use|procurement|users?))?",
    ),
    word("drugs? (?:supply|procurement|resistance|regulatory|registration)(?: chain)?"),
    word("medicines? supply"),
  ],
  ru: [
    stem("лекарственно-?устойчив"),
    word("лекарственн\\p{L}* устойчивост\\p{L}*"),
    word("(?:основн|жизненно важн)\\p{L}* лекарств\\p{L}*(?: средств\\p{L}*)?"),
    stem("мультирезистент"),
  ],
  fr: [
    word("médicaments? essentiels?"),
    stem("pharmacorésist"),
    stem("multirésist"),
    word("résistan(?:t|te|ce) aux médicaments"),
  ],
  es: [
    word("medicamentos? esenciales?"),
    stem("farmacorresist"),
    stem("multirresist"),
    word("drogas? antirretrovirales?"),
    word("resistente a (?:los )?medicamentos"),
  ],
  de: [
    word("unentbehrliche arzneimittel"),
    stem("arzneimittelresist"),
    stem("multiresist"),
    word("drogen(?:-| )?resisten\\p{L}*"),
  ],
};

const compile = (table: Record<string, string[]>) => new RegExp(Object.values(table).flat().join("|"), "giu");
const DRUG_PATTERN = new RegExp(compile(DRUG_TERMS).source, "iu");
const EXCLUSION_PATTERN = compile(EXCLUSIONS);

/**
 * The first drug term in the texts once the look-alikes are removed, or null. The term is copied:
 * V8 cuts a match of 13 characters or more as a view of the whole lowercased text, and the term
 * goes into a reason that the import's report keeps for every activity (1.2 KB each, not 20 bytes).
 */
export function drugContext(texts: string[]): string | null {
  const text = texts.join(" \n ").normalize("NFC").toLowerCase().replace(EXCLUSION_PATTERN, " ");
  const match = DRUG_PATTERN.exec(text);
  return match ? Array.from(match[0]).join("") : null;
}

function dacCodes(sectors: SectorRef[]): { five: string[]; three: string[] } {
  const five: string[] = [];
  const three: string[] = [];
  for (const s of sectors) {
    const vocabulary = s.vocabulary.trim().toUpperCase();
    const code = s.code.trim();
    if (["", "1", "DAC"].includes(vocabulary) && /^\d{5}$/.test(code)) five.push(code);
    else if (["2", "DAC-3"].includes(vocabulary) && /^\d{3}$/.test(code)) three.push(code);
  }
  return { five, three };
}

export function assessRelevance(sectors: SectorRef[], texts: string[]): RelevanceVerdict {
  const { five, three } = dacCodes(sectors);
  const strong = DRUG_SECTORS.find((code) => five.includes(code));
  if (strong) return { relevant: true, by: "sector", code: strong };
  const term = drugContext(texts);
  const contextual =
    CONTEXT_SECTORS.find((code) => five.includes(code)) ?? CONTEXT_SECTORS_3_DIGIT.find((code) => three.includes(code));
  if (contextual && term) return { relevant: true, by: "sector-and-text", code: contextual, term };
  if (term) return { relevant: true, by: "text", term };
  if (contextual && ["31165", "43050"].includes(contextual))
    return { relevant: false, why: "no-drug-context", code: contextual };
  return { relevant: false, why: "not-drug-related" };
}
