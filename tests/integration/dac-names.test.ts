import { expect, it } from "vitest";
import { exportContext } from "~/exports/columns.server";
import { marketplaceOptions } from "~/marketplace/options.server";
import { getProjectDetail } from "~/projects/queries.server";
import { listPillars } from "~/reference/reference.server";
import { describeEachDatabase } from "../support/database";
import { donorOf, makeProject } from "../support/factories";

// The DAC purpose codes' names follow the reader's language wherever a page or an export shows them
// (the Russian names come from db/reference/dac-names-ru.json through the seed).
const JUDICIAL = { code: "15130", en: "Legal and judicial development", ru: "Развитие правовой и судебной системы" };

describeEachDatabase("DAC purpose names in the reader's language", (use) => {
  it("are seeded in both languages", async () => {
    const row = await use()
      .db.selectFrom("dac_codes")
      .select(["name", "name_ru"])
      .where("code", "=", JUDICIAL.code)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: JUDICIAL.en, name_ru: JUDICIAL.ru });
  });

  it("on the pillars page and in the project form's choices", async () => {
    const { db } = use();
    for (const locale of ["en", "ru"] as const) {
      const pillars = await listPillars(db, locale);
      const onPillar = pillars.find((p) => p.code === "II")!.dacCodes.find((d) => d.code === JUDICIAL.code);
      expect(onPillar?.name).toBe(JUDICIAL[locale]);
      const options = await marketplaceOptions(db, locale);
      expect(options.dacCodes.find((d) => d.code === JUDICIAL.code)?.name).toBe(JUDICIAL[locale]);
    }
  });

  it("on the project page and in the CSV exports", async () => {
    const { db } = use();
    const donor = await donorOf(db);
    const id = await makeProject(db, { organizationId: donor.organizationId!, dacCode: JUDICIAL.code });
    for (const locale of ["en", "ru"] as const) {
      const project = await getProjectDetail(db, id, locale);
      expect(project).toMatchObject({ dac_code: JUDICIAL.code, dac_name: JUDICIAL[locale] });
      expect(project).not.toHaveProperty("dac_name_ru");
      expect((await exportContext(db, locale)).dac.get(JUDICIAL.code)).toBe(JUDICIAL[locale]);
    }
  });
});
