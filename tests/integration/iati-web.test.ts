import { expect, it } from "vitest";
import { action as uploadAction, loader as importsLoader } from "~/routes/imports._index";
import { action as reportAction, loader as reportLoader } from "~/routes/imports.$id";
import { loader as csvLoader } from "~/routes/imports.$id[.]csv";
import { loader as projectLoader } from "~/routes/projects.$id";
import { makeActor, makeOrganization, type TestActor } from "../support/factories";
import { formRequest, getRequest, requestContext, TEST_CSRF } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { iatiFileXml } from "../support/iati-fixtures";
import { confirmImport } from "~/iati/uploads.server";

// The web import: a multipart upload, its preview activity by activity, confirmation, the project's source.

function upload(xml: string, actor: TestActor, name = "donor-file.xml"): Request {
  const form = new FormData();
  form.set("csrf", TEST_CSRF);
  form.set("file", new File([xml], name, { type: "application/xml" }));
  return new Request("http://localhost/imports", { method: "POST", body: form, headers: { Cookie: actor.cookie } });
}

const idFromRedirect = (response: Response) =>
  Number(response.headers.get("Location")!.split("/").pop()!.split("?")[0]);

describeEachDatabase("IATI import on the web", (use) => {
  it("uploads, previews without writing, confirms, and the project page shows its source", async () => {
    const { db, mode } = use();
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const ref = (
      await db.selectFrom("organizations").select("iati_ref").where("id", "=", org.id).executeTakeFirstOrThrow()
    ).iati_ref!;
    const donor = await makeActor(db, "donor", { organizationId: org.id });
    const context = requestContext(db, mode);
    const identifier = `${ref}-WEB-1`;
    const xml = iatiFileXml([
      { id: identifier, reportingRef: ref, reportingName: "Norwegian donor" },
      {
        id: `${ref}-WEB-2`,
        reportingRef: ref,
        sectors: [{ code: "11220" }],
        title: "Primary schools",
        description: "Classrooms",
      },
    ]);

    const uploaded = (await uploadAction({ request: upload(xml, donor), params: {}, context }).catch(
      (r) => r,
    )) as Response;
    expect(uploaded.status).toBe(302);
    const importId = idFromRedirect(uploaded);
    const preview = await reportLoader({
      request: getRequest(`/imports/${importId}`, donor.cookie),
      params: { id: String(importId) },
      context,
    });
    expect(preview).toMatchObject({
      status: "preview",
      fileName: "donor-file.xml",
      counts: { activities: 2, created: 1, skipped: 1 },
    });
    expect(preview.items.map((i) => [i.line, i.identifier, i.disposition])).toEqual([
      [3, identifier, "created"],
      [16, `${ref}-WEB-2`, "skipped"],
    ]);
    expect(
      await db.selectFrom("projects").select("id").where("iati_identifier", "=", identifier).executeTakeFirst(),
    ).toBeUndefined();

    const confirmed = (await reportAction({
      request: formRequest(`/imports/${importId}`, { intent: "confirm" }, donor.cookie),
      params: { id: String(importId) },
      context,
    })) as Response;
    expect(confirmed.status).toBe(302);
    const done = await reportLoader({
      request: getRequest(`/imports/${importId}`, donor.cookie),
      params: { id: String(importId) },
      context,
    });
    expect(done).toMatchObject({ status: "done", ranBy: expect.stringContaining("Test donor") });
    const projectId = done.items[0].projectId!;
    const page = await projectLoader({
      request: getRequest(`/projects/${projectId}`, donor.cookie),
      params: { id: String(projectId) },
      context,
    });
    expect(page.project).toMatchObject({
      source_publisher: "Norwegian donor",
      source_file: "donor-file.xml",
      source_last_updated: "2024-05-01T10:00:00",
    });

    const again = (await reportAction({
      request: formRequest(`/imports/${importId}`, { intent: "confirm" }, donor.cookie),
      params: { id: String(importId) },
      context,
    })) as { type: string; init: { status: number } };
    expect(again.init.status).toBe(409);

    const csv = (await csvLoader({
      request: getRequest(`/imports/${importId}.csv`, donor.cookie),
      params: { id: String(importId) },
      context,
    })) as Response;
    const text = await csv.text();
    expect(text.split("\n")[0]).toContain("iati-identifier");
    expect(text).toContain(`3,${identifier},created`);

    const list = await importsLoader({ request: getRequest("/imports", donor.cookie), params: {}, context });
    expect(list.imports.map((i) => i.id)).toContain(importId);
  });

  it("runs a confirmed import on after the request, showing its progress, one run at a time", async () => {
    const { db, mode } = use();
    const unit = await db
      .selectFrom("organizations")
      .select("id")
      .where("kind", "=", "coordination_unit")
      .executeTakeFirstOrThrow();
    const coordinator = await makeActor(db, "coordinator", { organizationId: unit.id });
    const context = requestContext(db, mode);
    const activities = Array.from({ length: 30 }, (_, i) => ({
      id: `XM-DAC-7-BG-${i}`,
      title: `Border control training ${i}`,
    }));
    const uploaded = (await uploadAction({
      request: upload(iatiFileXml(activities), coordinator, "big.xml"),
      params: {},
      context,
    })) as Response;
    const importId = idFromRedirect(uploaded);
    const actor = {
      id: coordinator.userId,
      role: coordinator.role,
      organizationId: coordinator.organizationId,
      countryIso3: null,
    };
    // No waiting: the request returns while the import runs.
    const started = await confirmImport(db, actor, importId, null, { waitMs: 0 });
    expect(started.outcome).toBe("running");
    const page = await reportLoader({
      request: getRequest(`/imports/${importId}`, coordinator.cookie),
      params: { id: String(importId) },
      context,
    });
    expect(page).toMatchObject({ status: "preview", running: { stalled: false }, counts: { activities: 30 } });
    // A second confirmation meanwhile is refused: one run at a time.
    const twice = (await reportAction({
      request: formRequest(`/imports/${importId}`, { intent: "confirm" }, coordinator.cookie),
      params: { id: String(importId) },
      context,
    })) as { init: { status: number } };
    expect(twice.init.status).toBe(409);
    await started.finished;
    const done = await reportLoader({
      request: getRequest(`/imports/${importId}`, coordinator.cookie),
      params: { id: String(importId) },
      context,
    });
    expect(done).toMatchObject({ status: "done", running: null, counts: { activities: 30, created: 30 } });
    expect(done.items.every((i) => i.projectId !== null)).toBe(true);
  });

  it("refuses a donor's upload of another publisher's file, with the reason", async () => {
    const { db, mode } = use();
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const donor = await makeActor(db, "donor", { organizationId: org.id });
    const context = requestContext(db, mode);
    const response = (await uploadAction({
      request: upload(iatiFileXml([{ id: "GB-GOV-1-ABC", reportingRef: "GB-GOV-1" }]), donor),
      params: {},
      context,
    })) as Response;
    const importId = idFromRedirect(response);
    const report = await reportLoader({
      request: getRequest(`/imports/${importId}`, donor.cookie),
      params: { id: String(importId) },
      context,
    });
    expect(report.status).toBe("refused");
    expect(report.items).toEqual([]);
    expect(report.fileReasons[0]).toMatch(
      /^Your organization may import only its own activities: line 3 is reported by GB-GOV-1, not XM-TEST-\d+\.$/,
    );
    // Another donor does not see it at all.
    const other = await makeActor(db, "donor", {
      organizationId: (await makeOrganization(db, "donor_agency", "DEU")).id,
    });
    const hidden = await reportLoader({
      request: getRequest(`/imports/${importId}`, other.cookie),
      params: { id: String(importId) },
      context,
    }).catch((r) => r);
    expect((hidden as Response).status).toBe(404);
  });
});
