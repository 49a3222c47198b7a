import { describe, expect, it } from "vitest";
import { formatDate, formatMoney } from "~/i18n/format";
import { renderInvoicePdf } from "~/funding/invoice-pdf.server";
import { normalize, pdfInfo, pdfText } from "../support/pdf-text";
import { sampleInvoice } from "../support/invoice-sample";

describe("invoice PDF", () => {
  it("renders a Russian invoice whose text, Cyrillic included, reads back intact", async () => {
    const invoice = sampleInvoice();
    const pdf = await renderInvoicePdf(invoice);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    for (const expected of [
      "СЧЁТ",
      "PP-2026-0007",
      invoice.paymentReference!,
      "Министерство иностранных дел Республики",
      "Итого к оплате",
      "Просим оплатить банковским переводом",
      "AT61 1904 3002 3457 3201",
      formatMoney("ru", "123456.79", "EUR"),
      formatMoney("ru", "100000.00", "EUR"),
      formatMoney("ru", "23456.79", "EUR"),
      formatDate("ru", "2026-04-14"),
    ]) {
      expect(text).toContain(normalize(expected));
    }
    expect(normalize(formatMoney("ru", "123456.79", "EUR"))).toBe("123 456,79 €");
    // The fonts are embedded: the PDF names DejaVu and no built-in Helvetica.
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).not.toContain("Helvetica");
    expect(raw).toContain("/MediaBox [0 0 595.28 841.89]");
  });

  it("calls the pledge a pledge (объявленный взнос) in Russian, never a commitment (обязательство)", async () => {
    const text = await pdfText(await renderInvoicePdf(sampleInvoice({ language: "ru" })));
    expect(text).toContain(normalize("Объявленный взнос № 12"));
    expect(text.toLowerCase()).not.toContain("обязательств");
  });

  it("renders the same invoice to the same bytes every time", async () => {
    const [a, b] = await Promise.all([renderInvoicePdf(sampleInvoice()), renderInvoicePdf(sampleInvoice())]);
    expect(a.equals(b)).toBe(true);
    // The dates come from the invoice, never from the clock.
    expect(await pdfInfo(a)).toMatchObject({
      CreationDate: "D:20260315000000Z",
      ModDate: "D:20260315000000Z",
      Title: "СЧЁТ PP-2026-0007",
    });
  });

  it("does not depend on what was rendered before (fonts are shared across documents)", async () => {
    const first = await renderInvoicePdf(sampleInvoice());
    for (const language of ["en", "ru", "en"] as const) {
      const other = sampleInvoice({
        language,
        billToName: "Payment by Mary, Jr. (#5) — qwxyz ÄÖÜ ёЁ",
        status: "draft",
        number: null,
      });
      expect(await pdfText(await renderInvoicePdf(other))).toContain("Payment by Mary, Jr. (#5) — qwxyz ÄÖÜ ёЁ");
    }
    expect((await renderInvoicePdf(sampleInvoice())).equals(first)).toBe(true);
  });

  it("renders in English with English formats, and marks void and draft invoices", async () => {
    const voided = await pdfText(
      await renderInvoicePdf(sampleInvoice({ language: "en", status: "void", voidReason: "Wrong bill-to address" })),
    );
    expect(voided).toContain("INVOICE");
    expect(voided).toContain("VOID: Wrong bill-to address");
    expect(voided).toContain(normalize(formatMoney("en", "123456.79", "EUR")));
    expect(voided).toContain("€123,456.79");
    expect(voided).toContain("14 Apr 2026");
    const draft = await pdfText(
      await renderInvoicePdf(
        sampleInvoice({ language: "en", status: "draft", number: null, issueDate: null, paymentReference: null }),
      ),
    );
    expect(draft).toContain("DRAFT: not a request for payment");
    expect(draft).not.toContain("PP-2026-0007");
  });
});
