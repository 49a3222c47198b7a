import type express from "express";
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";

const SESSION_COOKIE = "adam_session";
const SESSION_IN_REQUEST = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`);

/** A fresh nonce per response: Remix's inline scripts carry it, injected markup cannot guess it. */
export function newCspNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Scripts only from this origin or with this response's nonce (no inline handlers, no eval).
 * Style attributes stay allowed (a few components size elements inline), style elements do not.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "script-src-attr 'none'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// Nothing in ADAM uses these browser features; a page (or an injected frame) gets none of them.
const PERMISSIONS_POLICY = [
  "accelerometer",
  "camera",
  "geolocation",
  "gyroscope",
  "magnetometer",
  "microphone",
  "payment",
  "usb",
]
  .map((f) => `${f}=()`)
  .join(", ");

/**
 * Headers every response carries. The nonce is left in `res.locals.cspNonce` for the Remix load
 * context, so entry.server.tsx puts the same value on the scripts it renders.
 */
export function securityHeaders(options: { secureCookies: boolean }): express.RequestHandler {
  return (_req, res, next) => {
    const nonce = newCspNonce();
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    // Only behind HTTPS (SECURE_COOKIES=1): over plain HTTP the header would be ignored or, on a
    // test host, pin browsers to an HTTPS that does not exist.
    if (options.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

function setsSessionCookie(res: ServerResponse): boolean {
  const cookies = res.getHeader("Set-Cookie");
  const list = Array.isArray(cookies) ? cookies : cookies === undefined ? [] : [String(cookies)];
  return list.some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
}

/**
 * Nothing a signed-in member sees may stay in a shared or browser cache: pages, single-fetch data
 * (`.data`), CSV and PDF downloads all leave with `Cache-Control: no-store`, whatever the route set.
 * Mount it after the static files, which are the same for everyone and stay cacheable.
 * The header is fixed just before the head goes out, because Remix appends its own headers later.
 */
export function noStoreForMembers(): express.RequestHandler {
  return (req, res, next) => {
    const signedIn = SESSION_IN_REQUEST.test(req.headers.cookie ?? "");
    const response: ServerResponse = res;
    const writeHead = response.writeHead;
    response.writeHead = function patchedWriteHead(
      this: ServerResponse,
      ...args: Parameters<ServerResponse["writeHead"]>
    ) {
      if (signedIn || setsSessionCookie(this)) {
        this.setHeader("Cache-Control", "no-store");
        this.removeHeader("ETag");
        this.removeHeader("Expires");
      }
      return writeHead.apply(this, args);
    } as ServerResponse["writeHead"];
    next();
  };
}
