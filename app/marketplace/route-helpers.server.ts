import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { forbidden } from "~/accounts/guards.server";
import { RecordError } from "./errors";

// What the marketplace routes share: answering refused writes. (Ids from the URL: idParam in
// app/utils/http.server.ts.)

export function notFound(): Response {
  return Response.json({ message: "Not found" }, { status: 404 });
}

interface Replyable {
  reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]>;
}

/**
 * Turns a refused domain write into the form's answer, keeping what was typed: a stale version is a
 * 409 with "form.stale", a rule broken against the reference data a 400 on its field. Anything else
 * is thrown on (403 and 404 as responses).
 */
export function refusedWrite(error: unknown, submission: Replyable) {
  if (!(error instanceof RecordError)) throw error;
  if (error.code === "stale")
    return data({ result: submission.reply({ formErrors: ["form.stale"] }) }, { status: 409 });
  if (error.code === "invalid" && error.field && error.messageKey) {
    return data({ result: submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }) }, { status: 400 });
  }
  if (error.code === "forbidden") throw forbidden();
  throw notFound();
}
