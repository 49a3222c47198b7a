import { DomainError } from "~/errors/domain-error";

// The refusals of the match workflow (proposing, deciding): MatchError and its codes. Apart so that every
// module of the workflow, and the tests, take it from one obvious place.

export type MatchErrorCode =
  | "not_found"
  | "forbidden"
  | "exists"
  | "need_closed"
  | "project_closed"
  | "wrong_country"
  | "wrong_pillar"
  | "wrong_country_pillar"
  | "not_proposed"
  | "own_proposal"
  | "exceeds_unmet"
  | "unknown_currency"
  | "stale";

/** A refused proposal or decision (a DomainError): "match.error.<code>", with the misfit's names in it. */
export class MatchError extends DomainError<MatchErrorCode> {
  constructor(
    code: MatchErrorCode,
    message: string,
    readonly detail?: Record<string, string>,
  ) {
    super(code, {
      text: message,
      messageKey: `match.error.${code}`,
      // The amount refused and what is unmet are shown on the amount, in US dollars.
      ...(code === "exceeds_unmet"
        ? {
            field: "amount",
            params: { amount: { money: detail?.amountUsd ?? "0" }, unmet: { money: detail?.unmetUsd ?? "0" } },
          }
        : { params: detail }),
    });
  }
}
