import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import type { AppContext, RequestContext } from "../../app/context";
import { clearFlashCookie, consumesFlash, flashCookieValue, parseFlash } from "../../app/flash/flash.server";
import { SERVER_BUILD } from "./build";
import { answerConnectionLossWith503 } from "./http/database-unavailable";
import { BodyLimits, bodyLimitTable, refuseDeclaredOversize } from "./http/body-limit";
import { methodGuard, refuseConnect } from "./http/methods";
import { httpOptionsFromEnv, type HttpOptions } from "./http/options";
import { remixHandler } from "./http/remix-handler";
import { noStoreForMembers, securityHeaders } from "./http/security-headers";

export interface StartedServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function createApp(context: AppContext, options: HttpOptions = httpOptionsFromEnv()) {
  const build = answerConnectionLossWith503((await import(pathToFileURL(resolve(SERVER_BUILD)).href)) as ServerBuild);
  const app = express();
  app.disable("x-powered-by");
  // Off by default: X-Forwarded-For is anyone's to write. Behind N proxies, the Nth address from the
  // right is the client's (req.ip, hence context.clientIp for throttling and the audit log).
  app.set("trust proxy", options.trustProxyHops > 0 ? options.trustProxyHops : false);
  app.use(securityHeaders({ secureCookies: context.secureCookies }));
  app.use(methodGuard());
  app.use(refuseDeclaredOversize(new BodyLimits(options.maxBodyBytes, bodyLimitTable(options))));
  // Level 1: a third of the CPU of the default level for ~15 % more bytes (a 200 KB gap page
  // compresses in 2.5 ms instead of 9 ms); pages are made on every request, never cached.
  app.use(compression({ level: 1 }));
  // Fingerprinted assets can be cached for ever; the rest of public/ briefly.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(noStoreForMembers());
  app.use(csrfProtection(context.secureCookies));
  app.all(
    "*",
    remixHandler({
      build,
      mode: process.env.NODE_ENV ?? "production",
      getLoadContext: (req, res): AppLoadContext => {
        const perRequest: RequestContext = {
          ...context,
          csrfToken: String(res.locals.csrfToken ?? ""),
          cspNonce: String(res.locals.cspNonce ?? ""),
          clientIp: req.ip ?? "unknown",
          flash: takeFlash(req, res, context.secureCookies),
        };
        return perRequest as AppLoadContext;
      },
    }),
  );
  return app;
}

export async function listen(app: express.Express, port: number, host: string): Promise<StartedServer> {
  const server = await new Promise<Server>((resolvePromise, reject) => {
    const s = app.listen(port, host);
    s.once("listening", () => resolvePromise(s));
    s.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} on ${host} is already in use: set PORT to another port.`)
          : error,
      );
    });
  });
  refuseConnect(server);
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    server,
    url: `http://${host === "0.0.0.0" || host === "127.0.0.1" ? "localhost" : host}:${actualPort}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * The flash notice of a request that shows the root route's data, cleared in the same response so a
 * reload or a shared link does not show it again; null when absent or invalid (an invalid one is cleared too).
 */
function takeFlash(req: express.Request, res: express.Response, secure: boolean) {
  const value = flashCookieValue(req.headers.cookie);
  if (value === undefined || !consumesFlash(req.method, new URL(req.originalUrl, "http://localhost"))) return null;
  res.append("Set-Cookie", clearFlashCookie(secure));
  return parseFlash(value);
}

const CSRF_COOKIE = "adam_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Gives each browser an anti-forgery token (a cookie that forms echo in a hidden field, checked by
 * `readForm`) and, before any action runs, refuses state-changing requests that a browser says came
 * from another site.
 */
function csrfProtection(secure: boolean): express.RequestHandler {
  return (req, res, next) => {
    const existing = /(?:^|;\s*)adam_csrf=([A-Za-z0-9_-]{20,100})/.exec(req.headers.cookie ?? "")?.[1];
    const token = existing ?? randomBytes(24).toString("base64url");
    res.locals.csrfToken = token;
    if (!existing) {
      res.append("Set-Cookie", `${CSRF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`);
    }
    if (!SAFE_METHODS.has(req.method)) {
      const site = req.headers["sec-fetch-site"];
      const origin = req.headers.origin;
      const crossSite = site === "cross-site" || (origin !== undefined && originHost(origin) !== req.headers.host);
      if (crossSite) {
        res.status(403).type("text/plain").send("Cross-site form submissions are refused.");
        return;
      }
    }
    next();
  };
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" or malformed: not this site
  }
}
