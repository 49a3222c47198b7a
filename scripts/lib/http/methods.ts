import type express from "express";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";

/** The methods ADAM's pages and forms use; everything else (TRACE, PUT, PROPFIND, …) is refused. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"] as const;
const ALLOW = ALLOWED_METHODS.join(", ");
const ALLOWED = new Set<string>(ALLOWED_METHODS);

/**
 * Answers 405 with an `Allow` header for any other method before a route sees it (Remix would
 * otherwise treat TRACE or PROPFIND as a form submission), and OPTIONS with 204 and the same list.
 */
export function methodGuard(): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === "OPTIONS") {
      res.status(204).setHeader("Allow", ALLOW);
      res.end();
      return;
    }
    if (!ALLOWED.has(req.method)) {
      res.status(405).setHeader("Allow", ALLOW);
      res.type("text/plain").send(`Method ${req.method} is not allowed.`);
      return;
    }
    next();
  };
}

/**
 * Node hands CONNECT to a separate event and, with no listener, drops the connection without an
 * answer: say 405 like for any other method we do not serve.
 */
export function refuseConnect(server: Server): void {
  server.on("connect", (_req, socket: Duplex) => {
    const body = "Method CONNECT is not allowed.";
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nAllow: ${ALLOW}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
