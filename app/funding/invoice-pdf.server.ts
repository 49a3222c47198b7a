import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import type { Locale } from "../../db/schema";
import { formatDate, formatMoney, formatNumber } from "../i18n/format";
import { invoicePdfLabels, type InvoicePdfLabel } from "./invoice-pdf-labels";
import type { Invoice } from "./invoices.server";
import type { BankInstructions, Issuer } from "./settings.server";

// Renders an invoice as an A4 PDF with pdfkit. DejaVu Sans is embedded (subset) because pdfkit's
// built-in Helvetica has no Cyrillic. The output is deterministic: dates and the file ID come from the
// invoice, never from the clock, so the same invoice always gives the same bytes.

const require = createRequire(import.meta.url);

// Decoding DejaVu's tables (cmap, GSUB, GPOS, hmtx...) cost most of a render. Each document gets a
// fresh fontkit font object (sharing one across documents corrupted later documents' text), but the
// fresh object starts with the decoded tables of a warmed-up one: they are only ever read.
type FontkitFont = { _tables: Record<string, unknown>; layout(text: string): unknown };
const warmed = new Map<string, { buffer: Buffer; tables: Record<string, unknown> }>();

function openFont(file: "DejaVuSans.ttf" | "DejaVuSans-Bold.ttf"): object {
  let entry = warmed.get(file);
  if (!entry) {
    const buffer = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    const font = fontkit.create(buffer) as FontkitFont;
    font.layout("Warm up: Aa Яя 0,9 € – ₽"); // decodes the tables the layout engine needs
    entry = { buffer, tables: { ...font._tables } };
    warmed.set(file, entry);
  }
  const font = fontkit.create(entry.buffer) as FontkitFont;
  Object.assign(font._tables, entry.tables);
  return font;
}

export interface RenderOptions {
  /** For a draft's preview: the current settings (an issued invoice uses its own snapshot). */
  issuer?: Issuer | null;
  bank?: BankInstructions | null;
}

const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const CONTENT = PAGE.width - 2 * PAGE.margin;
const COLUMNS = { description: 265, quantity: 50, unitPrice: 90, amount: 90 };

