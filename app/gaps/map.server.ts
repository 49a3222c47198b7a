import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { geoBounds, geoConicConformal, geoPath, type GeoProjection } from "d3-geo";
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from "geojson";
import countries from "i18n-iso-countries";
import polylabel from "polylabel";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

// A server-rendered map of the routes: Natural Earth countries (world-atlas, 1:50m, so that the
// small Balkan and Gulf countries keep their shape) projected with d3-geo, with two insets where
// the route countries are too small to read or click at the scale of the whole region. Computed
// once per process; the page shades it with the gap data.

export type FrameId = "main" | "see" | "gulf" | "lka";

export interface MapFrame {
  id: FrameId;
  /** Where the frame sits on the map, in map pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The inset's area drawn as a box on the main frame (absent for the main frame). */
  locator?: { x: number; y: number; width: number; height: number };
}

export interface MapShape {
  /** ISO code for the main frame, `ISO-frame` in an inset. */
  id: string;
  iso3: string;
  frame: FrameId;
  d: string;
  /** Bounding box in map pixels. */
  box: { width: number; height: number };
}

export interface MapGeometry {
  width: number;
  height: number;
  frames: MapFrame[];
  shapes: MapShape[];
  /** Per country: the frame where it is read (labelled), and its anchor in every frame that shows it. */
  countries: Record<string, { home: FrameId; anchors: Partial<Record<FrameId, [number, number]>> }>;
}

/** What the page needs: the shapes themselves are served once, cached, at `shapesUrl`. */
export interface MapLayout {
  width: number;
  height: number;
  shapesUrl: string;
  frames: MapFrame[];
  /** The labelled countries' shapes, by frame (the others are drawn with the frame's group `all-FRAME`). */
  uses: Array<{ id: string; iso3: string; frame: FrameId }>;
  /** Only the countries the page asked for (the routes'): home frame and its anchor. */
  labels: Record<string, { home: FrameId; x: number; y: number }>;
}

export const WIDTH = 960;
export const HEIGHT = 720;
/** A country must be at least this big (map pixels) where it is read: a clickable target. */
export const MIN_TARGET = 24;

// Where a route line meets a country whose largest area is far from the trafficking (Russia's
// visual centre is in Siberia, out of the frame): Moscow.
const FIXED_ANCHORS: Record<string, Position> = { RUS: [37.6, 55.75] };

interface InsetSpec {
  id: Exclude<FrameId, "main">;
  /** Longitude and latitude box it shows. */
  bounds: [[number, number], [number, number]];
  rect: { x: number; y: number; width: number; height: number };
}

// The insets sit over parts of the main frame with no route country (West Africa, the southern
// Indian Ocean). A country is read in an inset when it is small on the main frame.
const INSETS: InsetSpec[] = [
  {
    id: "see",
    bounds: [
      [12.1, 39.2],
      [30, 51.2],
    ],
    rect: { x: 10, y: 212, width: 340, height: 340 },
  },
  {
    id: "gulf",
    bounds: [
      [50.6, 22.4],
      [57.4, 26.9],
    ],
    rect: { x: 724, y: 500, width: 222, height: 180 },
  },
  {
    id: "lka",
    bounds: [
      [79.2, 5.7],
      [82.3, 10.1],
    ],
    rect: { x: 800, y: 336, width: 96, height: 132 },
  },
];
const SMALL_ON_MAIN = 40;
// A generous box around what the main frame shows (longitude, latitude).
const MAIN_AREA: Box = [
  [-40, -60],
  [125, 85],
];

/**
 * Legs of a route that go by sea, with waypoints at sea (longitude, latitude) so that the line does
 * not cross other countries' land. Keyed "FROM>TO" in route order; the reverse leg is the same.
 */
