import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import {
  type AttachmentStorage,
  checkStoredPath,
  isStoragePath,
  isStoredPath,
  removeStagedLocally,
  stagingReady,
  type StagedFile,
  stageLocally,
  thumbnailPath,
} from "./common";

/** Evidence files in a directory of the local disk: the default, for a single machine. */
export class FilesystemStorage implements AttachmentStorage {
  readonly root: string;
  private readonly staging: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.staging = join(this.root, ".staging");
  }

  /** The local file of a stored file or thumbnail (`npm run storage:migrate` reads it). */
  pathOf(storagePath: string): string {
    return join(this.root, ...checkStoredPath(storagePath).split("/"));
  }

  stage(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StagedFile> {
    return stageLocally(this.staging, body, maxBytes);
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

  removeStagedBefore(cutoff: Date): Promise<number> {
    return removeStagedLocally(this.staging, cutoff);
  }

  ready(): Promise<void> {
    return stagingReady(this.staging);
  }
}
