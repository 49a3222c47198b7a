import { useState } from "react";
import type { FrameId, MapLayout, RouteLeg } from "~/gaps/map.server";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { plural } from "~/i18n/plural";
import { compactUsd } from "./money";

export interface MapCountryData {
  iso3: string;
  name: string;
  /** A short name for the label on the map. */
  label: string;
  unmetUsd: number;
  needs: number;
  flaggedCells: number;
  /** Quantile class of the unmet amount, -1 for nothing unmet. */
  cls: number;
  /** Where the country's row is (its first route on the page). */
  row: string;
}

export interface MapRoute {
  code: string;
  name: string;
  legs: RouteLeg[];
}

interface Props {
  geometry: MapLayout;
  data: MapCountryData[];
  routes: MapRoute[];
  breaks: number[];
}

const ROUTE_COLOURS: Record<string, string> = { northern: "#1f4e9c", balkan: "#0b6e4f", southern: "#6a1b9a" };
const INSET_TITLES: Record<Exclude<FrameId, "main">, MessageKey> = {
  see: "gaps.insetSee",
  gulf: "gaps.insetGulf",
  lka: "gaps.insetLka",
};

/**
 * The routes' map: countries by reference to the cached shapes, route countries shaded by quantile
 * of their unmet amount, flagged ones hatched as well, each a link to its row with its figures in
 * a <title> (and, with JavaScript, a tooltip that also follows the keyboard focus).
 */
export function GapMap({ geometry, data, routes, breaks }: Props) {
  const t = useT();
  const locale = useLocale();
  const [tip, setTip] = useState<Tip>(null);
  const byIso = new Map(data.map((d) => [d.iso3, d]));
  const figures = (d: MapCountryData) =>
    `${d.name}${d.iso3 === "XKX" ? "*" : ""}: ${t("gaps.mapFigures", {
      unmet: compactUsd(locale, d.unmetUsd),
      needs: plural(t, locale, "plural.needs", d.needs),
      flagged: plural(t, locale, "gaps.flaggedCount", d.flaggedCells),
    })}`;
  const frame = { geometry, byIso, routes, figures, onTip: setTip };

  return (
    <figure className="gap-map" aria-labelledby="gap-map-title">
      <div className="gap-map-box">
        <svg
          viewBox={`0 0 ${geometry.width} ${geometry.height}`}
          role="group"
          aria-labelledby="gap-map-title"
          aria-describedby="gap-map-desc"
        >
          <title id="gap-map-title">{t("gaps.map")}</title>
          <desc id="gap-map-desc">{t("gaps.mapDesc")}</desc>
          <defs>
            <pattern id="map-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="6" stroke="#000" strokeWidth="1.6" />
            </pattern>
            {geometry.frames
              .filter((f) => f.id !== "main")
              .map((f) => (
                <clipPath key={f.id} id={`map-clip-${f.id}`}>
                  <rect x={f.x} y={f.y} width={f.width} height={f.height} />
                </clipPath>
              ))}
          </defs>
          <rect width={geometry.width} height={geometry.height} className="map-sea-bg" />
          <FrameContent frame="main" {...frame} />
          {geometry.frames
            .filter((f) => f.id !== "main")
            .map((f) => (
              <g key={f.id}>
                {f.locator ? <rect {...f.locator} className="map-locator" /> : null}
                <g clipPath={`url(#map-clip-${f.id})`}>
                  <rect x={f.x} y={f.y} width={f.width} height={f.height} className="map-sea-bg" />
                  <FrameContent frame={f.id} {...frame} />
                </g>
                <rect x={f.x} y={f.y} width={f.width} height={f.height} className="map-inset" />
                <text x={f.x + 4} y={f.y + 12} className="map-inset-title">
                  {t(INSET_TITLES[f.id as Exclude<FrameId, "main">])}
                </text>
              </g>
            ))}
        </svg>
        {tip ? (
          <div
            className="map-tip"
            aria-hidden="true"
            style={{ left: `${(tip.x / geometry.width) * 100}%`, top: `${(tip.y / geometry.height) * 100}%` }}
          >
            {tip.text}
          </div>
        ) : null}
      </div>
      <MapLegend breaks={breaks} routes={routes} />
    </figure>
  );
}