export const SEA_LEGS: Record<string, Position[]> = {
  "IRN>ARE": [[55.2, 26.4]],
  "OMN>QAT": [
    [59.2, 23.4],
    [57.2, 25.2],
    [56.6, 26.55],
    [55.2, 26.4],
    [52.4, 26.2],
  ],
  "QAT>KEN": [
    [52.4, 26.2],
    [55.2, 26.4],
    [56.6, 26.55],
    [57.8, 25.0],
    [60.2, 22.2],
    [58.5, 14.5],
    [52.0, 4.0],
    [41.2, -3.6],
  ],
  "ZAF>IND": [
    [34, -27],
    [45.5, -28.5],
    [56.0, -24.0],
    [63.0, -10.0],
    [66.5, 8.0],
    [71.5, 16.5],
  ],
  "IND>LKA": [
    [80.2, 12.0],
    [81.2, 9.6],
  ],
};

let cached: MapGeometry | undefined;
let cachedShapes: { svg: string; version: string } | undefined;
type Box = [[number, number], [number, number]];
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

function round(p: [number, number]): [number, number] {
  return [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10];
}

/** The map of the region of the routes. */
export function routeMapGeometry(): MapGeometry {
  if (cached) return cached;
  const projections = mapProjections();
  const frames: MapFrame[] = [{ id: "main", x: 0, y: 0, width: WIDTH, height: HEIGHT }];
  const shapes: MapShape[] = [];
  const result: MapGeometry["countries"] = {};
  const mainPath = geoPath(projections.main).digits(1);
  for (const inset of INSETS) {
    const [[w, s], [e, n]] = inset.bounds;
    const corners = [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
    ].map((c) => projections.main(c as [number, number])!);
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const locator = {
      x: Math.min(...xs),
      y: Math.min(...ys),
      width: Math.max(...xs) - Math.min(...xs),
      height: Math.max(...ys) - Math.min(...ys),
    };
    frames.push({ id: inset.id, ...inset.rect, locator: roundBox(locator) });
  }
  for (const frame of frames) {
    const projection = projections[frame.id];
    const path = frame.id === "main" ? mainPath : geoPath(projection).digits(1);
    const inset = INSETS.find((i) => i.id === frame.id);
    const area = inset?.bounds ?? MAIN_AREA;
    for (const { iso3, f, bounds } of atlasCountries()) {
      // Skip the countries far from the frame before projecting them.
      if (!boxesMeet(bounds, area)) continue;
      const d = path(f);
      if (!d) continue;
      const [[x0, y0], [x1, y1]] = path.bounds(f);
      // Keep what is at least partly in view.
      if (x1 < frame.x || x0 > frame.x + frame.width || y1 < frame.y || y0 > frame.y + frame.height) continue;
      const id = frame.id === "main" ? iso3 : `${iso3}-${frame.id}`;
      shapes.push({ id, iso3, frame: frame.id, d, box: { width: x1 - x0, height: y1 - y0 } });
      const entry = (result[iso3] ??= { home: "main", anchors: {} });
      const anchor = countryAnchor(iso3, f.geometry);
      const point = projection(anchor as [number, number]);
      if (point && insideFrame(point, frame)) entry.anchors[frame.id] = round(point);
    }
  }
  for (const [iso3, entry] of Object.entries(result)) {
    const main = shapes.find((s) => s.id === iso3);
    const small = !main || Math.min(main.box.width, main.box.height) < SMALL_ON_MAIN;
    const inset = INSETS.find((i) => entry.anchors[i.id] && insideBounds(countryAnchorOf(iso3), i.bounds));
    if (small && inset) entry.home = inset.id;
  }
  cached = { width: WIDTH, height: HEIGHT, frames, shapes, countries: result };
  return cached;
}

function countryAnchorOf(iso3: string): Position {
  const f = atlasCountries().find((c) => c.iso3 === iso3)!.f;
  return countryAnchor(iso3, f.geometry);
}

function boxesMeet(a: Box, b: Box) {
  // geoBounds wraps across the antimeridian (west > east): such countries are kept.
  if (a[0][0] > a[1][0]) return true;
  return a[0][0] <= b[1][0] && a[1][0] >= b[0][0] && a[0][1] <= b[1][1] && a[1][1] >= b[0][1];
}

