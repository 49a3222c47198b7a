import { parseId } from "~/forms/ids";

/**
 * A record id from the URL (a path parameter or a query value), or a 404: anything that is not an id
 * within PostgreSQL's integer range never reaches a query.
 */
export function idParam(value: string | null | undefined, message = "Not found"): number {
  const id = parseId(value);
  invariantResponse(id !== undefined, message, 404);
  return id;
}

/** Throws a Response with `status` unless `condition` holds (Epic Stack's invariantResponse). */
export function invariantResponse(condition: unknown, message: string, status = 404): asserts condition {
  if (!condition) throw Response.json({ message }, { status });
}

/** Only paths inside ADAM: "/x", never "//host" or "/\\host" or "https://…". */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  try {
    const url = new URL(target, "http://adam.invalid");
    if (url.origin !== "http://adam.invalid") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
