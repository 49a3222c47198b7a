// fontkit (pdfkit's own font engine) ships no types; we only hand its parsed fonts back to pdfkit.
declare module "fontkit" {
  export function create(buffer: Uint8Array, postscriptName?: string): object;
}
