import { electronicFormatIBAN, validateBIC, validateIBAN, ValidationErrorsBIC, ValidationErrorsIBAN } from "ibantools";

// Bank codes of the invoicing settings, checked with ibantools (a maintained library: every
// country's IBAN length and format, the ISO 13616 mod-97 check digits, national checksums, and the
// ISO 9362 BIC layout). Shared by the form (browser) and the domain. Each problem has its own message
// key, so the form says what is wrong, not only that something is.

export type IbanProblem = "funding.ibanCountry" | "funding.ibanFormat" | "funding.ibanChecksum";
/** Bank (4 letters), country (2 letters), location (2), optional branch (3). */
const BIC_LAYOUT = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

export type BicProblem = "funding.swiftCountry" | "funding.swiftFormat";

/** "at61 1904 3002 3457 3201" -> "AT611904300234573201" (how it is stored and checked). */
export function normalizeIban(iban: string): string {
  return electronicFormatIBAN(iban) ?? "";
}

/** Why this IBAN is not valid, or null when it is. */
export function ibanProblem(iban: string): IbanProblem | null {
  const { valid, errorCodes } = validateIBAN(normalizeIban(iban));
  if (valid) return null;
  if (
    errorCodes.includes(ValidationErrorsIBAN.NoIBANProvided) ||
    errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)
  )
    return "funding.ibanCountry";
  if (
    errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength) ||
    errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)
  )
    return "funding.ibanFormat";
  return "funding.ibanChecksum";
}

/** Why this SWIFT/BIC is not valid, or null when it is. */
export function bicProblem(bic: string): BicProblem | null {
  const { valid, errorCodes } = validateBIC(bic.trim().toUpperCase());
  if (valid) return null;
  // ibantools reports a short code ("TEST") as a country error only: the layout is checked first.
  if (errorCodes.includes(ValidationErrorsBIC.WrongBICFormat) || !BIC_LAYOUT.test(bic.trim().toUpperCase()))
    return "funding.swiftFormat";
  return "funding.swiftCountry";
}
