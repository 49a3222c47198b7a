import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { DatabaseMode } from "../../db/client";
import type { Database } from "../../db/schema";
import type { RequestContext } from "~/context";
import { EmbeddedSearchEngine } from "../../search/embedded";

// Requests as a browser of ADAM sends them, and the context the server hands a loader or action,
// for tests that call routes directly. The users making them come from ./factories.ts.

export const TEST_CSRF = "test-csrf-token-0123456789abcdef";

/** What the server hands a loader or action, as it would for a request from 127.0.0.1. */
export function requestContext(db: Kysely<Database>, mode: DatabaseMode): AppLoadContext {
  const context: RequestContext = {
    db,
    dbMode: mode,
    search: new EmbeddedSearchEngine(db),
    secureCookies: false,
    csrfToken: TEST_CSRF,
    clientIp: "127.0.0.1",
  };
  return context as AppLoadContext;
}

/** A form POST as a page of ADAM would send it (with the anti-forgery field). */
export function formRequest(url: string, fields: Record<string, string | string[]>, cookie?: string): Request {
  const body = new URLSearchParams();
  body.set("csrf", TEST_CSRF);
  for (const [key, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

export function getRequest(url: string, cookie?: string): Request {
  return new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} });
}