type Tip = { x: number; y: number; text: string } | null;

interface FrameProps {
  frame: FrameId;
  geometry: MapLayout;
  byIso: Map<string, MapCountryData>;
  routes: MapRoute[];
  figures: (d: MapCountryData) => string;
  onTip: (tip: Tip) => void;
}

/** One frame of the map (the main one or an inset): the land, the route countries, the route legs, the labels. */
function FrameContent({ frame, geometry, byIso, routes, figures, onTip }: FrameProps) {
  return (
    <>
      <use href={`${geometry.shapesUrl}#all-${frame}`} className="map-land" />
      {geometry.uses
        .filter((u) => u.frame === frame)
        .map((u) => {
          const d = byIso.get(u.iso3);
          const href = `${geometry.shapesUrl}#${u.id}`;
          if (!d) return null;
          const label = geometry.labels[u.iso3];
          const show = () => label && onTip({ x: label.x, y: label.y, text: figures(d) });
          return (
            <a
              key={u.id}
              href={`#${d.row}`}
              className="map-country"
              onFocus={show}
              onMouseEnter={show}
              onBlur={() => onTip(null)}
              onMouseLeave={() => onTip(null)}
            >
              <title>{figures(d)}</title>
              <use href={href} className={`map-q${d.cls}`} />
              {d.flaggedCells ? <use href={href} className="map-hatch" /> : null}
            </a>
          );
        })}
      {routes.flatMap((r) =>
        r.legs
          .filter((leg) => leg.frame === frame)
          .map((leg, i) => (
            <polyline
              key={`${r.code}-${i}`}
              className={leg.sea ? "map-leg map-sea" : "map-leg"}
              stroke={ROUTE_COLOURS[r.code] ?? "#333"}
              points={leg.points.map((p) => p.join(",")).join(" ")}
            />
          )),
      )}
      {Object.entries(geometry.labels)
        .filter(([, l]) => l.home === frame)
        .map(([iso3, l]) => (
          <text key={iso3} x={l.x} y={l.y} className="map-label" aria-hidden="true">
            {byIso.get(iso3)?.label ?? iso3}
          </text>
        ))}
    </>
  );
}

function MapLegend({ breaks, routes }: { breaks: number[]; routes: MapRoute[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <figcaption>
      <strong>{t("gaps.legend")}:</strong>{" "}
      <span className="legend-item">
        <span className="swatch map-q-1" aria-hidden="true" /> {t("gaps.legendNothing")}
      </span>
      {breaks.map((upTo, i) => (
        <span key={upTo} className="legend-item">
          <span className={`swatch map-q${i}`} aria-hidden="true" />{" "}
          {t("gaps.legendUnmet", {
            from: i ? compactUsd(locale, breaks[i - 1]) : compactUsd(locale, 0),
            to: compactUsd(locale, upTo),
          })}
        </span>
      ))}
      <span className="legend-item">
        <span className="swatch swatch-hatch" aria-hidden="true" /> {t("gaps.legendFlag")}
      </span>
      {routes.map((r) => (
        <span key={r.code} className="legend-item">
          <svg width="30" height="10" aria-hidden="true">
            <line x1="0" y1="5" x2="30" y2="5" stroke={ROUTE_COLOURS[r.code]} strokeWidth="3" />
          </svg>{" "}
          {r.name}
        </span>
      ))}
      <span className="legend-item">
        <svg width="30" height="10" aria-hidden="true">
          <line x1="0" y1="5" x2="30" y2="5" className="map-leg map-sea" stroke="#333" />
        </svg>{" "}
        {t("gaps.legendSea")}
      </span>
      <span className="legend-note">{t("gaps.mapScaleNote")}</span>
    </figcaption>
  );
}
