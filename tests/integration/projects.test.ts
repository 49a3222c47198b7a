import { sql } from "kysely";
import { expect, it } from "vitest";
import { RecordError } from "~/marketplace/errors";
import { closeProject, createProject, defaultIatiIdentifier, updateProject } from "~/projects/projects.server";
import { loadProjectLinks } from "~/projects/queries.server";
import { action as newAction } from "~/routes/projects.new";
import { action as editAction } from "~/routes/projects.$id_.edit";
import { action as closeAction } from "~/routes/projects.$id";
import { beneficiaryOf, donorOf, projectFields, projectInput, staff } from "../support/factories";
import { formRequest, requestContext } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { refusalOf } from "../support/refusal";
import { outcomeOf } from "../support/route-outcome";

const refusal = refusalOf(RecordError, (e) => ({ code: e.code, field: e.field, key: e.messageKey }));

/** The body and status of a route's data() answer. */
function answer(value: unknown): {
  status: number;
  result?: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
} {
  const v = value as { type?: string; data?: { result?: never }; init?: { status?: number } };
  if (v instanceof Response) return { status: v.status };
  return { status: v.init?.status ?? 200, result: v.data?.result };
}

describeEachDatabase("projects", (use) => {
  it(
    "creates a project for the donor's organization, expands " + "routes into countries, and generates the IATI id",
    async () => {
      const { db } = use();
      const donor = await donorOf(db);
      const created = await createProject(
        db,
        donor,
        projectInput({ countries: ["TUR"], routes: ["northern"] }),
        "127.0.0.1",
      );
      const org = await db
        .selectFrom("organizations")
        .select("iati_ref")
        .where("id", "=", donor.organizationId!)
        .executeTakeFirstOrThrow();
      expect(created.iatiIdentifier).toBe(`${org.iati_ref}-ADAM-${created.id}`);
      const links = (await loadProjectLinks(db, [created.id])).get(created.id)!;
      const northern = await db
        .selectFrom("route_countries")
        .select("country_iso3")
        .where("route_code", "=", "northern")
        .execute();
      expect(links.countries).toEqual([...new Set(["TUR", ...northern.map((c) => c.country_iso3)])].sort());
      expect(links.pillars).toEqual(["II"]);
      expect(links.capacityAreas).toEqual(["II.1"]);
      const row = await db.selectFrom("projects").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        organization_id: donor.organizationId,
        budget: "1250000.50",
        version: 1,
        language: "en",
        created_by: donor.id,
      });
    },
  );

  it("makes a unique IATI id even without an organization reference, and refuses a taken one", async () => {
    const { db } = use();
    const donor = await donorOf(db);
    await db.updateTable("organizations").set({ iati_ref: null }).where("id", "=", donor.organizationId!).execute();
    const a = await createProject(db, donor, projectInput());
    expect(a.iatiIdentifier).toBe(defaultIatiIdentifier(null, donor.organizationId!, a.id));
    const given = await createProject(db, donor, projectInput({ iatiIdentifier: "XM-DAC-41114-PROJ-1" }));
    expect(given.iatiIdentifier).toBe("XM-DAC-41114-PROJ-1");
    expect(
      await refusal(() => createProject(db, donor, projectInput({ iatiIdentifier: "XM-DAC-41114-PROJ-1" }))),
    ).toEqual({ code: "invalid", field: "iatiIdentifier", key: "projects.iatiTaken" });
    // Someone took the identifier the next project would be given: a suffix keeps it unique.
    const next = a.id + 100;
    await sql`SELECT setval(pg_get_serial_sequence('projects', 'id'), ${next - 1})`.execute(db);
    await createProject(
      db,
      donor,
      projectInput({ iatiIdentifier: defaultIatiIdentifier(null, donor.organizationId!, next) }),
    );
    const clash = await createProject(db, donor, projectInput());
    expect(clash.iatiIdentifier).toMatch(new RegExp(`^ADAM-ORG${donor.organizationId}-\\d+(-2)?$`));
  });

  it("checks currency, DAC code, capacity areas and countries against the reference data", async () => {
    const { db } = use();
    const donor = await donorOf(db);
    expect(await refusal(() => createProject(db, donor, projectInput({ currency: "XYZ" })))).toMatchObject({
      field: "currency",
      key: "market.unknownCurrency",
    });
    expect(await refusal(() => createProject(db, donor, projectInput({ dacCode: "99999" })))).toMatchObject({
      field: "dacCode",
      key: "projects.unknownDacCode",
    });
    expect(await refusal(() => createProject(db, donor, projectInput({ capacityAreas: ["IV.1"] })))).toMatchObject({
      field: "capacityAreas",
      key: "projects.areaOutsidePillars",
    });
    expect(await refusal(() => createProject(db, donor, projectInput({ countries: ["QQQ"] })))).toMatchObject({
      field: "countries",
    });
    expect(
      await refusal(() => createProject(db, donor, projectInput({ countries: [], routes: ["atlantic"] }))),
    ).toMatchObject({ field: "routes" });
  });

  it("lets only donors and staff create, and a donor only for their own organization", async () => {
    const { db } = use();
    const beneficiary = await beneficiaryOf(db);
    expect((await refusal(() => createProject(db, beneficiary, projectInput()))).code).toBe("forbidden");
    const donor = await donorOf(db);
    const other = await donorOf(db, "DEU");
    const created = await createProject(db, donor, projectInput({ organizationId: other.organizationId! }));
    const row = await db
      .selectFrom("projects")
      .select("organization_id")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(row.organization_id).toBe(donor.organizationId);
    const coordinator = await staff(db);
    const onBehalf = await createProject(db, coordinator, projectInput({ organizationId: other.organizationId! }));
    expect(
      (
        await db
          .selectFrom("projects")
          .select("organization_id")
          .where("id", "=", onBehalf.id)
          .executeTakeFirstOrThrow()
      ).organization_id,
    ).toBe(other.organizationId);
  });

  it("updates with the version loaded, refuses a stale or foreign edit, and audits before and after", async () => {
    const { db } = use();
    const donor = await donorOf(db);
    const { id } = await createProject(db, donor, projectInput());
    const updated = await updateProject(
      db,
      donor,
      id,
      1,
      projectInput({
        title: "Профилактика наркомании среди молодёжи",
        summary: "Школьные программы профилактики.",
        pillars: ["IV"],
        capacityAreas: ["IV.1"],
        dacCode: "12340",
      }),
      "10.0.0.1",
    );
    expect(updated.version).toBe(2);
    expect(await refusal(() => updateProject(db, donor, id, 1, projectInput({ title: "Late edit" })))).toMatchObject({
      code: "stale",
    });
    const other = await donorOf(db, "JPN");
    expect((await refusal(() => updateProject(db, other, id, 2, projectInput()))).code).toBe("forbidden");
    const coordinator = await staff(db, "admin");
    expect((await updateProject(db, coordinator, id, 2, projectInput({ title: "Edited by the unit" }))).version).toBe(
      3,
    );

    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_type", "=", "project")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["project.create", "project.update", "project.update"]);
    expect(audit[0].before).toBeNull();
    const first = audit[1];
    expect(first).toMatchObject({ actor_user_id: donor.id, ip: "10.0.0.1" });
    expect(first.before).toMatchObject({ title: projectInput().title, pillars: ["II"], version: 1 });
    expect(first.after).toMatchObject({
      title: "Профилактика наркомании среди молодёжи",
      pillars: ["IV"],
      capacityAreas: ["IV.1"],
      version: 2,
      language: "ru",
    });
    expect(audit[2].actor_user_id).toBe(coordinator.id);
  });

  it("closes a project as completed or cancelled, at the version seen", async () => {
    const { db } = use();
    const donor = await donorOf(db);
    const { id } = await createProject(db, donor, projectInput());
    expect(await refusal(() => closeProject(db, donor, id, 7, "completed"))).toMatchObject({ code: "stale" });
    await closeProject(db, donor, id, 1, "cancelled");
    const row = await db
      .selectFrom("projects")
      .select(["status", "version"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "cancelled", version: 2 });
    const audit = await db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("action", "=", "project.close")
      .where("entity_id", "=", String(id))
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ status: "active" });
    expect(audit.after).toMatchObject({ status: "cancelled" });
  });

  it("answers a form with broken rules with 400 and what was typed, never 500", async () => {
    const { db, mode } = use();
    const donor = await donorOf(db);
    const fields = projectFields({
      title: "Typed title survives",
      budget: "12.345",
      endDate: "2020-01-01",
      currency: "ZZZ",
    });
    const result = answer(
      await newAction({
        request: formRequest("/projects/new", fields, donor.cookie),
        params: {},
        context: requestContext(db, mode),
      } as never),
    );
    expect(result.status).toBe(400);
    expect(result.result?.error).toMatchObject({
      budget: ["market.amountInvalid"],
      endDate: ["market.endBeforeStart"],
    });
    expect(result.result?.initialValue).toMatchObject({ title: "Typed title survives" });
    // A currency without exchange rates passes the schema but not the reference check.
    const unknown = answer(
      await newAction({
        request: formRequest("/projects/new", projectFields({ currency: "ZZZ" }), donor.cookie),
        params: {},
        context: requestContext(db, mode),
      } as never),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.result?.error).toMatchObject({ currency: ["market.unknownCurrency"] });
    const garbage = await outcomeOf(() =>
      newAction({
        request: formRequest(
          "/projects/new",
          { pillars: ["<script>"], budget: "1".repeat(500), startDate: "yesterday" },
          donor.cookie,
        ),
        params: {},
        context: requestContext(db, mode),
      } as never),
    );
    expect(garbage.outcome).toBe("bad");
  });

  it("refuses a stale edit through the page with 409 and form.stale, keeping the typed text", async () => {
    const { db, mode } = use();
    const donor = await donorOf(db);
    const { id } = await createProject(db, donor, projectInput());
    const context = requestContext(db, mode);
    const post = (title: string) =>
      editAction({
        request: formRequest(`/projects/${id}/edit`, projectFields({ title, version: "1" }), donor.cookie),
        params: { id: String(id) },
        context,
      } as never);
    const first = await post("First save");
    expect((first as Response).status).toBe(302);
    const second = answer(await post("Second save from an old tab"));
    expect(second.status).toBe(409);
    expect(second.result?.error?.[""]).toEqual(["form.stale"]);
    expect(second.result?.initialValue).toMatchObject({ title: "Second save from an old tab" });
    expect((await db.selectFrom("projects").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).toBe(
      "First save",
    );
    const closed = answer(
      await closeAction({
        request: formRequest(`/projects/${id}`, { intent: "close", status: "completed", version: "1" }, donor.cookie),
        params: { id: String(id) },
        context,
      } as never),
    );
    expect(closed.status).toBe(409);
  });
});
