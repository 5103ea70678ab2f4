import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { deletedAttachmentFiles } from "../../db/schema";
import { getStorage } from "./storage";

/**
 * Removes the files of deleted attachment rows (recorded by the database trigger), after the
 * deleting transaction has committed: a file goes only once its row is surely gone. Failures
 * are logged and left in the outbox for the next purge or `npm run storage:sweep`.
 */
export async function purgeDeletedFiles(): Promise<number> {
  const db = getDb();
  const storage = getStorage();
  let removed = 0;
  // In batches until the outbox is empty, or a batch removes nothing (those failed: logged).
  for (;;) {
    const batch = await db
      .select({ storagePath: deletedAttachmentFiles.storagePath })
      .from(deletedAttachmentFiles)
      .limit(BATCH);
    let progress = 0;
    for (const { storagePath } of batch) {
      try {
        await storage.remove(storagePath);
        await db.delete(deletedAttachmentFiles).where(eq(deletedAttachmentFiles.storagePath, storagePath));
        progress++;
      } catch (error) {
        console.error(
          `Could not remove the file of a deleted attachment (${storagePath}); the sweep will retry`,
          error,
        );
      }
    }
    removed += progress;
    if (batch.length < BATCH || progress === 0) return removed;
  }
}

const BATCH = 500;
