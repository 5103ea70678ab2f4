import "server-only";
import { getDb } from "../../db/client";
import { attachments, deletedAttachmentFiles } from "../../db/schema";
import { purgeDeletedFiles } from "./purge";
import type { AttachmentStorage } from "./storage";

export interface SweepReport {
  /** Files of deleted rows still waiting in the outbox. */
  pendingDeletes: number;
  /** Files on disk that no attachment row names (left by a crash between the move and the commit). */
  orphanFiles: string[];
  /** Attachment rows whose file is missing: cannot be repaired here, only reported. */
  missingFiles: string[];
  applied: boolean;
}

/**
 * Reconciles storage with the database. A dry run (default) only reports; with `apply` it
 * purges the outbox and removes orphan files. Missing files are only ever reported.
 */
export async function sweepStorage(storage: AttachmentStorage, { apply = false } = {}): Promise<SweepReport> {
  const db = getDb();
  const [rows, pending] = await Promise.all([
    db.select({ storagePath: attachments.storagePath }).from(attachments),
    db.select({ storagePath: deletedAttachmentFiles.storagePath }).from(deletedAttachmentFiles),
  ]);
  const known = new Set(rows.map((r) => r.storagePath));
  const waiting = new Set(pending.map((p) => p.storagePath));
  const onDisk = new Set<string>();
  for await (const path of storage.list()) onDisk.add(path);

  const report: SweepReport = {
    pendingDeletes: pending.length,
    orphanFiles: [...onDisk].filter((p) => !known.has(p) && !waiting.has(p)).sort(),
    missingFiles: [...known].filter((p) => !onDisk.has(p)).sort(),
    applied: apply,
  };
  if (apply) {
    await purgeDeletedFiles();
    for (const path of report.orphanFiles) await storage.remove(path);
  }
  return report;
}
