import { timingSafeEqual } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";

export const CSRF_FIELD = "csrf";
export const CSRF_COOKIE = "adam_csrf";

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Reads a form posted by one of ADAM's own pages: the hidden `csrf` field must equal this browser's
 * `adam_csrf` cookie (double submit). A forged form from another site cannot read the cookie, so it
 * cannot echo it. Throws 403 otherwise, and 400 for a body that is not a form.
 */
export async function readForm(request: Request, context: Pick<AppLoadContext, "csrfToken">): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw Response.json({ message: "Expected a form submission" }, { status: 400 });
  }
  const sent = form.get(CSRF_FIELD);
  if (typeof sent !== "string" || !context.csrfToken || !sameToken(sent, context.csrfToken)) {
    throw Response.json(
      { message: "This form has expired or did not come from ADAM. Reload the page and try again." },
      { status: 403 },
    );
  }
  return form;
}
