import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import { MemoryIndex, type MemoryIndexParts } from "./memory-index";

// A snapshot of the in-memory index (memory-index.ts) in a file beside the database, so that a
// restart loads typed arrays from disk (well under a second at 100,000 + 100,000) instead of
// parsing 200,000 tsvectors from PostgreSQL (~8 s), then applies search_changes since the
// snapshot's generation like any catch-up. A snapshot is only a cache: a missing, unreadable,
// corrupt or foreign one (another database, another format, other phrases) is ignored and the index
// is loaded in full.
//
// The file: "ADAMIDX" + format byte, the header's length (uint32 LE), the header (JSON: the
// database's fingerprint, the generation, the strings and the arrays' lengths), padding to 8
// bytes, then the arrays, widest element first so that each is aligned for a view on the file,
// and last the SHA-1 of everything before it (a torn or damaged file is detected, not trusted).

const MAGIC = "ADAMIDX";
/** Bump when MemoryIndex's arrays or their meaning change: older snapshots are then ignored. */
const FORMAT = 1;

type Parts = MemoryIndexParts;
type ArrayName = "updatedAt" | "startYear" | "endYear" | "facetStart" | "facetPool" | "alive" | "facetCount";
type ArrayCtor = Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Uint16ArrayConstructor;
const ARRAYS: Array<[ArrayName, ArrayCtor | Uint8ArrayConstructor]> = [
  ["updatedAt", Float64Array],
  ["startYear", Int32Array],
  ["endYear", Int32Array],
  ["facetStart", Uint32Array],
  ["facetPool", Uint16Array],
  ["alive", Uint8Array],
  ["facetCount", Uint8Array],
];

interface Header {
  fingerprint: string;
  generation: number;
  phraseKeys: string[];
  ids: string[];
  titleKeys: string[];
  facetNames: string[];
  lexemes: string[];
  lengths: Record<ArrayName, number>;
  /** Each posting list's length, in Parts.postings order. */
  postings: number[];
}

const align8 = (n: number) => (n + 7) & ~7;
const DIGEST_LENGTH = 20;

/** The snapshot as bytes. */
export function encodeSnapshot(parts: Parts, fingerprint: string): Buffer {
  const lengths = Object.fromEntries(ARRAYS.map(([name]) => [name, parts[name].length])) as Header["lengths"];
  const header: Header = {
    fingerprint,
    generation: parts.generation,
    phraseKeys: parts.phraseKeys,
    ids: parts.ids,
    titleKeys: parts.titleKeys,
    facetNames: parts.facetNames,
    lexemes: parts.lexemes,
    lengths,
    postings: parts.postings.map((p) => p.docs.length),
  };
  const json = Buffer.from(JSON.stringify(header));
  const start = align8(MAGIC.length + 1 + 4 + json.length);
  // The arrays by descending element size: 8 (updatedAt), 4 (years, facetStart, posting docs), 2, 1.
  const chunks: ArrayBufferView[] = [
    parts.updatedAt,
    parts.startYear,
    parts.endYear,
    parts.facetStart,
    ...parts.postings.map((p) => p.docs),
    parts.facetPool,
    parts.alive,
    parts.facetCount,
    ...parts.postings.map((p) => p.infos),
  ];
  const size = start + chunks.reduce((sum, c) => sum + c.byteLength, 0);
  const body = align8(size);
  const out = Buffer.alloc(body + DIGEST_LENGTH);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt8(FORMAT, MAGIC.length);
  out.writeUInt32LE(json.length, MAGIC.length + 1);
  json.copy(out, MAGIC.length + 5);
  let at = start;
  for (const c of chunks) {
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += c.byteLength;
  }
  createHash("sha1").update(out.subarray(0, body)).digest().copy(out, body);
  return out;
}

