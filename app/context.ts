import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { DatabaseMode } from "../db/client";
import type { SearchEngine } from "../search/engine";
import type { Flash } from "./flash/flash.server";

/** What the server hands every loader and action: one database client and one search engine per process. */
export interface AppContext {
  db: Kysely<Database>;
  dbMode: DatabaseMode;
  search: SearchEngine;
  /** True when cookies must carry `Secure` (production behind HTTPS). */
  secureCookies: boolean;
}

/** What the server adds for each request. */
export interface RequestContext extends AppContext {
  /** This browser's anti-forgery token (the `adam_csrf` cookie), echoed in every form. */
  csrfToken: string;
  /**
   * This response's Content-Security-Policy nonce, put on Remix's inline scripts by entry.server.tsx.
   * Absent when a loader or action is called directly (tests), with no page and no policy.
   */
  cspNonce?: string;
  /**
   * The client's address (express's req.ip: TRUST_PROXY decides whether X-Forwarded-For counts), for rate
   * limits and the audit log.
   */
  clientIp: string;
  /**
   * The success notice the previous response left for this page (app/flash/flash.server.ts), read and
   * cleared by the server; absent when there is none, or when a loader is called directly (tests).
   */
  flash?: Flash | null;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
