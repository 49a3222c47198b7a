import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { geoCentroid, geoConicConformal, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import countries from "i18n-iso-countries";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

// A server-rendered map of the routes: Natural Earth countries (world-atlas, 1:110m) projected
// with d3-geo. Computed once per process; the page shades it with the gap data.

export interface MapGeometry {
  width: number;
  height: number;
  countries: Array<{ iso3: string; d: string }>;
  centroids: Record<string, [number, number]>;
}

/** What the page needs: the shapes themselves are served once, cached, at `shapesUrl`. */
export interface MapLayout {
  width: number;
  height: number;
  /** /route-map.svg with a version of the shapes, so the browser may keep it for ever. */
  shapesUrl: string;
  countries: string[];
  centroids: Record<string, [number, number]>;
}

// Where a route line meets a country whose centroid is far from the trafficking (Russia's is in Siberia).
const ANCHORS: Record<string, [number, number]> = { RUS: [37.6, 55.75] };
const WIDTH = 960;
const HEIGHT = 720;
let cached: MapGeometry | undefined;
let cachedShapes: { svg: string; version: string } | undefined;

function iso3Of(f: Feature<Geometry, { name: string }>): string | undefined {
  if (f.id !== undefined) return countries.numericToAlpha3(String(f.id)) ?? undefined;
  // Natural Earth leaves some places without an ISO number.
  return f.properties?.name === "Kosovo" ? "XKX" : undefined;
}

/** The map of the region of the routes. */
export function routeMapGeometry(): MapGeometry {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const topology = require("world-atlas/countries-110m.json") as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const all = (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
  // The routes run from Western Europe to South Africa and Sri Lanka: a fixed frame around them
  // (fitting Russia's whole territory would shrink everything else).
  const projection = geoConicConformal().parallels([10, 50]).rotate([-45, 0]);
  projection.fitExtent(
    [
      [20, 20],
      [WIDTH - 20, HEIGHT - 20],
    ],
    { type: "MultiPoint", coordinates: [[0, 58], [85, 58], [0, -35], [85, -35], [45, 62]] },
  );
  // A tenth of a pixel is finer than the eye sees at 960 px and keeps the page light (the paths
  // travel twice: in the HTML and in the loader data).
  const path = geoPath(projection).digits(1);
  const shapes: MapGeometry["countries"] = [];
  const centroids: MapGeometry["centroids"] = {};
  for (const f of all) {
    const iso3 = iso3Of(f);
    const d = path(f);
    if (!iso3 || !d) continue;
    const bounds = path.bounds(f);
    // Keep what is at least partly in view.
    if (bounds[1][0] < 0 || bounds[0][0] > WIDTH || bounds[1][1] < 0 || bounds[0][1] > HEIGHT) continue;
    shapes.push({ iso3, d });
    const c = projection(ANCHORS[iso3] ?? geoCentroid(f));
    if (c) centroids[iso3] = [Math.round(c[0] * 10) / 10, Math.round(c[1] * 10) / 10];
  }
  cached = { width: WIDTH, height: HEIGHT, countries: shapes, centroids };
  return cached;
}

/**
 * The country shapes as one SVG document, each path with its ISO code as id, for the page's
 * <use href="/route-map.svg?v=…#TJK"> (they would otherwise travel twice in every gap page: in
 * the HTML and in the loader data). No fill or stroke here: the page colours each <use>.
 */
export function routeMapShapes(): { svg: string; version: string } {
  if (cachedShapes) return cachedShapes;
  const { width, height, countries: shapes } = routeMapGeometry();
  const paths = shapes.map((c) => `<path id="${c.iso3}" d="${c.d}"/>`).join("\n");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">\n${paths}\n</svg>\n`;
  cachedShapes = { svg, version: createHash("sha256").update(svg).digest("hex").slice(0, 12) };
  return cachedShapes;
}

export function routeMapLayout(): MapLayout {
  const { width, height, countries: shapes, centroids } = routeMapGeometry();
  return { width, height, shapesUrl: `/route-map.svg?v=${routeMapShapes().version}`, countries: shapes.map((c) => c.iso3), centroids };
}
