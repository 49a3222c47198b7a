import { createRequire } from "node:module";
import { geoBounds, geoConicConformal, type GeoProjection } from "d3-geo";
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from "geojson";
import countries from "i18n-iso-countries";
import polylabel from "polylabel";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { type Box, FIXED_ANCHORS, type FrameId, HEIGHT, INSETS, WIDTH } from "./map-frames";

// The atlas's countries, the frames' projections and each country's anchor point, computed once per process.

let cachedFeatures: Array<{ iso3: string; f: Feature<Geometry, { name: string }>; bounds: Box }> | undefined;
let cachedProjections: Record<FrameId, GeoProjection> | undefined;
const anchors = new Map<string, Position>();

function iso3Of(f: Feature<Geometry, { name: string }>): string | undefined {
  if (f.id !== undefined) return countries.numericToAlpha3(String(f.id)) ?? undefined;
  // Natural Earth leaves Kosovo without an ISO number; ADAM uses XKX for it.
  return f.properties?.name === "Kosovo" ? "XKX" : undefined;
}

/** The world's countries (1:50m) with their ISO alpha-3 codes. */
export function atlasCountries() {
  if (cachedFeatures) return cachedFeatures;
  const require = createRequire(import.meta.url);
  const topology = require("world-atlas/countries-50m.json") as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const all = (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
  cachedFeatures = all.flatMap((f) => {
    const iso3 = iso3Of(f);
    return iso3 ? [{ iso3, f, bounds: geoBounds(f) as [[number, number], [number, number]] }] : [];
  });
  return cachedFeatures;
}

/** The projection of each frame (the insets clipped to their rectangle). */
export function mapProjections(): Record<FrameId, GeoProjection> {
  if (cachedProjections) return cachedProjections;
  // The routes run from Western Europe to South Africa and Sri Lanka: a fixed frame around them
  // (fitting Russia's whole territory would shrink everything else).
  const main = geoConicConformal().parallels([10, 50]).rotate([-45, 0]);
  main.fitExtent(
    [
      [20, 20],
      [WIDTH - 20, HEIGHT - 20],
    ],
    {
      type: "MultiPoint",
      coordinates: [
        [0, 58],
        [85, 58],
        [0, -35],
        [85, -35],
        [45, 62],
      ],
    },
  );
  const projections: Partial<Record<FrameId, GeoProjection>> = { main };
  for (const inset of INSETS) {
    const { x, y, width, height } = inset.rect;
    const [[w, s], [e, n]] = inset.bounds;
    const centre = (w + e) / 2;
    const p = geoConicConformal().parallels([s, n]).rotate([-centre, 0]);
    p.fitExtent(
      [
        [x, y],
        [x + width, y + height],
      ],
      {
        type: "MultiPoint",
        coordinates: [
          [w, s],
          [e, s],
          [w, n],
          [e, n],
          [centre, n],
          [centre, s],
        ],
      },
    );
    p.clipExtent([
      [x, y],
      [x + width, y + height],
    ]);
    projections[inset.id] = p;
  }
  cachedProjections = projections as Record<FrameId, GeoProjection>;
  return cachedProjections;
}

function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(sum / 2);
}

/**
 * The point of a country where its name and the route lines go: the pole of inaccessibility of its
 * largest polygon (polylabel), which lies inside it, unlike a centroid (Croatia's is in Bosnia).
 */
export function countryAnchor(iso3: string, geometry: Geometry): Position {
  if (FIXED_ANCHORS[iso3]) return FIXED_ANCHORS[iso3];
  const known = anchors.get(iso3);
  if (known) return known;
  const polygons: Position[][][] =
    geometry.type === "Polygon"
      ? [(geometry as Polygon).coordinates]
      : geometry.type === "MultiPolygon"
        ? (geometry as MultiPolygon).coordinates
        : [];
  const largest = polygons.reduce((best, p) => (ringArea(p[0]) > ringArea(best[0]) ? p : best), polygons[0]);
  const point = polylabel(largest as Array<Array<[number, number]>>, 0.01);
  anchors.set(iso3, [point[0], point[1]]);
  return [point[0], point[1]];
}
