/// <reference types="vite/client" />
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeEach, expect, it } from "vitest";
import { coordinationUnitId, makeActor, makeOrganization } from "../../support/factories";
import { formRequest, getRequest, requestContext } from "../../support/requests";
import { describeEachDatabase } from "../../support/database";
import { outcomeOf } from "../../support/route-outcome";
import { WHO, type MatrixWorld, type RouteExpectation, type Who } from "./expectations";

// Every route of the app, requested as every kind of visitor, must answer as its expectation says.
// A route module without an expectation fails this test: add it under ./routes/ when you add a route.

const routeModules = import.meta.glob<Record<string, unknown>>("../../../app/routes/*.{ts,tsx}");
const expectationFiles = import.meta.glob<{ default: RouteExpectation[] }>("./routes/*.ts", { eager: true });
const expectations = Object.values(expectationFiles).flatMap((m) => m.default);
const routesDir = fileURLToPath(new URL("../../../app/routes/", import.meta.url));

it("every route module has an expectation, and every expectation a module", () => {
  const files = readdirSync(routesDir)
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .sort();
  const known = new Set(expectations.map((e) => e.file));
  expect(
    files.filter((f) => !known.has(f)),
    "routes missing from the authorization matrix",
  ).toEqual([]);
  expect(
    [...known].filter((f) => !files.includes(f)),
    "expectations for routes that do not exist",
  ).toEqual([]);
});

describeEachDatabase("authorization matrix", (use) => {
  let world: MatrixWorld;

  // A fresh cast for each route: signing out (or a suspension) in one route must not leak into the next.
  beforeEach(async () => {
    const { db } = use();
    const donorOrg = await makeOrganization(db, "donor_agency", "NOR");
    const beneficiaryOrg = await makeOrganization(db, "beneficiary_agency", "TJK");
    const unit = { id: await coordinationUnitId(db) };
    world = {
      db,
      actors: {
        pending: await makeActor(db, "donor", { status: "pending" }),
        donor: await makeActor(db, "donor", { organizationId: donorOrg.id, countryIso3: "NOR" }),
        beneficiary: await makeActor(db, "beneficiary", { organizationId: beneficiaryOrg.id, countryIso3: "TJK" }),
        coordinator: await makeActor(db, "coordinator", { organizationId: unit.id }),
        admin: await makeActor(db, "admin", { organizationId: unit.id }),
      },
    };
  });

  for (const expectation of expectations) {
    it(`${expectation.file} answers every visitor as expected`, async () => {
      const load = routeModules[`../../../app/routes/${expectation.file}`];
      expect(load, `no module ${expectation.file}`).toBeDefined();
      const module = await load();
      const { db, mode } = use();
      const target: { path: string; params?: Record<string, string>; postFields?: Record<string, string> } =
        typeof expectation.path === "function"
          ? await expectation.path(world)
          : { path: expectation.path, params: expectation.params };
      const params = target.params ?? expectation.params ?? {};
      const failures: string[] = [];

      for (const [kind, answers] of [
        ["get", expectation.get],
        ["post", expectation.post],
      ] as const) {
        const handler = module[kind === "get" ? "loader" : "action"] as
          ((args: unknown) => Promise<unknown>) | undefined;
        if (handler && !answers)
          failures.push(
            `${kind.toUpperCase()}: the module has a ${kind === "get" ? "loader" : "action"} but no expectation`,
          );
        if (!handler && answers)
          failures.push(
            `${kind.toUpperCase()}: expectation given but the module has no ${kind === "get" ? "loader" : "action"}`,
          );
        if (!handler || !answers) continue;
        for (const who of WHO) {
          const cookie = who === "anonymous" ? undefined : world.actors[who as Exclude<Who, "anonymous">].cookie;
          const request =
            kind === "get"
              ? getRequest(target.path, cookie)
              : formRequest(target.path, target.postFields ?? expectation.postFields ?? {}, cookie);
          const { outcome, detail } = await outcomeOf(() =>
            handler({ request, params, context: requestContext(db, mode) }),
          );
          if (outcome !== answers[who])
            failures.push(
              `${kind.toUpperCase()} ${target.path} as ${who}: ` +
                `expected ${answers[who]}, got ${outcome}${detail ? `\n${detail}` : ""}`,
            );
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
