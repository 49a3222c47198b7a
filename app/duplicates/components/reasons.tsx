import type { PairReasons } from "~/duplicates/score";
import { useLocale, useT } from "~/i18n";
import { formatDate, formatNumber } from "~/i18n/format";

/** The reasons behind a candidate, in words. */
export function PairReasonList({ reasons }: { reasons: PairReasons }) {
  const t = useT();
  const locale = useLocale();
  const items = [
    t("dup.reasonText", { percent: formatNumber(locale, reasons.textSimilarity * 100) }),
    reasons.sharedCountries.length ? t("dup.reasonCountries", { list: reasons.sharedCountries.join(", ") }) : null,
    reasons.sharedPillars.length ? t("dup.reasonPillars", { list: reasons.sharedPillars.join(", ") }) : null,
    reasons.sharedAreas.length ? t("dup.reasonAreas", { list: reasons.sharedAreas.join(", ") }) : null,
    t("dup.reasonOverlap", {
      from: formatDate(locale, reasons.overlap.from),
      to: reasons.overlap.to ? formatDate(locale, reasons.overlap.to) : t("gaps.openEnded"),
    }),
  ].filter(Boolean);
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
