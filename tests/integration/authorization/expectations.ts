import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { type TestActor } from "../../support/factories";
import type { Outcome } from "../../support/route-outcome";

export const WHO = ["anonymous", "pending", "donor", "beneficiary", "coordinator", "admin"] as const;
export type Who = (typeof WHO)[number];
export type Answers = Record<Who, Outcome>;

export interface MatrixWorld {
  db: Kysely<Database>;
  actors: Record<Exclude<Who, "anonymous">, TestActor>;
}

export interface RouteExpectation {
  /** The route module's file name under app/routes. */
  file: string;
  /** URL requested (after setup, if any). */
  path:
    | string
    | ((
        world: MatrixWorld,
      ) => Promise<{ path: string; params?: Record<string, string>; postFields?: Record<string, string> }>);
  params?: Record<string, string>;
  /** Expected answer of the loader per actor; required when the module has a loader. */
  get?: Answers;
  /** Expected answer of the action per actor (a form with only the anti-forgery field, plus postFields). */
  post?: Answers;
  postFields?: Record<string, string>;
}

const each = (outcome: Outcome): Answers => Object.fromEntries(WHO.map((w) => [w, outcome])) as Answers;

export const everyone = each;
/** Member pages: anonymous and pending accounts are sent to sign in. */
export const members = (outcome: Outcome = "ok"): Answers => ({
  ...each(outcome),
  anonymous: "login",
  pending: "login",
});
/** Coordination-unit pages. */
export const staff = (outcome: Outcome = "ok"): Answers => ({
  ...members("forbidden"),
  coordinator: outcome,
  admin: outcome,
});
export const adminOnly = (outcome: Outcome = "ok"): Answers => ({ ...members("forbidden"), admin: outcome });
