import { timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type NodeOnDiskFile,
} from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { can, type Actor } from "~/accounts/permissions";
import { importFile, previewImport } from "./import.server";
import { fileFacts, getImport, saveReport, setImportStatus, startImport } from "./store.server";

// The web side of an import: the upload is streamed to a file on disk (never one string in memory),
// previewed and kept until the user confirms or discards it. IATI_UPLOAD_DIR (default: the system's
// temporary folder) must be shared by every app process behind one load balancer.

type Db = Kysely<Database>;
export const MAX_UPLOAD_BYTES = 250 * 1024 * 1024;

export function uploadDir(): string {
  const dir = process.env.IATI_UPLOAD_DIR ?? path.join(tmpdir(), "adam-iati-uploads");
  mkdirSync(dir, { recursive: true });
  return dir;
}

const storedFile = (importId: number) => path.join(uploadDir(), `import-${importId}.xml`);

export type UploadResult = { ok: true; file: string; name: string } | { ok: false; error: "imports.noFile" | "imports.tooLarge" | "csrf" | "bad" };

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Reads a multipart upload: the XML file to disk, the anti-forgery field checked. */
export async function readUpload(request: Request, csrfToken: string | undefined): Promise<UploadResult> {
  let originalName = "";
  const handler = unstable_composeUploadHandlers(
    unstable_createFileUploadHandler({
      directory: uploadDir(),
      maxPartSize: MAX_UPLOAD_BYTES,
      avoidFileConflicts: true,
      filter: ({ name }) => name === "file",
      file: ({ filename }) => {
        originalName = path.basename(filename).slice(0, 200);
        return `upload-${Date.now()}-${originalName.replace(/[^\w.-]/g, "_")}`;
      },
    }),
    // The other fields (the anti-forgery token) are small: kept in memory, bounded.
    unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
  );
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "imports.tooLarge" };
    return { ok: false, error: "bad" };
  }
  const file = form.get("file") as NodeOnDiskFile | string | null;
  const sent = form.get("csrf");
  if (typeof sent !== "string" || !csrfToken || !sameToken(sent, csrfToken)) {
    if (file && typeof file !== "string") await file.remove().catch(() => {});
    return { ok: false, error: "csrf" };
  }
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, error: "imports.noFile" };
  return { ok: true, file: file.getFilePath(), name: originalName || file.name };
}

/** Previews an uploaded file and keeps it (and its report) until it is confirmed or discarded. */
export async function previewUpload(db: Db, actor: Actor, upload: { file: string; name: string }): Promise<number> {
  const facts = await fileFacts(upload.file);
  const importId = await startImport(db, { fileName: upload.name, ...facts, ranBy: actor.id, organizationId: actor.organizationId, via: "web" });
  const target = storedFile(importId);
  await rename(upload.file, target);
  const report = await previewImport(db, actor, target, { fileName: upload.name });
  await saveReport(db, importId, report, report.refused ? "refused" : "preview");
  if (report.refused) await rm(target, { force: true });
  return importId;
}

/** Coordinators see every import; a donor those of its own organization. */
export function canSeeImport(actor: Actor, row: { organization_id: number | null }): boolean {
  if (can(actor.role, "record:edit-any")) return true;
  return can(actor.role, "project:create") && actor.organizationId !== null && row.organization_id === actor.organizationId;
}

export type ConfirmOutcome = "done" | "not_found" | "not_preview" | "expired";

export async function confirmImport(db: Db, actor: Actor, importId: number, ip: string | null): Promise<ConfirmOutcome> {
  void ip;
  const row = await getImport(db, importId);
  if (!row || !canSeeImport(actor, row)) return "not_found";
  if (row.status !== "preview") return "not_preview";
  const file = storedFile(importId);
  let report;
  try {
    report = await importFile(db, actor, file, { fileName: row.file_name, importId });
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return "expired";
    throw error;
  }
  if (report.refused && report.reasons.some((r) => r.key === "iati.file.unreadable")) return "expired";
  await saveReport(db, importId, report, report.refused ? "refused" : "done");
  await rm(file, { force: true });
  return "done";
}

export async function discardImport(db: Db, actor: Actor, importId: number): Promise<ConfirmOutcome> {
  const row = await getImport(db, importId);
  if (!row || !canSeeImport(actor, row)) return "not_found";
  if (row.status !== "preview") return "not_preview";
  await setImportStatus(db, importId, "discarded");
  await rm(storedFile(importId), { force: true });
  return "done";
}
