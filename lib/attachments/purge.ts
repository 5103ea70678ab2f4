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
  const pending = await db
    .select({ storagePath: deletedAttachmentFiles.storagePath })
    .from(deletedAttachmentFiles)
    .limit(1000);
  let removed = 0;
  for (const { storagePath } of pending) {
    try {
      await storage.remove(storagePath);
      await db.delete(deletedAttachmentFiles).where(eq(deletedAttachmentFiles.storagePath, storagePath));
      removed++;
    } catch (error) {
      console.error(`Could not remove the file of a deleted attachment (${storagePath}); the sweep will retry`, error);
    }
  }
  return removed;
}
