import { redirect } from "@remix-run/node";
import { z } from "zod";
import type { MessageKey } from "../i18n/messages";

// A success notice for the page after a redirect, carried in a short-lived cookie and shown once:
// the server that builds the load context (scripts/lib/server.ts) reads it, clears it in the same
// response, and the root loader hands it to the layout. Only keys from this list are ever shown.

export const FLASH_COOKIE = "adam_flash";

export const FLASH_KEYS = [
  "market.saved",
  "projects.closedNotice",
  "needs.withdrawnNotice",
  "match.proposed",
  "settings.saved",
  "invoices.done.edit",
  "invoices.done.issue",
  "invoices.done.delete",
  "invoices.done.void",
  "invoices.done.replace",
  "invoices.done.pay",
  "reset.done",
  "forgot.sent",
  "verify.done",
] as const satisfies readonly MessageKey[];

export type FlashKey = (typeof FLASH_KEYS)[number];

const FlashSchema = z.object({
  key: z.enum(FLASH_KEYS),
  /** Tells two equal notices in a row apart, so the second shows even after the first was dismissed. */
  id: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
});

export type Flash = z.infer<typeof FlashSchema>;

/** A redirect whose next page shows the notice `message.key` once. */
export function redirectWithFlash(url: string, message: { key: FlashKey }, context: { secureCookies: boolean }) {
  const flash: Flash = { key: message.key, id: Math.random().toString(36).slice(2, 10) || "0" };
  const value = Buffer.from(JSON.stringify(flash)).toString("base64url");
  return redirect(url, {
    headers: { "Set-Cookie": `${FLASH_COOKIE}=${value}; ${cookieAttributes(context.secureCookies)}; Max-Age=60` },
  });
}

/** The Set-Cookie value that removes the flash cookie. */
export function clearFlashCookie(secure: boolean): string {
  return `${FLASH_COOKIE}=; ${cookieAttributes(secure)}; Max-Age=0`;
}

function cookieAttributes(secure: boolean): string {
  return `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The raw flash cookie of a Cookie header, or undefined when there is none. */
export function flashCookieValue(cookieHeader: string | undefined): string | undefined {
  return new RegExp(`(?:^|;\\s*)${FLASH_COOKIE}=([^;]*)`).exec(cookieHeader ?? "")?.[1];
}

/** The notice a flash cookie carries, or null when it is empty, malformed or names an unknown key. */
export function parseFlash(value: string | undefined): Flash | null {
  if (!value || value.length > 200) return null;
  try {
    const parsed = FlashSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Whether this request shows the root route's data, and so consumes the flash: a document GET, or a
 * single-fetch data GET (`….data`) that runs the root loader (no `_routes` list, or one naming root); not
 * the route manifest the browser fetches first when it navigates to a route it has not seen yet.
 */
export function consumesFlash(method: string, url: URL): boolean {
  if (method !== "GET") return false;
  // Remix's lazy route discovery asks for the next route's manifest before loading it.
  if (url.pathname === "/__manifest") return false;
  if (!url.pathname.endsWith(".data")) return true;
  const routes = url.searchParams.get("_routes");
  return routes === null || routes.split(",").includes("root");
}
