import { Link } from "@remix-run/react";
import { useT } from "~/i18n";
import type { Citation } from "~/consultative/citing.server";

/**
 * What a need's or project's details say under "Recommendations answered": each cited
 * recommendation (meeting, number, pillar) linked to its page; with none linked yet, the free text
 * written before recommendations could be linked, said to be that; otherwise "none".
 */
export function CitedRecommendations({ citations, legacy }: { citations: readonly Citation[]; legacy: string | null }) {
  const t = useT();
  if (citations.length === 0) return <>{legacy ? t("consult.picker.freeText", { text: legacy }) : t("market.none")}</>;
  return (
    <ul data-testid="cited-recommendations">
      {citations.map((c) => (
        <li key={c.id}>
          <Link to={`/recommendations/${c.id}`}>
            {t("consult.cited.item", {
              meeting: c.meetingLabel,
              number: t("consult.recs.number", { number: c.number }),
              pillar: c.pillarCode,
              pillarName: c.pillarName,
            })}
          </Link>
          {c.status === "endorsed" ? null : ` (${t(`consult.status.${c.status}`)})`}
        </li>
      ))}
    </ul>
  );
}
