import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { existsSync } from "node:fs";

// Schema problems of a file against the official IATI 2.03 activity schema (app/iati/schema/, copied
// from IATI's release), found by xmllint (Debian's libxml2-utils) in streaming mode, so memory stays
// flat whatever the file's size. Real files are often not schema-valid: these are warnings, each with
// its line, never a reason to refuse the file.

export interface SchemaProblem {
  line: number;
  message: string;
}

export interface SchemaCheck {
  available: boolean;
  problems: SchemaProblem[];
  /** More problems than kept (a broken file can have millions). */
  truncated: boolean;
}

const MAX_PROBLEMS = 5000;

export function schemaPath(): string {
  const candidates = [
    path.resolve(process.cwd(), "app/iati/schema/iati-activities-schema.xsd"),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), "schema/iati-activities-schema.xsd"),
  ];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

/** Runs xmllint over the file; resolves with its problems (or `available: false` without xmllint). */
export function checkSchema(file: string): Promise<SchemaCheck> {
  return new Promise((resolve) => {
    const problems: SchemaProblem[] = [];
    let truncated = false;
    let buffer = "";
    const child = spawn("xmllint", ["--noout", "--stream", "--nonet", "--schema", schemaPath(), file], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const take = (line: string) => {
      // "file:LINE: Schemas validity error : Element 'x': message"
      const match = /^.*?:(\d+): (?:element \S+: )?Schemas validity error : (.*)$/.exec(line);
      if (!match) return;
      if (problems.length >= MAX_PROBLEMS) {
        truncated = true;
        return;
      }
      problems.push({ line: Number(match[1]), message: match[2].trim() });
    };
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      lines.forEach(take);
    });
    child.on("error", () => resolve({ available: false, problems: [], truncated: false }));
    child.on("close", () => {
      if (buffer) take(buffer);
      resolve({ available: true, problems, truncated });
    });
  });
}
