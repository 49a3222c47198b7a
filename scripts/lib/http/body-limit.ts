import type express from "express";
import { Transform, type TransformCallback } from "node:stream";
import type { HttpOptions } from "./options";

/** A route that takes larger bodies than the default, with its own limit. */
export interface BodyLimitRule {
  method: string;
  path: string;
  maxBytes: number;
}

/** The routes allowed more than `maxBodyBytes`; every other request gets the default. */
export function bodyLimitTable(options: HttpOptions): BodyLimitRule[] {
  return [
    // IATI activity files are large XML documents (MAX_IMPORT_BYTES).
    { method: "POST", path: "/imports", maxBytes: options.maxImportBytes },
  ];
}

export class BodyLimits {
  constructor(
    private readonly defaultMaxBytes: number,
    private readonly rules: BodyLimitRule[],
  ) {}

  /** The limit for a request, by method and path (a trailing slash is ignored; the query string never counts). */
  limitFor(method: string, path: string): number {
    const normalized = path.length > 1 ? path.replace(/\/+$/, "") : path;
    return (
      this.rules.find((rule) => rule.method === method && rule.path === normalized)?.maxBytes ?? this.defaultMaxBytes
    );
  }
}

/**
 * Answers 413 and closes the connection, so the rest of the body is never read. Used both before
 * reading (a Content-Length above the limit) and while reading (a chunked body that grows past it).
 */
export function sendPayloadTooLarge(res: express.Response, maxBytes: number): void {
  if (res.headersSent) return;
  res.status(413).setHeader("Connection", "close");
  res.type("text/plain").send(`Request body too large: this address accepts at most ${maxBytes} bytes.`);
}

/** Refuses a declared Content-Length above the request's limit before a byte of the body is read. */
export function refuseDeclaredOversize(limits: BodyLimits): express.RequestHandler {
  return (req, res, next) => {
    const maxBytes = limits.limitFor(req.method, req.path);
    res.locals.maxBodyBytes = maxBytes;
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > maxBytes) {
      sendPayloadTooLarge(res, maxBytes);
      return;
    }
    next();
  };
}

/**
 * Passes a body through while counting its bytes; past `maxBytes` it stops with an error and calls
 * `onExceeded` once, without holding more than the stream's buffer.
 */
export class ByteLimit extends Transform {
  private seen = 0;
  exceeded = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onExceeded: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) {
      this.exceeded = true;
      this.onExceeded();
      callback(new PayloadTooLargeError(this.maxBytes));
      return;
    }
    callback(null, chunk);
  }
}

export class PayloadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Request body above ${maxBytes} bytes`);
    this.name = "PayloadTooLargeError";
  }
}
