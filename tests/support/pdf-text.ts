// Extracts a PDF's text with Mozilla's pdf.js (an npm package, so the tests need no system tools).
// Whitespace is normalized: Intl puts no-break spaces inside amounts, and pdf.js splits runs freely.
export async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : " ") : "")).join(""));
  }
  await document.destroy();
  return normalize(pages.join("\n"));
}

export function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The document information dictionary (Title, CreationDate, ...), as pdf.js reads it. */
export async function pdfInfo(pdf: Buffer): Promise<Record<string, unknown>> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const { info } = await document.getMetadata();
  await document.destroy();
  return info as Record<string, unknown>;
}
