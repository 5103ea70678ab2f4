import "server-only";
import { randomUUID } from "node:crypto";
import { access, constants, mkdir, open, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { TooLargeError } from "../../errors";
import { tooLargeMessage } from "../vocabulary";

// What every storage driver shares: the interface, the storage paths (generated here, never
// anything of the user's), and staging, which is always on local disk: the checks that follow
// (type sniffing, the workbook's zip, the thumbnail) read the staged file from a local path.

/** A file received into temporary storage, not yet visible under a storage path. */
export interface StagedFile {
  /** A local path the checks can read. */
  localPath: string;
  size: number;
}

export interface AttachmentStorage {
  /** Receives a stream into temporary storage, refusing it past `maxBytes` without buffering it. */
  stage(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StagedFile>;
  /** Moves a staged file under its storage path, with its thumbnail when it has one. */
  commit(staged: StagedFile, storagePath: string, thumbnail: Uint8Array | null): Promise<void>;
  /** Forgets a staged file. */
  discard(staged: StagedFile): Promise<void>;
  /** Opens a stored file, or a thumbnail (by its thumbnailPath). */
  open(storagePath: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number }>;
  /**
   * Removes a stored file and its thumbnail, or (given a thumbnailPath) the thumbnail alone;
   * removing one that is not there is not an error.
   */
  remove(storagePath: string): Promise<void>;
  /** Every stored file and thumbnail, with when it was last written, for the sweep. */
  list(): AsyncIterable<{ storagePath: string; modifiedAt: Date }>;
  /** Removes staged files older than this (left by a crash mid-upload); answers how many. */
  removeStagedBefore(cutoff: Date): Promise<number>;
  /** Throws unless files can be stored now: a cheap probe for the readiness check (/readyz); optional for test doubles. */
  ready?(): Promise<void>;
}

/**
 * The local staging directory is usable: created as an upload would create it, then checked
 * writable, so a read-only or missing volume fails the readiness check rather than the next upload.
 */
export async function stagingReady(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await access(dir, constants.W_OK);
}

/** An evidence file past the limit: the message belongs to the file field. */
export function fileTooLarge(maxBytes: number): TooLargeError {
  const message = tooLargeMessage(maxBytes);
  return new TooLargeError(message, { file: [message] });
}

/** A new storage path: dated folders and a random name, never anything of the user's. */
export function newStoragePath(now = new Date()): string {
  const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
  return `${month}/${randomUUID()}`;
}

const STORAGE_PATH = /^\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isStoragePath(value: string): boolean {
  return STORAGE_PATH.test(value);
}

const THUMBNAIL_SUFFIX = ".thumb";

/** Where a file's thumbnail is kept: derived from its storage path, so no column names it. */
export function thumbnailPath(storagePath: string): string {
  if (!isStoragePath(storagePath)) throw new Error(`Not a storage path: ${storagePath}`);
  return `${storagePath}${THUMBNAIL_SUFFIX}`;
}

/** The file a thumbnail belongs to, or null when the path is not a thumbnail's. */
export function thumbnailOwner(path: string): string | null {
  if (!path.endsWith(THUMBNAIL_SUFFIX)) return null;
  const owner = path.slice(0, -THUMBNAIL_SUFFIX.length);
  return isStoragePath(owner) ? owner : null;
}

/** A file's storage path or its thumbnail's: what the storage may touch. */
export const isStoredPath = (value: string) => isStoragePath(value) || thumbnailOwner(value) !== null;

/** Refuses anything but a storage path (or a thumbnail's) before it reaches a disk or a bucket. */
export function checkStoredPath(storagePath: string): string {
  if (!isStoredPath(storagePath)) throw new Error(`Not a storage path: ${storagePath}`);
  return storagePath;
}

/** Streams a request body into a new file of the local staging directory `dir`. */
export async function stageLocally(
  dir: string,
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<StagedFile> {
  await mkdir(dir, { recursive: true });
  const localPath = join(dir, randomUUID());
  const file = await open(localPath, "w");
  let size = 0;
  try {
    await readAtMost(body, maxBytes, async (chunk) => {
      size += chunk.byteLength;
      await file.write(chunk);
    });
  } catch (error) {
    await file.close();
    await rm(localPath, { force: true });
    throw error;
  }
  await file.close();
  return { localPath, size };
}

/** Removes the files of the local staging directory `dir` unwritten since `cutoff`. */
export async function removeStagedLocally(dir: string, cutoff: Date): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && info.mtime < cutoff) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}

/**
 * Hands each chunk of a request body to `write`, refusing it (TooLargeError) as soon as it
 * passes `maxBytes`. On a refusal or a failed write the body is left, not cancelled: Next.js
 * feeds a request body from the socket's data events with no regard for a cancelled stream,
 * and a chunk arriving after the cancel throws an uncaught "ReadableStream is already closed".
 * The route answers such a request with `Connection: close`, which ends the socket instead.
 */
export async function readAtMost(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  write: (chunk: Uint8Array) => Promise<void>,
): Promise<void> {
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > maxBytes) throw fileTooLarge(maxBytes);
      await write(value);
    }
  } finally {
    reader.releaseLock();
  }
}