function insideBounds(p: Position, [[w, s], [e, n]]: [[number, number], [number, number]]) {
  return p[0] >= w && p[0] <= e && p[1] >= s && p[1] <= n;
}

function insideFrame(p: [number, number], f: MapFrame) {
  return p[0] >= f.x && p[0] <= f.x + f.width && p[1] >= f.y && p[1] <= f.y + f.height;
}

function roundBox(b: { x: number; y: number; width: number; height: number }) {
  const r = (v: number) => Math.round(v * 10) / 10;
  return { x: r(b.x), y: r(b.y), width: r(b.width), height: r(b.height) };
}

/**
 * The country shapes as one SVG document, each path with its id (ISO code, `ISO-frame` in an
 * inset), for the page's <use href="/route-map.svg?v=…#TJK"> (they would otherwise travel twice
 * in every gap page: in the HTML and in the loader data). No fill or stroke: the page colours them.
 */
export function routeMapShapes(): { svg: string; version: string } {
  if (cachedShapes) return cachedShapes;
  const { width, height, shapes } = routeMapGeometry();
  // Each frame's countries in one group, so that the page draws the land of a frame with one <use>
  // and only the route countries one by one.
  const frames = [...new Set(shapes.map((c) => c.frame))];
  const paths = frames
    .map(
      (f) =>
        `<g id="all-${f}">\n${shapes
          .filter((c) => c.frame === f)
          .map((c) => `<path id="${c.id}" d="${c.d}"/>`)
          .join("\n")}\n</g>`,
    )
    .join("\n");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">\n${paths}\n</svg>\n`;
  cachedShapes = { svg, version: createHash("sha256").update(svg).digest("hex").slice(0, 12) };
  return cachedShapes;
}

/** The page's map: shapes by reference, and the labels of the given (route) countries. */
export function routeMapLayout(labelled: string[]): MapLayout {
  const { width, height, frames, shapes, countries: all } = routeMapGeometry();
  const labels: MapLayout["labels"] = {};
  for (const iso3 of labelled) {
    const entry = all[iso3];
    const anchor = entry?.anchors[entry.home];
    if (anchor) labels[iso3] = { home: entry.home, x: anchor[0], y: anchor[1] };
  }
  return {
    width,
    height,
    shapesUrl: `/route-map.svg?v=${routeMapShapes().version}`,
    frames,
    uses: shapes.filter((s) => labelled.includes(s.iso3)).map((s) => ({ id: s.id, iso3: s.iso3, frame: s.frame })),
    labels,
  };
}

export interface RouteLeg {
  frame: FrameId;
  sea: boolean;
  /** The leg's points in map pixels, from one country's anchor to the next's. */
  points: Array<[number, number]>;
}

/**
 * A route's line through its countries in order: on the main frame every leg, and in each inset
 * the legs between two countries it shows. Sea legs go through their waypoints.
 */
export function routeLegs(route: string[]): RouteLeg[] {
  const { countries: all } = routeMapGeometry();
  const projections = mapProjections();
  const legs: RouteLeg[] = [];
  for (let i = 1; i < route.length; i++) {
    const [from, to] = [route[i - 1], route[i]];
    const forward = SEA_LEGS[`${from}>${to}`];
    const backward = SEA_LEGS[`${to}>${from}`];
    const waypoints = forward ?? (backward ? [...backward].reverse() : []);
    for (const frame of ["main", "see", "gulf", "lka"] as FrameId[]) {
      const a = all[from]?.anchors[frame];
      const b = all[to]?.anchors[frame];
      if (!a || !b) continue;
      const middle = waypoints.map((w) => round(projections[frame](w as [number, number])!));
      legs.push({ frame, sea: Boolean(forward ?? backward), points: [a, ...middle, b] });
    }
  }
  return legs;
}
