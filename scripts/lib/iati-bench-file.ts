import { createWriteStream } from "node:fs";
import { once } from "node:events";

// The benchmark's IATI file, made on the spot: counter-narcotics activities of about 2.5 KB each.
// Each activity's title and description name its own places, partners and outputs (made-up words
// drawn from its number), as real activities differ; one in twenty-five republishes the one before
// it under another identifier, so the duplicate check has real pairs to find. `nearCopies` makes
// every activity of a country and year read alike instead: the worst case for the duplicate check.

const COUNTRIES = ["TJ", "UZ", "KG", "KZ", "TM", "AF", "PK", "IR", "TR", "RS", "AL", "BA"];
const PHRASES = [
  "border control",
  "drug law enforcement training",
  "precursor chemicals",
  "money laundering investigations",
  "drug prevention in schools",
  "container control at ports",
];

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** A made-up word of five to eight letters, picked by a seed (any two texts share few trigrams, as real ones). */
function word(seed: number): string {
  let w = "";
  for (let k = 0, x = seed; k < 5 + (seed % 4); k++, x = Math.floor(x / 7)) w += LETTERS[(x * 31 + k * 17) % 26];
  return w;
}

/** `n` words of activity `i`, from a small linear congruential generator (the same file every run). */
function wordsOf(i: number, n: number): string {
  let x = (i * 2654435761) % 4294967296;
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    x = (x * 1664525 + 1013904223) % 4294967296;
    out.push(word(x));
  }
  return out.join(" ");
}

export function benchActivity(i: number, nearCopies = false): string {
  // A republication (one in 25) is the activity before it: its text, country, sector and years.
  const base = !nearCopies && i % 25 === 24 ? i - 1 : i;
  const text = nearCopies ? `${i}` : wordsOf(base, 100);
  const phrase = PHRASES[base % PHRASES.length];
  const country = COUNTRIES[base % COUNTRIES.length];
  const year = 2018 + (base % 8);
  const title = nearCopies ? i : text.split(" ").slice(0, 4).join(" ");
  const description =
    `${nearCopies ? "" : `${text}: `}Technical assistance on ${phrase} for national agencies along the ` +
    "trafficking routes, with equipment, mentoring and regional exchanges between counterparts. It carries " +
    "enough text to look like the activities real publishers write, which run to several sentences describing " +
    "outputs, partners and the expected outcomes of the work over its whole period.";
  const value = (currencyDate: string, amount: number) =>
    `<value currency="EUR" value-date="${currencyDate}">${amount}</value>`;
  const budget = (y: number, amount: number) =>
    `<budget type="1" status="1"><period-start iso-date="${y}-01-01"/><period-end iso-date="${y}-12-31"/>` +
    `${value(`${y}-01-01`, amount)}</budget>`;
  const transaction = (type: string, date: string, amount: number) =>
    `<transaction><transaction-type code="${type}"/><transaction-date iso-date="${date}"/>` +
    `${value(date, amount)}</transaction>`;
  // About 2.5 KB each, as real activities with a few budgets and transactions.
  return [
    `<iati-activity default-currency="EUR" last-updated-datetime="2024-05-01T10:00:00" xml:lang="en">`,
    `<iati-identifier>XM-DAC-7-BENCH-${i}</iati-identifier>`,
    `<reporting-org ref="XM-DAC-7" type="10"><narrative>Bench donor ministry</narrative></reporting-org>`,
    `<title><narrative xml:lang="en">Counter-narcotics ${phrase}: ${title}</narrative>` +
      `<narrative xml:lang="ru">Борьба с наркотиками ${i}</narrative></title>`,
    `<description type="1"><narrative xml:lang="en">${description}</narrative></description>`,
    `<participating-org role="1" ref="XM-DAC-7" type="10">` +
      `<narrative>Bench donor ministry</narrative></participating-org>`,
    `<participating-org role="4" type="40"><narrative>UNODC</narrative></participating-org>`,
    `<activity-status code="2"/>`,
    `<activity-date type="1" iso-date="${year}-01-01"/><activity-date type="2" iso-date="${year}-02-01"/>` +
      `<activity-date type="3" iso-date="${year + 2}-12-31"/>`,
    `<recipient-country code="${country}" percentage="100"/>`,
    `<sector vocabulary="1" code="${base % 3 === 0 ? "15130" : "16063"}" percentage="100"/>`,
    budget(year, 100000 + i),
    budget(year + 1, 90000 + i),
    transaction("2", `${year}-01-15`, 190000 + i),
    transaction("3", `${year}-06-15`, 50000 + i),
    `</iati-activity>\n`,
  ].join("\n");
}

export async function writeBenchFile(
  file: string,
  until: (i: number, bytes: number) => boolean,
  nearCopies = false,
): Promise<number> {
  const out = createWriteStream(file);
  out.write(
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<iati-activities version="2.03" generated-datetime="2024-05-01T10:00:00">\n`,
  );
  let bytes = 0;
  let i = 0;
  while (until(i, bytes)) {
    const piece = benchActivity(i, nearCopies);
    bytes += Buffer.byteLength(piece);
    i += 1;
    if (!out.write(piece)) await once(out, "drain");
  }
  out.end("</iati-activities>\n");
  await once(out, "finish");
  return i;
}
