import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { DomainError } from "~/errors/domain-error";
import {
  lengthPasswordProblem,
  ownerWords,
  PASSWORD_MIN_SCORE,
  personalPasswordProblem,
  type PasswordOwner,
  type PasswordProblem,
} from "./password-policy";

export type { PasswordOwner, PasswordProblem };

/** A chosen password that the policy refuses; `messageKey` is the field's message. */
export class PasswordPolicyError extends DomainError<"invalid"> {
  declare readonly messageKey: PasswordProblem;

  constructor(messageKey: PasswordProblem) {
    // The field is the chosen password (routes whose form names it otherwise rename it).
    super("invalid", { field: "password", messageKey, text: `The password is refused: ${messageKey}` });
  }
}

// Only this many characters are analysed: the estimator's cost grows fast with length, and a
// longer password is long enough whatever its end.
const ANALYSED_LENGTH = 64;

let estimator: Promise<ZxcvbnFactory> | undefined;

/** zxcvbn-ts with its common-password and English dictionaries, loaded once, at first use. */
function strengthEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-en"),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
      maxLength: ANALYSED_LENGTH,
    });
  })();
  return estimator;
}

/** Too easy to guess: "common" when a known password list matched, else "predictable". */
async function strengthProblem(password: string, owner: PasswordOwner): Promise<PasswordProblem | null> {
  const result = (await strengthEstimator()).check(password.slice(0, ANALYSED_LENGTH), ownerWords(owner));
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  const fromPasswordList = result.sequence.some(
    (match) => match.pattern === "dictionary" && String(match.dictionaryName).startsWith("passwords"),
  );
  return fromPasswordList ? "password.common" : "password.predictable";
}

/** The first rule a new password breaks, or null when it may be used. */
export async function passwordProblem(password: string, owner: PasswordOwner): Promise<PasswordProblem | null> {
  return (
    lengthPasswordProblem(password) ??
    personalPasswordProblem(password, owner) ??
    (await strengthProblem(password, owner))
  );
}

/** Refuses a new password that breaks the policy. Call it wherever a password is chosen. */
export async function assertAcceptablePassword(password: string, owner: PasswordOwner): Promise<void> {
  const problem = await passwordProblem(password, owner);
  if (problem) throw new PasswordPolicyError(problem);
}
