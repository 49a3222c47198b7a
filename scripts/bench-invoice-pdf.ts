// `npm run bench:pdf [-- N]`: renders one invoice N times (default 300) and prints the latency
// percentiles against the budget in DESIGN.md (an invoice PDF renders in under 100 ms). Exits non-zero
// when the 95th percentile is over budget. The first render (reading the fonts) is reported apart.
import { performance } from "node:perf_hooks";
import { renderInvoicePdf } from "../app/funding/invoice-pdf.server";
import { sampleInvoice } from "../tests/support/invoice-sample";

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