/** An index from snapshot bytes made for this fingerprint; null when they are not that (or not a snapshot at all). */
export function decodeSnapshot(bytes: Buffer, fingerprint: string): MemoryIndex | null {
  if (bytes.length < 16 + DIGEST_LENGTH || bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) return null;
  if (bytes.readUInt8(MAGIC.length) !== FORMAT) return null;
  const body = bytes.length - DIGEST_LENGTH;
  const digest = createHash("sha1").update(bytes.subarray(0, body)).digest();
  if (!digest.equals(bytes.subarray(body))) return null;
  const jsonLength = bytes.readUInt32LE(MAGIC.length + 1);
  if (MAGIC.length + 5 + jsonLength > body) return null;
  const header = JSON.parse(bytes.toString("utf8", MAGIC.length + 5, MAGIC.length + 5 + jsonLength)) as Header;
  if (header.fingerprint !== fingerprint) return null;
  // Views need an aligned start: a copy when the file's buffer does not begin at an 8-byte boundary.
  const buffer =
    bytes.byteOffset % 8 === 0 ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const base = bytes.byteOffset % 8 === 0 ? bytes.byteOffset : 0;
  let at = base + align8(MAGIC.length + 5 + jsonLength);
  const end = base + body;
  const take = <T extends ArrayBufferView>(
    make: (b: ArrayBuffer, offset: number, n: number) => T,
    n: number,
    width: number,
  ): T => {
    if (at + n * width > end) throw new Error("snapshot: truncated");
    const view = make(buffer as ArrayBuffer, at, n);
    at += n * width;
    return view;
  };
  const typed = <C extends ArrayCtor | Uint8ArrayConstructor>(ctor: C, n: number) =>
    take((b, o, k) => new ctor(b, o, k) as InstanceType<C>, n, ctor.BYTES_PER_ELEMENT);
  const { lengths } = header;
  const updatedAt = typed(Float64Array, lengths.updatedAt);
  const startYear = typed(Int32Array, lengths.startYear);
  const endYear = typed(Int32Array, lengths.endYear);
  const facetStart = typed(Uint32Array, lengths.facetStart);
  const docs = header.postings.map((n) => typed(Uint32Array, n));
  const facetPool = typed(Uint16Array, lengths.facetPool);
  const alive = typed(Uint8Array, lengths.alive);
  const facetCount = typed(Uint8Array, lengths.facetCount);
  const infos = header.postings.map((n) => typed(Uint8Array, n));
  const n = header.ids.length;
  if ([updatedAt, startYear, endYear, facetStart, alive, facetCount].some((a) => a.length !== n))
    throw new Error("snapshot: arrays of different lengths");
  if (header.lexemes.length + header.phraseKeys.length !== header.postings.length)
    throw new Error("snapshot: posting lists do not match their keys");
  return MemoryIndex.fromParts({
    generation: header.generation,
    phraseKeys: header.phraseKeys,
    ids: header.ids,
    titleKeys: header.titleKeys,
    facetNames: header.facetNames,
    lexemes: header.lexemes,
    alive,
    updatedAt,
    startYear,
    endYear,
    facetStart,
    facetCount,
    facetPool,
    postings: docs.map((d, i) => ({ docs: d, infos: infos[i] })),
  });
}

/**
 * What ties a snapshot to one database: the index's random identity (0023) and the phrases the
 * index precomputes (another synonym list needs another load).
 */
export async function databaseFingerprint(db: Kysely<Database>, phraseKeys: readonly string[]): Promise<string> {
  const { instance } = await db
    .selectFrom("search_index_state")
    .select("instance")
    .where("id", "=", sql.lit(1))
    .executeTakeFirstOrThrow();
  return JSON.stringify([instance, phraseKeys]);
}

/** The snapshot file of a database in a folder (named by the index's identity). */
export function snapshotPath(directory: string, fingerprint: string): string {
  const [instance] = JSON.parse(fingerprint) as [string];
  return join(directory, `search-index-${instance.replace(/[^A-Za-z0-9_-]/g, "_")}.bin`);
}

/** Writes the snapshot next to its final name, then renames it: a reader never sees half a file. */
export async function writeSnapshot(path: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
}

/** The index from a snapshot file, or null (no file, another database, not readable: a full load follows). */
export async function readSnapshot(path: string, fingerprint: string): Promise<MemoryIndex | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return null;
  }
  try {
    return decodeSnapshot(bytes, fingerprint);
  } catch {
    return null;
  }
}
