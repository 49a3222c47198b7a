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

/**
 * The load-and-guard step of every detail and edit route, in one place: the record the URL names, or
 * a 404 when there is none; then, when `allowed` is given, a 403 unless it holds for the record (or a
 * 404 with `refuseAs: 404`, for records whose very existence a refused reader must not learn).
 *
 *   const row = await loadRecord(findNeedRow(db, idParam(params.id)), (r) => canEditNeed(actor, r));
 */
export async function loadRecord<T>(
  record: Promise<T | null | undefined> | T | null | undefined,
  allowed?: (record: T) => boolean,
  options: { refuseAs?: 403 | 404 } = {},
): Promise<T> {
  const found = await record;
  invariantResponse(found !== null && found !== undefined, "Not found", 404);
  if (allowed && !allowed(found)) {
    const status = options.refuseAs ?? 403;
    invariantResponse(false, status === 404 ? "Not found" : "Forbidden", status);
  }
  return found;
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
