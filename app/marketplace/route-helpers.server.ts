import { refusalReply } from "~/errors/reply.server";

// What the marketplace routes share: answering refused writes. (Ids from the URL: idParam in
// app/utils/http.server.ts.)

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
