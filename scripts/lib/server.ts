import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AppContext } from "../../app/context";
import { SERVER_BUILD } from "./build";

export interface StartedServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function createApp(context: AppContext) {
  const build = (await import(pathToFileURL(resolve(SERVER_BUILD)).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });
  // Fingerprinted assets can be cached for ever; the rest of public/ briefly.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV ?? "production", getLoadContext: () => context as AppLoadContext }));
  return app;
}

export async function listen(app: express.Express, port: number, host: string): Promise<StartedServer> {
  const server = await new Promise<Server>((resolvePromise, reject) => {
    const s = app.listen(port, host);
    s.once("listening", () => resolvePromise(s));
    s.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${port} on ${host} is already in use: set PORT to another port.`) : error);
    });
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    server,
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
