// The password policy, in one place. This file is light and shared with the browser (the forms'
// zod schemas); the dictionary check, which needs megabytes of word lists, is in
// password-policy.server.ts and runs on the server wherever a password is chosen.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
/** zxcvbn's score (0-4) a new password must reach: 3 is "safely unguessable" online (≥ 10⁸ guesses). */
export const PASSWORD_MIN_SCORE = 3;

export type PasswordProblem =
  | "form.passwordShort"
  | "password.tooLong"
  | "password.containsEmail"
  | "password.containsName"
  | "password.common"
  | "password.predictable";

/** Whose password it is: its e-mail and name must not be in it. */
export interface PasswordOwner {
  email?: string | null;
  fullName?: string | null;
}

const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * The parts of an e-mail or a name that a password must not contain: the whole (without
 * punctuation, from 3 characters) and each word of 4 characters or more ("Li" alone is not refused
 * in "lightning", but "anna" is in "anna-2026-summer").
 */
function forbiddenParts(text: string): string[] {
  const whole = letters(text);
  return [...(whole.length >= 3 ? [whole] : []), ...words(text).filter((w) => w.length >= 4)];
}

/** The rule about the owner's own e-mail and name (cheap: the browser checks it too). */
export function personalPasswordProblem(password: string, owner: PasswordOwner): PasswordProblem | null {
  const plain = letters(password);
  const local = owner.email?.split("@")[0] ?? "";
  if (local && forbiddenParts(local).some((part) => plain.includes(part))) return "password.containsEmail";
  if (owner.fullName && forbiddenParts(owner.fullName).some((part) => plain.includes(part)))
    return "password.containsName";
  return null;
}

/** The length rule (the zod rule `newPassword` applies it in every form). */
export function lengthPasswordProblem(password: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "form.passwordShort";
  if (password.length > PASSWORD_MAX_LENGTH) return "password.tooLong";
  return null;
}

/** The words of the owner's e-mail and name, for the strength estimator's own dictionary. */
export function ownerWords(owner: PasswordOwner): string[] {
  return [...words(owner.email?.split("@")[0] ?? ""), ...words(owner.fullName ?? "")];
}
