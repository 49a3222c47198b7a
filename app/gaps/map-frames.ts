import type { Position } from "geojson";

// The route map's frames: the page's size, the insets and where they look, the sea legs' waypoints.

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
export const FIXED_ANCHORS: Record<string, Position> = { RUS: [37.6, 55.75] };

export interface InsetSpec {
  id: Exclude<FrameId, "main">;
  /** Longitude and latitude box it shows. */
  bounds: [[number, number], [number, number]];
  rect: { x: number; y: number; width: number; height: number };
}

// The insets sit over parts of the main frame with no route country (West Africa, the southern
// Indian Ocean). A country is read in an inset when it is small on the main frame.
export const INSETS: InsetSpec[] = [
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
export const SMALL_ON_MAIN = 40;
// A generous box around what the main frame shows (longitude, latitude).
export const MAIN_AREA: Box = [
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

export type Box = [[number, number], [number, number]];
