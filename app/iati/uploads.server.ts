import { timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
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
import { sql, type Kysely } from "kysely";
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

export type UploadResult =
  | { ok: true; file: string; name: string }
  | { ok: false; error: "imports.noFile" | "imports.tooLarge" | "csrf" | "bad" };

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
  const importId = await startImport(db, {
    fileName: upload.name,
    ...facts,
    ranBy: actor.id,
    organizationId: actor.organizationId,
    via: "web",
  });
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
  return (
    can(actor.role, "project:create") && actor.organizationId !== null && row.organization_id === actor.organizationId
  );
}

export type ConfirmOutcome = "done" | "running" | "not_found" | "not_preview" | "expired";

/** How long a confirmation waits for its import before the page shows its progress instead. */
export const CONFIRM_WAIT_MS = 5_000;
/** A running import whose progress has not moved for this long was cut off (the server restarted). */
export const STALLED_AFTER_MS = 10 * 60_000;

/** What a running import last said of itself, kept in its counts (the status stays "preview" until it ends). */
export interface RunningProgress {
  done: number;
  at: string;
}

/** The running import's progress, and whether it has stalled. */
export function runningOf(counts: unknown, now = Date.now()): (RunningProgress & { stalled: boolean }) | null {
  const running = (counts as { running?: RunningProgress } | null)?.running;
  if (!running) return null;
  return { ...running, stalled: now - Date.parse(running.at) > STALLED_AFTER_MS };
}

/**
 * Claims the preview for one run: only one at a time, unless the last one stalled (a re-run is safe:
 * what was imported before comes back unchanged).
 */
async function claimRun(db: Db, importId: number): Promise<boolean> {
  const stalledBefore = new Date(Date.now() - STALLED_AFTER_MS).toISOString();
  const claimed = await db
    .updateTable("iati_imports")
    .set({ counts: sql`counts || jsonb_build_object('running', jsonb_build_object('done', 0, 'at', now()))` })
    .where("id", "=", importId)
    .where("status", "=", "preview")
    .where((eb) =>
      eb.or([
        eb(sql`(counts ? 'running')`, "=", false),
        eb(sql`(counts->'running'->>'at')::timestamptz`, "<", stalledBefore),
      ]),
    )
    .returning("id")
    .executeTakeFirst();
  return Boolean(claimed);
}

async function recordProgress(db: Db, importId: number, done: number): Promise<void> {
  await db
    .updateTable("iati_imports")
    .set({
      counts: sql`counts || jsonb_build_object('running', jsonb_build_object('done', ${done}::int, 'at', now()))`,
    })
    .where("id", "=", importId)
    .where("status", "=", "preview")
    .execute();
}

/**
 * Confirms a preview: the import runs on in this process (a big file takes minutes, longer than a
 * request should), writing its progress to the import's row, which the page shows. The request
 * waits up to `waitMs` so that a small file's page shows its result at once. `finished` settles
 * when the import has ended.
 */
export async function confirmImport(
  db: Db,
  actor: Actor,
  importId: number,
  ip: string | null,
  { waitMs = CONFIRM_WAIT_MS }: { waitMs?: number } = {},
): Promise<{ outcome: ConfirmOutcome; finished: Promise<void> }> {
  void ip;
  const settled = { finished: Promise.resolve() };
  const row = await getImport(db, importId);
  if (!row || !canSeeImport(actor, row)) return { outcome: "not_found", ...settled };
  if (row.status !== "preview") return { outcome: "not_preview", ...settled };
  const file = storedFile(importId);
  if (!(await stat(file).catch(() => null))) return { outcome: "expired", ...settled };
  if (!(await claimRun(db, importId))) return { outcome: "not_preview", ...settled };
  let lastWrite = 0;
  const onProgress = (done: number) => {
    // At most one progress write a second: the chunks come faster than anyone reads.
    if (Date.now() - lastWrite < 1_000) return;
    lastWrite = Date.now();
    void recordProgress(db, importId, done).catch(() => {});
  };
  const finished = (async () => {
    try {
      const report = await importFile(db, actor, file, { fileName: row.file_name, importId, onProgress });
      await saveReport(db, importId, report, report.refused ? "refused" : "done");
      await rm(file, { force: true });
    } catch (error) {
      // The preview stays as it was (the projects written so far are kept: a new confirmation
      // finds them unchanged); the error goes to the server's log.
      console.error(`[imports] import ${importId} failed:`, error);
      await db
        .updateTable("iati_imports")
        .set({ counts: sql`counts - 'running'` })
        .where("id", "=", importId)
        .execute()
        .catch(() => {});
    }
  })();
  const outcome = await Promise.race([
    finished.then(() => "done" as const),
    new Promise<"running">((resolve) => setTimeout(() => resolve("running"), waitMs).unref()),
  ]);
  return { outcome, finished };
}

export async function discardImport(db: Db, actor: Actor, importId: number): Promise<ConfirmOutcome> {
  const row = await getImport(db, importId);
  if (!row || !canSeeImport(actor, row)) return "not_found";
  if (row.status !== "preview") return "not_preview";
  await setImportStatus(db, importId, "discarded");
  await rm(storedFile(importId), { force: true });
  return "done";
}
