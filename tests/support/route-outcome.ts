/** How a loader or action answered, in the matrix's terms. */
export type Outcome =
  "ok" | "login" | "unauthorized" | "redirect" | "bad" | "forbidden" | "notfound" | "method" | "error";

function fromStatus(status: number, location: string | null, challenge: string | null = null): Outcome {
  if (status >= 300 && status < 400) return location?.startsWith("/login") ? "login" : "redirect";
  // The JSON API's "sign in first": a 401 with a WWW-Authenticate challenge (other 401s, such as a
  // wrong password on the sign-in form, stay "bad").
  if (status === 401 && challenge) return "unauthorized";
  if (status < 300) return "ok";
  if (status === 400 || status === 422 || status === 409 || status === 401 || status === 429) return "bad";
  if (status === 403) return "forbidden";
  if (status === 404) return "notfound";
  if (status === 405) return "method";
  return "error";
}

function classify(value: unknown): Outcome {
  if (value instanceof Response) {
    return fromStatus(value.status, value.headers.get("Location"), value.headers.get("WWW-Authenticate"));
  }
  // Remix's data() wrapper carries its status in `init`.
  if (
    value &&
    typeof value === "object" &&
    "type" in value &&
    (value as { type: unknown }).type === "DataWithResponseInit"
  ) {
    const init = (value as { init?: ResponseInit | null }).init;
    return fromStatus(init?.status ?? 200, new Headers(init?.headers).get("Location"));
  }
  return "ok";
}

export async function outcomeOf(run: () => Promise<unknown>): Promise<{ outcome: Outcome; detail?: string }> {
  try {
    return { outcome: classify(await run()) };
  } catch (thrown) {
    if (thrown instanceof Response || (thrown && typeof thrown === "object" && "type" in thrown))
      return { outcome: classify(thrown) };
    return {
      outcome: "error",
      detail: thrown instanceof Error ? `${thrown.message}\n${thrown.stack}` : String(thrown),
    };
  }
}
