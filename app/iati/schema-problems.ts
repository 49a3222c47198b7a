import { reason, type Reason } from "./reasons";
import type { SchemaCheck } from "./schema-check.server";

// Schema problems go to the activity whose lines hold them, the rest to the file. The items come in
// file order, one at a time: a running import writes them chunk by chunk and never holds them all.

interface LinedItem {
  line: number;
  endLine: number;
  reasons: Reason[];
  warnings: number;
}

export class SchemaProblems {
  private next = 0;
  private readonly outside: Reason[] = [];
  /** Problems attached so far, to items and to the file. */
  attached = 0;

  constructor(private readonly schema: SchemaCheck) {}

  /** Gives the item the problems on its lines; those before it (between activities) go to the file. */
  attach(item: LinedItem): void {
    const { problems } = this.schema;
    while (this.next < problems.length && problems[this.next].line <= item.endLine) {
      const { line, message } = problems[this.next];
      if (item.line <= line) {
        item.reasons.push(reason("iati.reason.schema", { line, message }));
        item.warnings += 1;
      } else this.outside.push(reason("iati.file.outsideActivity", { line, message }));
      this.attached += 1;
      this.next += 1;
    }
  }

  /** After the last item: what concerns the file as a whole, in the order the problems came. */
  fileReasons(): Reason[] {
    const { problems } = this.schema;
    for (; this.next < problems.length; this.next += 1) {
      const { line, message } = problems[this.next];
      this.outside.push(reason("iati.file.outsideActivity", { line, message }));
      this.attached += 1;
    }
    return [
      ...(this.schema.available ? [] : [reason("iati.file.schemaUnavailable")]),
      ...(this.schema.truncated ? [reason("iati.file.schemaTruncated")] : []),
      ...this.outside,
    ];
  }
}
