import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
// React 18.3.1's Node renderer (renderToPipeableStream) pads its 2 KB output views with NUL bytes
// when a multi-byte character does not fit at the end (react issue #31134): Russian pages carried
// U+0000. Its web-streams renderer copies whole encoded chunks instead, byte for byte, and runs on
// Node 20's ReadableStream and TextEncoder.
import { renderToReadableStream } from "react-dom/server.browser";
import { NonceContext } from "~/components/nonce";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce || undefined;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ABORT_DELAY);
  let shellRendered = false;
  const body = await renderToReadableStream(
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceContext.Provider>,
    {
      nonce,
      signal: abort.signal,
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    },
  );
  shellRendered = true;
  const stopTimer = () => clearTimeout(timer);
  body.allReady.then(stopTimer, stopTimer);
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  if (isbot(request.headers.get("user-agent") ?? "")) await body.allReady;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}

/** Logs real server errors; a request for a page that does not exist is not one. */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  // Route misses arrive as 404 error responses: a visitor's typo is not a server error.
  if (error && typeof error === "object" && "status" in error && (error as { status: unknown }).status === 404) return;
  console.error(error);
}
