import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";

export interface MapCountryData {
  iso3: string;
  name: string;
  unmetShare: number | null;
  flagged: boolean;
}

export interface MapRoute {
  code: string;
  name: string;
  countries: string[];
}

interface Props {
  geometry: { width: number; height: number; shapesUrl: string; countries: string[]; centroids: Record<string, [number, number]> };
  data: MapCountryData[];
  routes: MapRoute[];
}

// Shades from light to dark as the unmet share grows; grey means no costed needs. Flags do not
// rely on colour: flagged countries get a thick outline and an exclamation mark.
const SHADES = ["#fde0c5", "#f6b07a", "#e07b39", "#b3471b", "#7a2306"];
const ROUTE_STYLES: Record<string, { stroke: string; dash: string }> = {
  northern: { stroke: "#1f4e9c", dash: "" },
  balkan: { stroke: "#0b6e4f", dash: "8 4" },
  southern: { stroke: "#6a1b9a", dash: "2 4" },
};

function shadeFor(share: number | null): string {
  if (share === null) return "#d9d9d9";
  return SHADES[Math.min(SHADES.length - 1, Math.floor(share * SHADES.length))];
}

export function GapMap({ geometry, data, routes }: Props) {
  const t = useT();
  const locale = useLocale();
  const byIso = new Map(data.map((d) => [d.iso3, d]));
  const percent = (v: number) => `${formatNumber(locale, v * 100)} %`;
  return (
    <figure className="gap-map">
      <svg viewBox={`0 0 ${geometry.width} ${geometry.height}`} role="img" aria-labelledby="gap-map-title gap-map-desc" style={{ width: "100%", height: "auto", background: "#eef4f8" }}>
        <title id="gap-map-title">{t("gaps.map")}</title>
        <desc id="gap-map-desc">{t("gaps.mapDesc")}</desc>
        <g>
          {geometry.countries.map((iso3) => {
            const d = byIso.get(iso3);
            return (
              <use
                key={iso3}
                href={`${geometry.shapesUrl}#${iso3}`}
                fill={d ? shadeFor(d.unmetShare) : "#f7f7f7"}
                stroke={d?.flagged ? "#000" : "#8c8c8c"}
                strokeWidth={d?.flagged ? 2.5 : 0.5}
              />
            );
          })}
        </g>
        {routes.map((route) => {
          const points = route.countries.map((iso3) => geometry.centroids[iso3]).filter(Boolean);
          const style = ROUTE_STYLES[route.code] ?? { stroke: "#333", dash: "" };
          return (
            <g key={route.code}>
              <polyline points={points.map((p) => p.join(",")).join(" ")} fill="none" stroke={style.stroke} strokeWidth={2} strokeDasharray={style.dash} opacity={0.85} />
              {route.countries.map((iso3, i) => {
                const p = geometry.centroids[iso3];
                if (!p) return null;
                return (
                  <text key={iso3} x={p[0] + 4} y={p[1] - 4} fontSize={11} fill={style.stroke} fontWeight="bold">
                    {i + 1}
                  </text>
                );
              })}
            </g>
          );
        })}
        {data
          .filter((d) => d.flagged && geometry.centroids[d.iso3])
          .map((d) => (
            <text key={`flag-${d.iso3}`} x={geometry.centroids[d.iso3][0] - 4} y={geometry.centroids[d.iso3][1] + 12} fontSize={16} fontWeight="bold" fill="#000">
              !
            </text>
          ))}
      </svg>
      <figcaption>
        <strong>{t("gaps.legend")}:</strong>{" "}
        <span className="legend-item">
          <span className="swatch" style={{ background: "#d9d9d9" }} aria-hidden="true" /> {t("gaps.legendNone")}
        </span>
        {SHADES.map((shade, i) => (
          <span key={shade} className="legend-item">
            <span className="swatch" style={{ background: shade }} aria-hidden="true" /> {t("gaps.legendShare", { from: percent(i / SHADES.length), to: percent((i + 1) / SHADES.length) })}
          </span>
        ))}
        <span className="legend-item">
          <strong aria-hidden="true">!</strong> {t("gaps.legendFlag")}
        </span>
        {routes.map((r) => (
          <span key={r.code} className="legend-item">
            <svg width="30" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="30" y2="5" stroke={ROUTE_STYLES[r.code]?.stroke} strokeWidth="2" strokeDasharray={ROUTE_STYLES[r.code]?.dash} />
            </svg>{" "}
            {r.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
