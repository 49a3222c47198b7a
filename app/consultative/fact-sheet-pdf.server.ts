import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { translator, type Locale, type MessageKey, type Translate } from "~/i18n";
import { formatMoney, formatNumber } from "~/i18n/format";
import type { CountryFactSheet } from "~/marketplace/country.server";

// The country fact sheet as one or two A4 pages, in the reader's language. DejaVu Sans (the
// invoices' font) is embedded because pdfkit's Helvetica has no Cyrillic. Dates come from the
// valuation day, never the clock, so the same data gives the same bytes.

const require = createRequire(import.meta.url);
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");
const COLUMNS = [40, 50, 80, 80, 80, 45, 50, 45];

type Doc = InstanceType<typeof PDFDocument>;

export function renderFactSheetPdf(sheet: CountryFactSheet, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const { doc, done } = openDocument(sheet, locale, t);
  const write = writer(doc, t);
  doc
    .font("Sans-Bold")
    .fontSize(16)
    .text(t("fact.title", { country: sheet.name }));
  const rates = Object.entries(sheet.gaps.rateDates)
    .map(([c, d]) => `${c} ${d}`)
    .join(", ");
  doc
    .font("Sans")
    .fontSize(8)
    .text(t("consult.valuation", { date: sheet.gaps.asOf, rates }));
  write.heading("fact.routes");
  write.lines(sheet.routes.map((r) => `${r.name} (${t(`role.${r.role}`)})`));

  write.heading("fact.perPillar");
  if (!sheet.gaps.cells.length) doc.text(t("fact.notOnRoute"));
  else writePillarTable(doc, sheet, locale, t, write);
  writeLists(sheet, locale, t, write);
  doc
    .moveDown()
    .fontSize(7)
    .text(t("fact.generated", { date: sheet.gaps.asOf }));
  doc.end();
  return done;
}

/** An A4 document with the fonts registered, dated by the valuation day; `done` resolves to its bytes. */
function openDocument(sheet: CountryFactSheet, locale: Locale, t: Translate): { doc: Doc; done: Promise<Buffer> } {
  const stamp = new Date(`${sheet.gaps.asOf}T00:00:00Z`);
  const doc = new PDFDocument({
    size: "A4",
    margin: 45,
    lang: locale === "ru" ? "ru-RU" : "en-GB",
    info: {
      Title: t("fact.title", { country: sheet.name }),
      Producer: "ADAM",
      Creator: "ADAM",
      CreationDate: stamp,
      ModDate: stamp,
    },
  });
  doc.registerFont("Sans", FONT);
  doc.registerFont("Sans-Bold", BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, done };
}

interface Writer {
  heading(key: MessageKey): void;
  /** A bulleted list, or "none". */
  lines(items: string[]): void;
}

function writer(doc: Doc, t: Translate): Writer {
  return {
    heading: (key) => doc.moveDown(0.6).font("Sans-Bold").fontSize(11).text(t(key)).font("Sans").fontSize(9),
    lines: (items) => (items.length ? items.forEach((line) => doc.text(`• ${line}`)) : doc.text(t("fact.none"))),
  };
}

/** One row per pillar (needs, cost, coverage, unmet, projects, flag), then the flags in words. */
function writePillarTable(doc: Doc, sheet: CountryFactSheet, locale: Locale, t: Translate, write: Writer): void {
  const header = [
    t("fact.pillar"),
    t("fact.needs"),
    t("consult.tracker.cost"),
    t("consult.tracker.coverage"),
    t("consult.tracker.unmet"),
    t("fact.active"),
    t("fact.pipeline"),
    t("fact.flagged"),
  ];
  const usd = (v: string) => formatNumber(locale, v, 2);
  const rows = sheet.gaps.cells.map((c) => [
    c.pillarCode,
    String(c.needs),
    usd(c.costUsd),
    usd(c.coverageUsd),
    usd(c.unmetUsd),
    String(c.activeProjects),
    String(c.pipelineProjects),
    c.flagged ? "!" : "",
  ]);
  for (const [i, row] of [header, ...rows].entries()) {
    const y = doc.y;
    let x = doc.page.margins.left;
    doc.font(i === 0 ? "Sans-Bold" : "Sans").fontSize(8);
    row.forEach((cell, j) => {
      doc.text(cell, x, y, { width: COLUMNS[j] - 4 });
      x += COLUMNS[j];
    });
    doc.x = doc.page.margins.left;
    doc.moveDown(i === 0 ? 1.2 : 0.3);
  }
  const flags = sheet.gaps.cells
    .flatMap((c) => [
      c.flags.uncoveredPriorityNeed ? `${c.pillarCode}: ${t("fact.flag.uncoveredPriority")}` : null,
      c.flags.noProjectForNeeds ? `${c.pillarCode}: ${t("fact.flag.noProject")}` : null,
    ])
    .filter((f): f is string => Boolean(f));
  doc.fontSize(8);
  write.lines(flags);
  doc.fontSize(9);
}

/** The lists after the table: active projects, pledges, recommendations, recent activity. */
function writeLists(sheet: CountryFactSheet, locale: Locale, t: Translate, write: Writer): void {
  write.heading("fact.projects");
  write.lines(
    sheet.activeProjects.slice(0, 15).map((p) => `${p.title} — ${p.donor} (${t(`projectStatus.${p.status}`)})`),
  );
  write.heading("fact.pledges");
  write.lines(
    sheet.pledges
      .slice(0, 10)
      .map(
        (p) => `${p.donor}: ${formatMoney(locale, p.amount, p.currency.trim())} (${p.period_start} – ${p.period_end})`,
      ),
  );
  write.heading("fact.recommendations");
  write.lines(
    sheet.recommendations.slice(0, 10).map((r) => {
      const number = t("consult.recs.number", { number: r.number });
      return `${r.kind} ${r.city ?? ""} ${r.start_date.slice(0, 7)}, ${number}: ${r.text.slice(0, 160)}`;
    }),
  );
  write.heading("fact.activity");
  write.lines(sheet.activity.slice(0, 8).map((a) => `${a.updated_at.slice(0, 10)} ${a.title}`));
}
