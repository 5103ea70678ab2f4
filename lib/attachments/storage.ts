import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, constants, mkdir, open, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { readEnv } from "../env";
import { TooLargeError } from "../errors";
import { tooLargeMessage } from "./vocabulary";

// Evidence files live behind this interface. The filesystem driver is the default; an
// object-storage driver (S3-compatible) implements the same operations for deployments with
// several app instances. A file may have a thumbnail, kept beside it under thumbnailPath(its
// storage path): written with the file, removed with it.

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
const isStoredPath = (value: string) => isStoragePath(value) || thumbnailOwner(value) !== null;

export class FilesystemStorage implements AttachmentStorage {
  readonly root: string;
  private readonly staging: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.staging = join(this.root, ".staging");
  }

  private pathOf(storagePath: string): string {
    // Storage paths are generated here; anything else is refused before touching the disk.
    if (!isStoredPath(storagePath)) throw new Error(`Not a storage path: ${storagePath}`);
    return join(this.root, ...storagePath.split("/"));
  }

  async stage(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StagedFile> {
    await mkdir(this.staging, { recursive: true });
    const localPath = join(this.staging, randomUUID());
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

  async commit(staged: StagedFile, storagePath: string, thumbnail: Uint8Array | null): Promise<void> {
    const target = this.pathOf(storagePath);
    await mkdir(dirname(target), { recursive: true });
    // The thumbnail first: a crash between the two leaves a thumbnail without its file, which
    // the sweep removes, never a file whose row says it has a thumbnail it lacks.
    if (thumbnail) await writeFile(this.pathOf(thumbnailPath(storagePath)), thumbnail);
    await rename(staged.localPath, target);
    // Dated now, not when its last byte arrived: the sweep spares files younger than its grace
    // period, and this one's row commits only now (after however long it waited for the canvas).
    const now = new Date();
    await utimes(target, now, now);
  }

  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.localPath, { force: true });
  }

  async open(storagePath: string) {
    const path = this.pathOf(storagePath);
    const { size } = await stat(path);
    return { stream: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, size };
  }

  async remove(storagePath: string): Promise<void> {
    const path = this.pathOf(storagePath);
    if (isStoragePath(storagePath)) await rm(this.pathOf(thumbnailPath(storagePath)), { force: true });
    await rm(path, { force: true });
  }

  async *list(): AsyncIterable<{ storagePath: string; modifiedAt: Date }> {
    let entries: string[];
    try {
      entries = await readdir(this.root, { recursive: true });
    } catch {
      return; // no directory yet: nothing stored
    }
    for (const entry of entries) {
      const storagePath = entry.split(sep).join("/");
      if (!isStoredPath(storagePath)) continue;
      const info = await stat(join(this.root, entry)).catch(() => null);
      if (info) yield { storagePath, modifiedAt: info.mtime };
    }
  }

  async removeStagedBefore(cutoff: Date): Promise<number> {
    const names = await readdir(this.staging).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(this.staging, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtime < cutoff) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async ready(): Promise<void> {
    // Created as an upload would create it, then checked writable: a read-only or missing
    // volume fails here rather than on the next upload.
    await mkdir(this.staging, { recursive: true });
    await access(this.staging, constants.W_OK);
  }
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

const globalForStorage = globalThis as unknown as { canvasStorage?: AttachmentStorage };

export function getStorage(): AttachmentStorage {
  globalForStorage.canvasStorage ??= new FilesystemStorage(readEnv().ATTACHMENTS_DIR);
  return globalForStorage.canvasStorage;
}
