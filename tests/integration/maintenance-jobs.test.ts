import { expect, it } from "vitest";
import { startMaintenanceJobs } from "../../scripts/lib/jobs";
import { makeActor } from "../support/factories";
import { describeEachDatabase } from "../support/database";

// The server's periodic jobs as `npm start` starts them (scripts/start.ts): their first run is at once.
describeEachDatabase("maintenance jobs", (use) => {
  it("the session sweep deletes expired sessions on its first run, and keeps live ones", async () => {
    const { db, mode } = use();
    const live = await makeActor(db, "donor");
    const expired = await makeActor(db, "donor");
    await db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", expired.userId)
      .execute();
    const log: string[] = [];
    const stops = startMaintenanceJobs(db, mode, (line) => log.push(line));
    await Promise.all(stops.map((stop) => stop())); // waits for the runs in flight
    const left = async (userId: number) =>
      (await db.selectFrom("sessions").select("user_id").where("user_id", "=", userId).execute()).length;
    expect([await left(live.userId), await left(expired.userId)]).toEqual([1, 0]);
    expect(log).toEqual([]);
  });
});
