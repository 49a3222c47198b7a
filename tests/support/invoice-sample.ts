import type { Invoice } from "../../app/funding/invoices.server";
import { creditorReference } from "../../app/funding/creditor-reference";

/** A hand-made issued invoice (Russian) for rendering without a database: PDF test and benchmark. */
export function sampleInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: 42,
    number: "PP-2026-0007",
    year: 2026,
    sequence: 7,
    pledgeId: 12,
    billToOrganizationId: 3,
    billToName: "Министерство иностранных дел Республики Казахстан",
    billToAddress: "ул. Кунаева, 31\nАстана, 010000\nКазахстан",
    language: "ru",
    currency: "EUR",
    total: "123456.79",
    paid: "0.00",
    outstanding: "123456.79",
    issueDate: "2026-03-15",
    dueDate: "2026-04-14",
    paymentReference: creditorReference("PP-2026-0007"),
    status: "issued",
    voidReason: null,
    voidedAt: null,
    replacesInvoiceId: null,
    replacesInvoiceNumber: null,
    replacedByInvoiceId: null,
    issuer: {
      name: "Координационный отдел Парижского пакта (UNODC)",
      address: "Венский международный центр\nWagramer Strasse 5\n1400 Вена, Австрия",
      email: "paris.pact@example.org",
      website: undefined,
    },
    bankInstructions: {
      accountHolder: "UNODC Paris Pact Trust Fund",
      bankName: "Test Bank AG",
      bankAddress: "Am Hof 2, 1010 Vienna",
      iban: "AT611904300234573201",
      accountNumber: undefined,
      swift: "TESTATWW",
      note: "Банковские комиссии оплачивает плательщик.",
    },
    issuedAt: new Date("2026-03-15T09:30:00Z"),
    version: 2,
    createdAt: new Date("2026-03-10T08:00:00Z"),
    updatedAt: new Date("2026-03-15T09:30:00Z"),
    lines: [
      {
        position: 1,
        description: "Взнос в программу Парижского пакта, 2026 год (первый транш)",
        quantity: "1",
        unitPrice: "100000.00",
        amount: "100000.00",
      },
      {
        position: 2,
        description: "Экспертная рабочая группа по компоненту II, Душанбе",
        quantity: "2.5",
        unitPrice: "9382.72",
        amount: "23456.79",
      },
    ],
    payments: [],
    ...overrides,
  };
}
