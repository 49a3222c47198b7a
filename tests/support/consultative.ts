import type { RecommendationInput } from "~/consultative/schema";

/**
 * A recommendation of the suites' EWG meeting (`meetings.ewg`), endorsed by their PCG (`meetings.pcg`),
 * with `overrides`. The meetings are read when it is called (the suites create them in `beforeAll`).
 */
export function recommendationInput(
  meetings: Record<string, number>,
  overrides: Partial<RecommendationInput> = {},
): RecommendationInput {
  return {
    meetingId: meetings.ewg,
    number: 1,
    pillar: "II",
    textEn: "Strengthen financial intelligence units.",
    textRu: "Укрепить подразделения финансовой разведки.",
    status: "endorsed",
    endorsedBy: meetings.pcg,
    supersededBy: undefined,
    ...overrides,
  };
}
