import { routeMapShapes } from "~/gaps/map.server";

// The country shapes of the routes' map (public Natural Earth data, no ADAM data): one cached
// document that every gap page references, instead of carrying the paths in each page.
export async function loader() {
  const { svg, version } = routeMapShapes();
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: `"${version}"`,
    },
  });
}
