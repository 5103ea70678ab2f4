import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { readEnv } from "../env";
import { TooLargeError } from "../errors";
import { tooLargeMessage } from "./vocabulary";

// Evidence files live behind this interface. The filesystem driver is the default; an
// object-storage driver (S3-compatible) implements the same five operations for
// deployments with several app instances.

/** A file received into temporary storage, not yet visible under a storage path. */
export interface StagedFile {
  /** A local path the checks can read. */
  localPath: string;
  size: number;
}

export interface AttachmentStorage {
  /** Receives a stream into temporary storage, refusing it past `maxBytes` without buffering it. */
  stage(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StagedFile>;
  /** Moves a staged file under its storage path. */
  commit(staged: StagedFile, storagePath: string): Promise<void>;
  /** Forgets a staged file. */
  discard(staged: StagedFile): Promise<void>;
  open(storagePath: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number }>;
  /** Removes a stored file; removing one that is not there is not an error. */
  remove(storagePath: string): Promise<void>;
  /** Every stored file, with when it was last written, for the sweep. */
  list(): AsyncIterable<{ storagePath: string; modifiedAt: Date }>;
  /** Removes staged files older than this (left by a crash mid-upload); answers how many. */
  removeStagedBefore(cutoff: Date): Promise<number>;
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

export class FilesystemStorage implements AttachmentStorage {
  readonly root: string;
  private readonly staging: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.staging = join(this.root, ".staging");
  }

  private pathOf(storagePath: string): string {
    // Storage paths are generated here; anything else is refused before touching the disk.
    if (!isStoragePath(storagePath)) throw new Error(`Not a storage path: ${storagePath}`);
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

  async commit(staged: StagedFile, storagePath: string): Promise<void> {
    const target = this.pathOf(storagePath);
    await mkdir(dirname(target), { recursive: true });
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
    await rm(this.pathOf(storagePath), { force: true });
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
      if (!isStoragePath(storagePath)) continue;
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
