import { refusalReply } from "~/errors/reply.server";

// What the marketplace routes share: reading ids from the URL and answering refused writes.

/** A record id from the URL, or a 404 (never a 500) for anything that is not one. */
export { idParam as recordId } from "~/utils/http.server";

export function notFound(): Response {
  return Response.json({ message: "Not found" }, { status: 404 });
}

/**
 * Turns a refused domain write into the form's answer, keeping what was typed: `refusalReply` with
 * 403 and 404 as the page's error (see app/errors/reply.server.ts).
 */
export function refusedWrite(error: unknown, submission: Parameters<typeof refusalReply>[1]) {
  return refusalReply(error, submission, { pageErrors: true });
}
