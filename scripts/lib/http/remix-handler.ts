import {
  createReadableStreamFromReadable,
  createRequestHandler,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type express from "express";
import { ByteLimit, sendPayloadTooLarge } from "./body-limit";

/**
 * Remix's express adapter, with one difference: the body reaches Remix through a byte counter, so a
 * chunked body (no Content-Length to check up front) is cut at the route's limit and answered 413.
 */
export function remixHandler(options: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext;
}): express.RequestHandler {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req, res, next) => {
    const controller = new AbortController();
    // As the adapter: loaders and actions are aborted when the client goes away before the answer.
    let answered = false;
    res.on("finish", () => (answered = true));
    res.on("close", () => answered || controller.abort());
    const maxBytes = Number(res.locals.maxBodyBytes);
    const limit = new ByteLimit(maxBytes, () => {
      controller.abort();
      req.unpipe(limit);
      sendPayloadTooLarge(res, maxBytes);
    });
    try {
      const request = remixRequest(req, controller.signal, limit);
      const response = await handle(request, options.getLoadContext(req, res));
      if (limit.exceeded || res.headersSent) return;
      // A body left unread (a route without an action, say) would otherwise be read to its end so
      // the connection can serve the next request: close it instead.
      if (!req.complete) res.setHeader("Connection", "close");
      await sendResponse(res, response);
    } catch (error) {
      if (limit.exceeded) return; // the 413 is already on its way
      next(error);
    }
  };
}

function remixRequest(req: express.Request, signal: AbortSignal, limit: ByteLimit): Request {
  // req.hostname and req.protocol follow the "trust proxy" setting; the port comes from the same header
  // as the hostname (a proxy's X-Forwarded-Host only when that proxy is trusted).
  const forwardedHost = req.get("X-Forwarded-Host")?.split(",")[0]?.trim();
  const hostSource =
    forwardedHost && forwardedHost.replace(/:\d+$/, "") === req.hostname ? forwardedHost : (req.get("host") ?? "");
  const port = /:(\d+)$/.exec(hostSource)?.[1];
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: requestHeaders(req), signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req.pipe(limit));
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

function requestHeaders(req: express.Request): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}

async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // append, not set: headers set earlier (security headers, the CSRF cookie) stay.
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeWithBackPressure(response.body, res);
  else res.end();
}

/**
 * As Remix's writeReadableStreamToWritable, but waiting for the socket to drain when its buffer is
 * full: a streamed export (CSV) then reads its next database page only as fast as the client takes
 * the file, and stops reading when the client goes away.
 */
async function writeWithBackPressure(body: ReadableStream<Uint8Array>, res: express.Response): Promise<void> {
  const reader = body.getReader();
  // One listener for the whole response (compression forwards "drain" to its gzip stream and would
  // not let a listener be removed again).
  let wake: (() => void) | null = null;
  const onDrainOrClose = () => {
    wake?.();
    wake = null;
  };
  res.on("drain", onDrainOrClose);
  res.on("close", onDrainOrClose);
  const flushable = res as express.Response & { flush?: () => void };
  try {
    for (;;) {
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      const full = !res.write(value);
      flushable.flush?.();
      if (full && !res.destroyed) await new Promise<void>((resolve) => (wake = resolve));
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}
