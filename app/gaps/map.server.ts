import { createHash } from "node:crypto";
import { geoPath } from "d3-geo";
import type { Position } from "geojson";
import {
  type Box,
  type FrameId,
  HEIGHT,
  INSETS,
  MAIN_AREA,
  type MapFrame,
  type MapGeometry,
  type MapLayout,
  type MapShape,
  SEA_LEGS,
  SMALL_ON_MAIN,
  WIDTH,
} from "./map-frames";
import { atlasCountries, mapProjections, countryAnchor } from "./map-projection.server";

// A server-rendered map of the routes: Natural Earth countries (world-atlas, 1:50m, so that the
// small Balkan and Gulf countries keep their shape) projected with d3-geo, with two insets where
// the route countries are too small to read or click at the scale of the whole region. Computed
// once per process; the page shades it with the gap data.

export { atlasCountries, mapProjections, countryAnchor } from "./map-projection.server";
export { HEIGHT, MIN_TARGET, SEA_LEGS, WIDTH } from "./map-frames";
export type { FrameId, MapFrame, MapGeometry, MapLayout, MapShape } from "./map-frames";

let cached: MapGeometry | undefined;
let cachedShapes: { svg: string; version: string } | undefined;

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