export function renderInvoicePdf(invoice: Invoice, options: RenderOptions = {}): Promise<Buffer> {
  const locale = invoice.language;
  const t = (key: InvoicePdfLabel, vars: Record<string, string | number> = {}) =>
    invoicePdfLabels[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
  const money = (amount: string) => formatMoney(locale, amount, invoice.currency);
  const date = (value: string | null) => (value ? formatDate(locale, value) : "—");
  const issuer = invoice.issuer ?? options.issuer ?? null;
  const bank = invoice.bankInstructions ?? options.bank ?? null;
  // Fixed dates: the issue date for an issued invoice, the creation day for a draft.
  const stamp = new Date(`${invoice.issueDate ?? invoice.createdAt.toISOString().slice(0, 10)}T00:00:00Z`);

  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    lang: locale === "ru" ? "ru-RU" : "en-GB",
    info: {
      Title: `${t("title")} ${invoice.number ?? `#${invoice.id}`}`,
      Author: issuer?.name ?? "",
      Subject: t("pledge", { id: invoice.pledgeId }),
      Producer: "ADAM",
      Creator: "ADAM",
      CreationDate: stamp,
      ModDate: stamp,
    },
  });
  // pdfkit takes a fontkit font in place of a path or buffer (its types only list the latter).
  doc.registerFont("Sans", openFont("DejaVuSans.ttf") as Buffer);
  doc.registerFont("Sans-Bold", openFont("DejaVuSans-Bold.ttf") as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = PAGE.margin;
  const right = PAGE.width - PAGE.margin;

  // Issuer (left) and the invoice's identity (right).
  doc
    .font("Sans-Bold")
    .fontSize(11)
    .text(issuer?.name ?? "", left, PAGE.margin, { width: 260 });
  doc.font("Sans").fontSize(9);
  for (const line of (issuer?.address ?? "").split("\n")) doc.text(line, { width: 260 });
  if (issuer?.email) doc.text(issuer.email, { width: 260 });
  if (issuer?.website) doc.text(issuer.website, { width: 260 });
  const issuerBottom = doc.y;

  doc
    .font("Sans-Bold")
    .fontSize(20)
    .text(t("title"), 330, PAGE.margin, { width: right - 330, align: "right" });
  const facts: Array<[string, string]> = [
    [t("number"), invoice.number ?? "—"],
    [t("issueDate"), date(invoice.issueDate)],
    [t("dueDate"), date(invoice.dueDate)],
  ];
  doc.fontSize(9);
  for (const [label, value] of facts) {
    const y = doc.y + 2;
    doc.font("Sans").text(label, 330, y, { width: 110 });
    doc.font("Sans-Bold").text(value, 440, y, { width: right - 440, align: "right" });
  }
  let y = Math.max(issuerBottom, doc.y) + 18;

  if (invoice.status === "draft" || invoice.status === "void") {
    const banner = invoice.status === "draft" ? t("draft") : t("void", { reason: invoice.voidReason ?? "" });
    doc
      .font("Sans-Bold")
      .fontSize(11)
      .fillColor("#b00020")
      .text(banner, left, y, { width: CONTENT })
      .fillColor("black");
    y = doc.y + 12;
  }

  // Bill-to.
  doc.font("Sans-Bold").fontSize(9).text(t("billTo"), left, y);
  doc.font("Sans-Bold").fontSize(11).text(invoice.billToName, { width: 300 });
  doc.font("Sans").fontSize(9);
  for (const line of invoice.billToAddress.split("\n").filter(Boolean)) doc.text(line, { width: 300 });
  y = doc.y + 18;

  // Lines.
  const x = {
    description: left,
    quantity: left + COLUMNS.description,
    unitPrice: left + COLUMNS.description + COLUMNS.quantity,
    amount: left + COLUMNS.description + COLUMNS.quantity + COLUMNS.unitPrice,
  };
  const row = (cells: [string, string, string, string], font: string) => {
    doc.font(font).fontSize(9);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: Object.values(COLUMNS)[i] - 6 })));
    if (y + height > PAGE.height - PAGE.margin - 200) {
      doc.addPage();
      y = PAGE.margin;
    }
    doc.text(cells[0], x.description, y, { width: COLUMNS.description - 6 });
    doc.text(cells[1], x.quantity, y, { width: COLUMNS.quantity - 6, align: "right" });
    doc.text(cells[2], x.unitPrice, y, { width: COLUMNS.unitPrice - 6, align: "right" });
    doc.text(cells[3], x.amount, y, { width: COLUMNS.amount, align: "right" });
    y += height + 6;
  };
  row([t("description"), t("quantity"), t("unitPrice"), t("amount")], "Sans-Bold");
  doc
    .moveTo(left, y - 3)
    .lineTo(right, y - 3)
    .lineWidth(0.5)
    .stroke();
  for (const line of invoice.lines) {
    row([line.description, formatQuantity(locale, line.quantity), money(line.unitPrice), money(line.amount)], "Sans");
  }
  doc
    .moveTo(left, y - 3)
    .lineTo(right, y - 3)
    .stroke();
  doc.font("Sans-Bold").fontSize(11);
  doc.text(t("total"), x.quantity, y + 2, { width: COLUMNS.quantity + COLUMNS.unitPrice - 6, align: "right" });
  doc.text(money(invoice.total), x.amount, y + 2, { width: COLUMNS.amount, align: "right" });
  y = doc.y + 4;
  doc
    .font("Sans")
    .fontSize(8)
    .text(t("currencyNote", { currency: invoice.currency }), left, y, { width: CONTENT, align: "right" });
  y = doc.y + 22;

  // Payment instructions.
  doc.font("Sans-Bold").fontSize(11).text(t("payment"), left, y);
  doc
    .font("Sans")
    .fontSize(9)
    .text(t("payBy", { date: date(invoice.dueDate) }), { width: CONTENT });
  y = doc.y + 6;
  const pairs: Array<[string, string | undefined | null]> = [
    [t("reference"), invoice.paymentReference ?? "—"],
    [t("accountHolder"), bank?.accountHolder],
    [t("bank"), bank?.bankName],
    [t("bankAddress"), bank?.bankAddress],
    [t("iban"), bank?.iban ? groupIban(bank.iban) : undefined],
    [t("accountNumber"), bank?.accountNumber],
    [t("swift"), bank?.swift],
  ];
  for (const [label, value] of pairs) {
    if (!value) continue;
    doc.font("Sans").fontSize(9).text(label, left, y, { width: 130 });
    doc.font("Sans-Bold").text(value, left + 130, y, { width: CONTENT - 130 });
    y = doc.y + 3;
  }
  if (bank?.note)
    doc
      .font("Sans")
      .fontSize(9)
      .text(bank.note, left, y + 4, { width: CONTENT });

  const footer = [t("pledge", { id: invoice.pledgeId })];
  if (invoice.replacesInvoiceId !== null)
    footer.push(t("replaces", { number: invoice.replacesInvoiceNumber ?? `#${invoice.replacesInvoiceId}` }));
  doc
    .font("Sans")
    .fontSize(8)
    .fillColor("#555555")
    .text(footer.join("  ·  "), left, PAGE.height - PAGE.margin - 12, { width: CONTENT, lineBreak: false });

  doc.end();
  return done;
}

/** "1" stays "1"; "1.500" shows as "1.5" (or "1,5"). */
function formatQuantity(locale: Locale, quantity: string): string {
  const decimals = (quantity.split(".")[1] ?? "").replace(/0+$/, "").length;
  return formatNumber(locale, quantity, decimals);
}

function groupIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, "$1 ");
}
