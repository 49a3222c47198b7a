import type { SerializeFrom } from "@remix-run/node";
import type { gapView } from "../view.server";

/** What the gap page shows, as the browser receives it from the route's loader. */
export type GapPageData = SerializeFrom<typeof gapView>;
/** An opened cell: its figures, needs, projects and stale projects. */
export type GapDrill = NonNullable<GapPageData["drill"]>;
