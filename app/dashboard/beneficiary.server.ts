import { matchesToDecide } from "./matches.server";
import { needStatusCounts, needsWithoutSuggestion, newlyActiveProjects } from "./queries.server";
import { NEW_WITHIN_DAYS, type Queue } from "./queue";
import { fromRows, type DayContext } from "./staff.server";

// A beneficiary's working day: the country it speaks for, its needs and the projects arriving there.

async function needCoverage({ db }: DayContext, country: string): Promise<Queue> {
  const counts = await needStatusCounts(db, country);
  const href = (status: string) => `/needs?country=${country}&status=${status}`;
  return {
    key: "needCoverage",
    count: counts.open + counts.partially_met + counts.met,
    href: `/needs?country=${country}`,
    entries: [],
    parts: (["open", "partially_met", "met"] as const).map((key) => ({ key, count: counts[key], href: href(key) })),
  };
}

export function beneficiaryQueues(day: DayContext): Promise<Queue[]> {
  const { db, actor, today } = day;
  const country = actor.countryIso3;
  if (!country) return Promise.resolve([]);
  return Promise.all([
    matchesToDecide(db, actor),
    needCoverage(day, country),
    needsWithoutSuggestion(db, country).then((r) =>
      fromRows("needsWithoutSuggestion", r, `/needs?country=${country}`, (id) => `/needs/${id}`),
    ),
    newlyActiveProjects(db, country, today).then((r) => ({
      ...fromRows("newlyActiveProjects", r, `/projects?country=${country}&status=active`, (id) => `/projects/${id}`),
      days: NEW_WITHIN_DAYS,
    })),
  ]);
}
