import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Role, UserStatus } from "../../db/schema";
import type { AppLoadContext } from "@remix-run/node";
import type { RequestContext } from "~/context";
import { EmbeddedSearchEngine } from "../../search/embedded";
import type { DatabaseMode } from "../../db/client";

export const TEST_CSRF = "test-csrf-token-0123456789abcdef";

export interface TestActor {
  userId: number;
  role: Role;
  status: UserStatus;
  organizationId: number | null;
  countryIso3: string | null;
  cookie: string;
}

let counter = 0;

/** Creates an organization of the given kind (for tests). */
export async function createOrganization(
  db: Kysely<Database>,
  kind: "donor_agency" | "beneficiary_agency",
  countryIso3: string,
  name?: string,
) {
  counter += 1;
  return db
    .insertInto("organizations")
    .values({
      kind,
      name: name ?? `Test ${kind} ${countryIso3} ${counter} ${randomBytes(3).toString("hex")}`,
      acronym: null,
      country_iso3: countryIso3,
      iati_ref: `XM-TEST-${counter}`,
    })
    .returning(["id", "country_iso3"])
    .executeTakeFirstOrThrow();
}

/** A user with a live session, as a browser cookie header. The password hash is a placeholder. */
export async function createActor(
  db: Kysely<Database>,
  role: Role,
  options: { status?: UserStatus; organizationId?: number | null; countryIso3?: string | null } = {},
): Promise<TestActor> {
  counter += 1;
  const user = await db
    .insertInto("users")
    .values({
      email: `${role}-${counter}-${randomBytes(3).toString("hex")}@test.example`,
      full_name: `Test ${role} ${counter}`,
      password_hash: "not-a-hash",
      role,
      status: options.status ?? "active",
      organization_id: options.organizationId ?? null,
      country_iso3: options.countryIso3 ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = randomBytes(24).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      token_hash: createHash("sha256").update(token).digest("hex"),
      user_id: user.id,
      expires_at: new Date(Date.now() + 3_600_000),
      ip: "127.0.0.1",
      user_agent: "vitest",
    })
    .execute();
  return {
    userId: user.id,
    role,
    status: options.status ?? "active",
    organizationId: options.organizationId ?? null,
    countryIso3: options.countryIso3 ?? null,
    cookie: `adam_session=${token}; adam_csrf=${TEST_CSRF}`,
  };
}

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

/** Gives a test user a real (argon2) password and returns its e-mail, for sign-in tests. */
export async function setPassword(db: Kysely<Database>, userId: number, password: string): Promise<string> {
  const { hashPassword } = await import("~/accounts/password.server");
  const row = await db
    .updateTable("users")
    .set({ password_hash: await hashPassword(password) })
    .where("id", "=", userId)
    .returning("email")
    .executeTakeFirstOrThrow();
  return row.email;
}

/** The Actor (as the domain functions take it) of a test actor. */
export function asActor(actor: TestActor) {
  return { id: actor.userId, role: actor.role, organizationId: actor.organizationId, countryIso3: actor.countryIso3 };
}
