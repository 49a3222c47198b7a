/**
 * ISO 11649 structured creditor reference ("RF" + two check digits + the invoice number without
 * dashes): banks in Europe validate it, so a mistyped reference is caught before the money moves.
 */
export function creditorReference(invoiceNumber: string): string {
  const body = invoiceNumber.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
  const digits = `${body}RF00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  const check = 98n - (BigInt(digits) % 97n);
  return `RF${check.toString().padStart(2, "0")}${body}`;
}

export function isValidCreditorReference(reference: string): boolean {
  const moved = `${reference.slice(4)}${reference.slice(0, 4)}`.toUpperCase();
  const digits = moved.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return /^\d+$/.test(digits) && BigInt(digits) % 97n === 1n;
}
