import { describe, expect, it } from "vitest";
import { routeMapLayout, routeMapShapes } from "~/gaps/map.server";

// The gap page draws each country with <use href="/route-map.svg?v=…#ISO3">: every reference must
// resolve to a shape in that document, and the version must change when the shapes do.
describe("route map shapes", () => {
  const layout = routeMapLayout();
  const { svg, version } = routeMapShapes();

  it("holds a shape for every country the page references, the countries of the routes among them", () => {
    const ids = new Set([...svg.matchAll(/<path id="([A-Z]{3})" d="[^"]+"\/>/g)].map((m) => m[1]));
    expect(layout.countries.length).toBeGreaterThan(50);
    for (const iso3 of layout.countries) expect(ids.has(iso3), iso3).toBe(true);
    for (const iso3 of ["AFG", "TJK", "IRN", "PAK", "TUR", "RUS", "XKX", "KEN", "LKA"]) expect(ids.has(iso3), iso3).toBe(true);
  });

  it("is a standalone SVG document, versioned by its content", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 720">')).toBe(true);
    expect(svg).not.toMatch(/fill=|stroke=/);
    expect(layout.shapesUrl).toBe(`/route-map.svg?v=${version}`);
    expect(version).toMatch(/^[0-9a-f]{12}$/);
  });
});
