// `npm run bench:pdf [-- N]`: renders one invoice N times (default 300) and prints the latency
// percentiles against its budget (scripts/README.md: an invoice PDF renders in under 100 ms). Exits non-zero
// when the 95th percentile is over budget. The first render (reading the fonts) is reported apart.
import { performance } from "node:perf_hooks";
import { renderInvoicePdf } from "../app/funding/invoice-pdf.server";
import { sampleInvoice } from "../tests/support/invoice-sample";
import { renderFactSheetPdf } from "../app/consultative/fact-sheet-pdf.server";
import type { CountryFactSheet } from "../app/marketplace/country.server";

const BUDGET_MS = 100;
const runs = Number(process.argv[2] ?? 300);

// A heavier invoice than most (12 lines, Russian, long descriptions) so the budget holds with margin.
const invoice = sampleInvoice({
  lines: Array.from({ length: 12 }, (_, i) => ({
    position: i + 1,
    description: `Экспертная рабочая группа № ${i + 1}: подготовка, перевод и проведение заседания по компоненту II`,
    quantity: "1",
    unitPrice: "10288.07",
    amount: "10288.07",
  })),
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

let start = performance.now();
const first = await renderInvoicePdf(invoice);
const cold = performance.now() - start;
for (let i = 0; i < 5; i++) await renderInvoicePdf(invoice); // let the JIT settle

const times: number[] = [];
for (let i = 0; i < runs; i++) {
  start = performance.now();
  await renderInvoicePdf(invoice);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const [p50, p95, max] = [percentile(times, 50), percentile(times, 95), times[times.length - 1]];
const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(`invoice PDF (${invoice.lines.length} lines, ${first.length} bytes), ${runs} renders:`);
console.log(`  first (cold) ${ms(cold)}   p50 ${ms(p50)}   p95 ${ms(p95)}   max ${ms(max)}   budget ${BUDGET_MS} ms`);
if (p95 > BUDGET_MS) {
  console.error(`OVER BUDGET: p95 ${ms(p95)} > ${BUDGET_MS} ms`);
  process.exitCode = 1;
} else {
  console.log("within budget");
}

// The country fact sheet (budget 200 ms): a full sheet in Russian, from fixed data (the database
// side is the gap matrix, held by bench:gaps).
const SHEET_BUDGET_MS = 200;
const cell = (pillarCode: string) => ({
  routeCode: "northern",
  routePosition: 1,
  countryIso3: "TJK",
  countryNameEn: "Tajikistan",
  countryNameRu: "Таджикистан",
  pillarCode,
  needs: 12,
  costedNeeds: 11,
  costUsd: "1250000.00",
  coverageUsd: "400000.00",
  unmetUsd: "850000.00",
  unmetShare: 0.68,
  uncostedUnmet: 1,
  activeProjects: 3,
  pipelineProjects: 2,
  donors: 4,
  flags: { uncoveredPriorityNeed: true, noProjectForNeeds: false },
  flagged: true,
});
const sheet = {
  iso3: "TJK",
  name: "Таджикистан",
  isPartner: true,
  routes: [{ code: "northern", name: "Северный маршрут", role: "transit" as const }],
  gaps: {
    asOf: "2030-01-15",
    rateDates: { EUR: "2030-01-01", RUB: "2030-01-01" },
    cells: ["I", "II", "III", "IV"].map(cell),
  },
  activeProjects: Array.from({ length: 15 }, (_, i) => ({
    id: i,
    title: `Укрепление пограничного контроля, этап ${i + 1}`,
    status: "active",
    donor: `Донор ${i % 4}`,
    start_date: "2029-01-01",
    end_date: null,
  })),
  donors: ["Донор 0", "Донор 1", "Донор 2", "Донор 3"],
  pledges: Array.from({ length: 10 }, (_, i) => ({
    id: i,
    amount: "250000.00",
    currency: "EUR",
    period_start: "2030-01-01",
    period_end: "2030-12-31",
    donor: `Донор ${i % 4}`,
  })),
  recommendations: Array.from({ length: 10 }, (_, i) => ({
    id: i,
    number: i + 1,
    pillar_code: "II",
    text: "Укрепить подразделения финансовой разведки и обмен информацией между ними в регионе.",
    kind: "EWG",
    city: "Анкара",
    start_date: "2023-09-12",
    needs: 2,
  })),
  activity: Array.from({ length: 8 }, (_, i) => ({
    kind: "need" as const,
    id: i,
    title: `Потребность ${i}`,
    updated_at: "2030-01-10T10:00:00.000Z",
  })),
  needs: { total: 0, page: 1, pageCount: 1, rows: [] },
  projects: { total: 0, page: 1, pageCount: 1, rows: [] },
} as unknown as CountryFactSheet;
await renderFactSheetPdf(sheet, "ru");
const sheetTimes: number[] = [];
for (let i = 0; i < Math.min(runs, 100); i++) {
  start = performance.now();
  await renderFactSheetPdf(sheet, "ru");
  sheetTimes.push(performance.now() - start);
}
sheetTimes.sort((a, b) => a - b);
const sheetP95 = percentile(sheetTimes, 95);
console.log(
  `country fact sheet PDF, ${sheetTimes.length} renders: p50 ${ms(percentile(sheetTimes, 50))}   ` +
    `p95 ${ms(sheetP95)}   budget ${SHEET_BUDGET_MS} ms`,
);
if (sheetP95 > SHEET_BUDGET_MS) {
  console.error(`OVER BUDGET: fact sheet p95 ${ms(sheetP95)} > ${SHEET_BUDGET_MS} ms`);
  process.exitCode = 1;
}
