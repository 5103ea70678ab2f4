import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { FilesystemStorage, S3Storage } from "./storage";

// npm run storage:migrate -- --to s3: every stored file and thumbnail of the filesystem driver,
// copied to the S3 bucket and verified there by size and SHA-256. Each file stands alone, so a
// run that stops (killed, a network failure) is resumed by running it again: what is already in
// the bucket with the same size and hash is skipped, anything else is copied (again). A PUT is
// atomic, so an interrupted copy leaves no partial object to mistake for a good one.

export interface MigrationReport {
  /** Files and thumbnails found on disk. */
  total: number;
  /** Already in the bucket with the same size and SHA-256. */
  present: number;
  /** Copied (or, on a dry run, to copy): missing from the bucket, or different there. */
  copied: number;
  /** Copied but not read back the same: left for the next run, the run fails. */
  failed: string[];
  applied: boolean;
}

export interface MigrationOptions {
  apply?: boolean;
  /** Called after each file with the report so far and the file's path. */
  onProgress?: (report: MigrationReport, storagePath: string) => void;
  /** Stops between two files once aborted (Ctrl-C): what was copied stays copied. */
  signal?: AbortSignal;
}

/** Copies (with `apply`; else only counts) every stored file from `from` to `to`. */
export async function migrateStorage(
  from: FilesystemStorage,
  to: S3Storage,
  { apply = false, onProgress, signal }: MigrationOptions = {},
): Promise<MigrationReport> {
  const paths: string[] = [];
  for await (const { storagePath } of from.list()) paths.push(storagePath);
  paths.sort();
  const report: MigrationReport = { total: paths.length, present: 0, copied: 0, failed: [], applied: apply };
  for (const storagePath of paths) {
    signal?.throwIfAborted();
    const source = await digest((await from.open(storagePath)).stream);
    const target = await digestOf(to, storagePath);
    if (target && sameFile(source, target)) report.present++;
    else if (!apply) report.copied++;
    else {
      await to.put(storagePath, createReadStream(from.pathOf(storagePath)), source.size);
      const copy = await digestOf(to, storagePath);
      if (copy && sameFile(source, copy)) report.copied++;
      else report.failed.push(storagePath);
    }
    onProgress?.(report, storagePath);
  }
  return report;
}

interface Digest {
  size: number;
  sha256: string;
}

const sameFile = (a: Digest, b: Digest) => a.size === b.size && a.sha256 === b.sha256;

/** The object's size and hash, read back from the bucket; null when it is not there. */
async function digestOf(storage: S3Storage, storagePath: string): Promise<Digest | null> {
  try {
    return await digest((await storage.open(storagePath)).stream);
  } catch (error) {
    if (error instanceof Error && error.name === "NoSuchKey") return null;
    throw error;
  }
}

async function digest(stream: ReadableStream<Uint8Array>): Promise<Digest> {
  const hash = createHash("sha256");
  let size = 0;
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    hash.update(next.value);
    size += next.value.byteLength;
  }
  return { size, sha256: hash.digest("hex") };
}
