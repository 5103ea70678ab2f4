import "server-only";
import { getDb } from "../../db/client";
import { attachments, deletedAttachmentFiles } from "../../db/schema";
import { purgeDeletedFiles } from "./purge";
import { type AttachmentStorage, thumbnailOwner } from "./storage";
import { UPLOAD_REQUEST_TIMEOUT_MS } from "./upload-deadline";

export interface SweepReport {
  /** Files of deleted rows still waiting in the outbox. */
  pendingDeletes: number;
  /**
   * Files on disk that no attachment row names (left by a crash between the move and the
   * commit), and thumbnails whose file has no row.
   */
  orphanFiles: string[];
  /** Files without a row that are too recent to judge: their upload may still be committing. */
  recentFiles: number;
  /** Attachment rows whose file is missing: cannot be repaired here, only reported. */
  missingFiles: string[];
  /** Staged uploads no live request can still be writing (older than STAGED_GRACE_MS). */
  staleStaged: number;
  applied: boolean;
}

/** How old a file without a row must be before the sweep calls it an orphan. */
export const SWEEP_GRACE_MS = 60 * 60 * 1000;

/**
 * How long a staged file may go unwritten before the sweep removes it. An upload's body must
 * arrive within UPLOAD_REQUEST_TIMEOUT_MS, and what follows (sniffing, one transaction) takes
 * seconds: twice the timeout is past any live upload, and a killed worker's partial file goes
 * on the next sweep instead of after the hour committed files are given.
 */
export const STAGED_GRACE_MS = 2 * UPLOAD_REQUEST_TIMEOUT_MS;

/**
 * Reconciles storage with the database. A dry run (default) only reports; with `apply` it
 * purges the outbox, removes orphan files and abandoned staged uploads (after STAGED_GRACE_MS,
 * a shorter wait than committed files get). Missing files are only
 * ever reported. Files younger than the grace period are left alone: an upload moves its file
 * into place just before its row commits, and the disk is listed before the rows are read, so
 * a file whose row commits meanwhile is never taken for an orphan.
 */
export async function sweepStorage(
  storage: AttachmentStorage,
  { apply = false, graceMs = SWEEP_GRACE_MS, stagedGraceMs = STAGED_GRACE_MS, now = new Date() } = {},
): Promise<SweepReport> {
  const cutoff = new Date(now.getTime() - graceMs);
  const stagedCutoff = new Date(now.getTime() - stagedGraceMs);
  const onDisk = new Map<string, Date>();
  for await (const { storagePath, modifiedAt } of storage.list()) onDisk.set(storagePath, modifiedAt);

  const db = getDb();
  const [rows, pending] = await Promise.all([
    db.select({ storagePath: attachments.storagePath }).from(attachments),
    db.select({ storagePath: deletedAttachmentFiles.storagePath }).from(deletedAttachmentFiles),
  ]);
  const known = new Set(rows.map((r) => r.storagePath));
  const waiting = new Set(pending.map((p) => p.storagePath));
  // A thumbnail belongs to its file: kept while the file's row is, removed with it otherwise.
  const fileOf = (path: string) => thumbnailOwner(path) ?? path;
  const unknown = [...onDisk].filter(([path]) => !known.has(fileOf(path)) && !waiting.has(fileOf(path)));

  const report: SweepReport = {
    pendingDeletes: pending.length,
    orphanFiles: unknown
      .filter(([, modifiedAt]) => modifiedAt < cutoff)
      .map(([path]) => path)
      .sort(),
    recentFiles: unknown.filter(([, modifiedAt]) => modifiedAt >= cutoff).length,
    missingFiles: [...known].filter((p) => !onDisk.has(p)).sort(),
    staleStaged: 0,
    applied: apply,
  };
  if (apply) {
    await purgeDeletedFiles();
    for (const path of report.orphanFiles) await storage.remove(path);
    report.staleStaged = await storage.removeStagedBefore(stagedCutoff);
  }
  return report;
}
