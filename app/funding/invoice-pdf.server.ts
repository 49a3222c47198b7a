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

/** What every drawing step needs: the document, the invoice and its locale-bound formatters. */
interface DrawContext {
  doc: PDFKit.PDFDocument;
  invoice: Invoice;
  t: (key: InvoicePdfLabel, vars?: Record<string, string | number>) => string;
  money: (amount: string) => string;
  date: (value: string | null) => string;
  issuer: Issuer | null;
  bank: BankInstructions | null;
}

const LEFT = PAGE.margin;
const RIGHT = PAGE.width - PAGE.margin;

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

  const ctx: DrawContext = { doc, invoice, t, money, date, issuer, bank };
  let y = drawHeader(ctx);
  y = drawStatusBanner(ctx, y);
  y = drawBillTo(ctx, y);
  y = drawLines(ctx, y);
  y = drawTotals(ctx, y);
  drawPaymentInstructions(ctx, y);
  drawFooter(ctx);

  doc.end();
  return done;
}

/** Issuer (left) and the invoice's identity (right); returns the y below the taller of the two. */
function drawHeader({ doc, invoice, t, date, issuer }: DrawContext): number {
  doc
    .font("Sans-Bold")
    .fontSize(11)
    .text(issuer?.name ?? "", LEFT, PAGE.margin, { width: 260 });
  doc.font("Sans").fontSize(9);
  for (const line of (issuer?.address ?? "").split("\n")) doc.text(line, { width: 260 });
  if (issuer?.email) doc.text(issuer.email, { width: 260 });
  if (issuer?.website) doc.text(issuer.website, { width: 260 });
  const issuerBottom = doc.y;

  doc
    .font("Sans-Bold")
    .fontSize(20)
    .text(t("title"), 330, PAGE.margin, { width: RIGHT - 330, align: "right" });
  const facts: Array<[string, string]> = [
    [t("number"), invoice.number ?? "—"],
    [t("issueDate"), date(invoice.issueDate)],
    [t("dueDate"), date(invoice.dueDate)],
  ];
  doc.fontSize(9);
  for (const [label, value] of facts) {
    const y = doc.y + 2;
    doc.font("Sans").text(label, 330, y, { width: 110 });
    doc.font("Sans-Bold").text(value, 440, y, { width: RIGHT - 440, align: "right" });
  }
  return Math.max(issuerBottom, doc.y) + 18;
}

/** The red DRAFT / VOID banner, for those statuses only. */
function drawStatusBanner({ doc, invoice, t }: DrawContext, y: number): number {
  if (invoice.status !== "draft" && invoice.status !== "void") return y;
  const banner = invoice.status === "draft" ? t("draft") : t("void", { reason: invoice.voidReason ?? "" });
  doc.font("Sans-Bold").fontSize(11).fillColor("#b00020").text(banner, LEFT, y, { width: CONTENT }).fillColor("black");
  return doc.y + 12;
}

function drawBillTo({ doc, invoice, t }: DrawContext, y: number): number {
  doc.font("Sans-Bold").fontSize(9).text(t("billTo"), LEFT, y);
  doc.font("Sans-Bold").fontSize(11).text(invoice.billToName, { width: 300 });
  doc.font("Sans").fontSize(9);
  for (const line of invoice.billToAddress.split("\n").filter(Boolean)) doc.text(line, { width: 300 });
  return doc.y + 18;
}

const COLUMN_X = {
  description: LEFT,
  quantity: LEFT + COLUMNS.description,
  unitPrice: LEFT + COLUMNS.description + COLUMNS.quantity,
  amount: LEFT + COLUMNS.description + COLUMNS.quantity + COLUMNS.unitPrice,
};

/** One table row at y (on a new page if it would not fit); returns the y below it. */
function drawRow(doc: PDFKit.PDFDocument, cells: [string, string, string, string], font: string, y: number): number {
  doc.font(font).fontSize(9);
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: Object.values(COLUMNS)[i] - 6 })));
  if (y + height > PAGE.height - PAGE.margin - 200) {
    doc.addPage();
    y = PAGE.margin;
  }
  doc.text(cells[0], COLUMN_X.description, y, { width: COLUMNS.description - 6 });
  doc.text(cells[1], COLUMN_X.quantity, y, { width: COLUMNS.quantity - 6, align: "right" });
  doc.text(cells[2], COLUMN_X.unitPrice, y, { width: COLUMNS.unitPrice - 6, align: "right" });
  doc.text(cells[3], COLUMN_X.amount, y, { width: COLUMNS.amount, align: "right" });
  return y + height + 6;
}

/** The table: header row, a rule, one row per invoice line, and the closing rule. */
function drawLines({ doc, invoice, t, money }: DrawContext, y: number): number {
  y = drawRow(doc, [t("description"), t("quantity"), t("unitPrice"), t("amount")], "Sans-Bold", y);
  doc
    .moveTo(LEFT, y - 3)
    .lineTo(RIGHT, y - 3)
    .lineWidth(0.5)
    .stroke();
  for (const line of invoice.lines) {
    const cells: [string, string, string, string] = [
      line.description,
      formatQuantity(invoice.language, line.quantity),
      money(line.unitPrice),
      money(line.amount),
    ];
    y = drawRow(doc, cells, "Sans", y);
  }
  doc
    .moveTo(LEFT, y - 3)
    .lineTo(RIGHT, y - 3)
    .stroke();
  return y;
}

function drawTotals({ doc, invoice, t, money }: DrawContext, y: number): number {
  doc.font("Sans-Bold").fontSize(11);
  doc.text(t("total"), COLUMN_X.quantity, y + 2, { width: COLUMNS.quantity + COLUMNS.unitPrice - 6, align: "right" });
  doc.text(money(invoice.total), COLUMN_X.amount, y + 2, { width: COLUMNS.amount, align: "right" });
  y = doc.y + 4;
  doc
    .font("Sans")
    .fontSize(8)
    .text(t("currencyNote", { currency: invoice.currency }), LEFT, y, { width: CONTENT, align: "right" });
  return doc.y + 22;
}

function drawPaymentInstructions({ doc, invoice, t, date, bank }: DrawContext, y: number): void {
  doc.font("Sans-Bold").fontSize(11).text(t("payment"), LEFT, y);
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
    doc.font("Sans").fontSize(9).text(label, LEFT, y, { width: 130 });
    doc.font("Sans-Bold").text(value, LEFT + 130, y, { width: CONTENT - 130 });
    y = doc.y + 3;
  }
  if (bank?.note)
    doc
      .font("Sans")
      .fontSize(9)
      .text(bank.note, LEFT, y + 4, { width: CONTENT });
}

/** The pledge (and any replaced invoice) on the last page's bottom line. */
function drawFooter({ doc, invoice, t }: DrawContext): void {
  const footer = [t("pledge", { id: invoice.pledgeId })];
  if (invoice.replacesInvoiceId !== null)
    footer.push(t("replaces", { number: invoice.replacesInvoiceNumber ?? `#${invoice.replacesInvoiceId}` }));
  doc
    .font("Sans")
    .fontSize(8)
    .fillColor("#555555")
    .text(footer.join("  ·  "), LEFT, PAGE.height - PAGE.margin - 12, { width: CONTENT, lineBreak: false });
}

/** "1" stays "1"; "1.500" shows as "1.5" (or "1,5"). */
function formatQuantity(locale: Locale, quantity: string): string {
  const decimals = (quantity.split(".")[1] ?? "").replace(/0+$/, "").length;
  return formatNumber(locale, quantity, decimals);
}

function groupIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, "$1 ");
}
