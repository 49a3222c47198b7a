// The DAC recipient regions (IATI Region codelist, vocabulary 1) that touch the opiate trafficking
// routes, and the route countries (db/reference/trafficking-routes.csv) each contains. A regional
// activity is placed in these countries; a region not listed here (such as 998, developing countries
// unspecified) places nothing. The README shows this table.

const CENTRAL_ASIA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"];
const SOUTH_ASIA = ["AFG", "IND", "LKA", "PAK"];
const GULF_AND_IRAN = ["ARE", "IRN", "OMN", "QAT"];
const EAST_AFRICA = ["KEN", "MOZ", "TZA"];

export const REGION_COUNTRIES: Record<string, { name: string; countries: string[] }> = {
  "88": { name: "States Ex-Yugoslavia unspecified", countries: ["BIH", "HRV", "MKD", "MNE", "SRB", "SVN", "XKX"] },
  "89": { name: "Europe, regional", countries: ["ALB", "BIH", "BLR", "MKD", "MNE", "SRB", "TUR", "UKR", "XKX"] },
  "589": { name: "Middle East, regional", countries: GULF_AND_IRAN },
  "619": { name: "Central Asia, regional", countries: CENTRAL_ASIA },
  "679": { name: "South Asia, regional", countries: SOUTH_ASIA },
  "689": { name: "South & Central Asia, regional", countries: [...SOUTH_ASIA, ...CENTRAL_ASIA] },
  "798": { name: "Asia, regional", countries: [...SOUTH_ASIA, ...CENTRAL_ASIA, ...GULF_AND_IRAN] },
  "289": { name: "South of Sahara, regional", countries: [...EAST_AFRICA, "ZAF"] },
  "298": { name: "Africa, regional", countries: [...EAST_AFRICA, "ZAF"] },
  "1027": { name: "Eastern Africa, regional", countries: EAST_AFRICA },
  "1029": { name: "Southern Africa, regional", countries: ["ZAF"] },
};

/** The route countries of a region (vocabulary 1 or none), or none. */
export function regionCountries(code: string, vocabulary: string | undefined): string[] {
  if (vocabulary && vocabulary.trim() !== "" && vocabulary.trim() !== "1") return [];
  return [...(REGION_COUNTRIES[code.trim()]?.countries ?? [])].sort();
}
