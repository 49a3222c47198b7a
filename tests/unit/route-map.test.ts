import { readFileSync } from "node:fs";
import { geoContains } from "d3-geo";
import { describe, expect, it } from "vitest";
import {
  MIN_TARGET,
  SEA_LEGS,
  atlasCountries,
  mapProjections,
  routeLegs,
  routeMapGeometry,
  routeMapLayout,
  routeMapShapes,
} from "~/gaps/map.server";

// The routes of the reference data, in their order (the map must serve every country on them).
const ROUTES = Object.entries(
  readFileSync("db/reference/trafficking-routes.csv", "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .reduce<Record<string, string[]>>((acc, line) => {
      const [route, iso3] = line.split(",");
      (acc[route] ??= []).push(iso3);
      return acc;
    }, {}),
);
const ROUTE_COUNTRIES = [...new Set(ROUTES.flatMap(([, c]) => c))];

/** The countries (other than `except`) whose land holds the point; bounding boxes first, for speed. */
function landAt(point: [number, number], except: string[]) {
  return atlasCountries().filter(({ iso3, f, bounds: [[w, s], [e, n]] }) => {
    if (except.includes(iso3)) return false;
    if (w <= e && (point[0] < w || point[0] > e || point[1] < s || point[1] > n)) return false;
    return geoContains(f, point);
  });
}

const feature = (iso3: string) => atlasCountries().find((c) => c.iso3 === iso3)!.f;

describe("route map shapes", () => {
  const layout = routeMapLayout(ROUTE_COUNTRIES);
  const { svg, version } = routeMapShapes();

  it("holds a shape for every <use> of the page, the countries of the routes among them", () => {
    const ids = new Set([...svg.matchAll(/<path id="([A-Z]{3}(?:-[a-z]+)?)" d="[^"]+"\/>/g)].map((m) => m[1]));
    expect(layout.uses.length).toBeGreaterThan(50);
    for (const use of layout.uses) expect(ids.has(use.id), use.id).toBe(true);
    for (const iso3 of ROUTE_COUNTRIES) expect(ids.has(iso3), iso3).toBe(true);
    expect(ids.has("XKX-see")).toBe(true);
  });

  it("is a standalone SVG document, versioned by its content", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 720">')).toBe(true);
    expect(svg).not.toMatch(/fill=|stroke=/);
    expect(layout.shapesUrl).toBe(`/route-map.svg?v=${version}`);
    expect(version).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe("route map geometry", { timeout: 60_000 }, () => {
  const geometry = routeMapGeometry();
  const projections = mapProjections();

  it("anchors every route country inside its own shape, in every frame that shows it", () => {
    for (const iso3 of ROUTE_COUNTRIES) {
      const anchors = Object.entries(geometry.countries[iso3].anchors);
      expect(anchors.length, iso3).toBeGreaterThan(0);
      for (const [frame, point] of anchors) {
        const lonLat = projections[frame as keyof typeof projections].invert!(point)!;
        expect(geoContains(feature(iso3), lonLat), `${iso3} in ${frame}`).toBe(true);
      }
    }
  });

  it(`draws every route country at least ${MIN_TARGET} × ${MIN_TARGET} px where it is read and labelled`, () => {
    for (const iso3 of ROUTE_COUNTRIES) {
      const home = geometry.countries[iso3].home;
      const shape = geometry.shapes.find((s) => s.iso3 === iso3 && s.frame === home)!;
      expect(Math.min(shape.box.width, shape.box.height), `${iso3} in ${home}`).toBeGreaterThanOrEqual(MIN_TARGET);
    }
    // The Balkans are read in the South-Eastern Europe inset, where they are large enough.
    for (const iso3 of ["MNE", "XKX", "MKD", "ALB", "SVN", "BIH"])
      expect(geometry.countries[iso3].home, iso3).toBe("see");
  });

  it("draws Kosovo (no ISO number in the atlas: found by name) and labels every route country", () => {
    expect(feature("XKX").properties.name).toBe("Kosovo");
    const layout = routeMapLayout(ROUTE_COUNTRIES);
    for (const iso3 of ROUTE_COUNTRIES) expect(layout.labels[iso3], iso3).toBeDefined();
    expect(layout.labels.XKX.home).toBe("see");
  });

  it("takes the sea legs by sea: no point of them lies on a third country's land", () => {
    const seaLegs = ROUTES.flatMap(([, route]) =>
      routeLegs(route)
        .filter((leg) => leg.sea && leg.frame === "main")
        .map((leg) => ({ leg, route })),
    );
    expect(seaLegs.length).toBe(Object.keys(SEA_LEGS).length);
    for (const { leg } of seaLegs) {
      const [a, b] = [leg.points[0], leg.points[leg.points.length - 1]];
      const ends = ROUTE_COUNTRIES.filter((iso3) =>
        [a, b].some((p) => String(geometry.countries[iso3].anchors.main) === String(p)),
      );
      for (let i = 1; i < leg.points.length; i++) {
        const [p, q] = [leg.points[i - 1], leg.points[i]];
        for (let s = 0; s <= 20; s++) {
          const point = projections.main.invert!([p[0] + ((q[0] - p[0]) * s) / 20, p[1] + ((q[1] - p[1]) * s) / 20])!;
          expect(
            landAt(point, ends)[0]?.iso3,
            `${ends.join(">")} at ${point.map((v) => v.toFixed(1))}`,
          ).toBeUndefined();
        }
      }
    }
  });

  it("would cross land on the southern route without its sea waypoints (the test can fail)", () => {
    const [a, b] = [geometry.countries.QAT.anchors.main!, geometry.countries.KEN.anchors.main!];
    const samples = Array.from({ length: 21 }, (_, s) =>
      projections.main.invert!([a[0] + ((b[0] - a[0]) * s) / 20, a[1] + ((b[1] - a[1]) * s) / 20])!,
    );
    expect(samples.flatMap((p) => landAt(p, ["QAT", "KEN"]).map((c) => c.iso3))).toContain("SAU");
  });
});
