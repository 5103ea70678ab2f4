import "server-only";
import { eq } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import { attachments, users } from "../../db/schema";
import { type Actor, canEditCanvasOf } from "../auth/roles";
import { inTransaction, lockEditableCanvas, touch, type Tx } from "../canvas/lock";
import { attachmentOwner, proofPointOwner } from "../canvas/ownership";
import { ForbiddenError, NotFoundError, UserFacingError } from "../errors";
import { relabelAttachmentSchema } from "./schemas";
import { ATTACHMENT_MAX_BYTES } from "./vocabulary";
import { checkFilename, inspectContent } from "./inspect";
import { purgeDeletedFiles } from "./purge";
import { fileTooLarge, getStorage, newStoragePath, thumbnailPath } from "./storage";
import { makeThumbnail, THUMBNAIL_CONTENT_TYPE } from "./thumbnail";
import { withDeadline } from "./upload-deadline";

const attachmentLabel = relabelAttachmentSchema.shape.label;

/** An attachment as the canvas page shows it. */
export interface AttachmentView {
  id: string;
  proofPointId: string;
  filename: string;
  label: string | null;
  contentType: string;
  sizeBytes: number;
  /** A thumbnail is stored beside the file: the page shows it, not the file's type. */
  hasThumbnail: boolean;
  uploaderName: string;
  createdAt: string;
}

/** The columns of an AttachmentView: attachments joined to their uploader (users). */
export const ATTACHMENT_VIEW_COLUMNS = {
  id: attachments.id,
  proofPointId: attachments.proofPointId,
  filename: attachments.filename,
  label: attachments.label,
  contentType: attachments.contentType,
  sizeBytes: attachments.sizeBytes,
  hasThumbnail: attachments.hasThumbnail,
  uploaderName: users.name,
  createdAt: attachments.createdAt,
};

export function toAttachmentView(
  row: { proofPointId: string | null; createdAt: Date } & Omit<AttachmentView, "proofPointId" | "createdAt">,
) {
  return { ...row, proofPointId: row.proofPointId!, createdAt: row.createdAt.toISOString() };
}

export interface UploadRequest {
  proofPointId: string;
  /** The name the browser sent, to check, keep for display and use in Content-Disposition. */
  filename: string;
  label: string;
  /** Content-Length, when the browser declared one. */
  declaredBytes: number | null;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * Receives evidence for a proof point: checks who and what before reading the body, stages
 * the bytes (refusing past 10 MiB while streaming), sniffs the real type, makes a thumbnail of
 * an image, then inserts the row and moves the file (and thumbnail) into place in one
 * transaction. On any failure nothing is left behind.
 */
export async function uploadAttachment(actor: Actor, request: UploadRequest): Promise<AttachmentView> {
  const { filename, extension } = checkFilename(request.filename);
  const label = attachmentLabel.safeParse(request.label);
  if (!label.success) throw new UserFacingError("Check the label.", { label: [label.error.issues[0]!.message] });
  // Who may add evidence, asked before a byte is read; asked again under the canvas lock.
  const owner = await proofPointOwner(getDb(), request.proofPointId);
  if (!owner) throw new NotFoundError("That proof point");
  if (!canEditCanvasOf(actor, owner)) throw new ForbiddenError("Only this VBU's GM, or an admin, can add evidence.");
  if (request.declaredBytes !== null && request.declaredBytes > ATTACHMENT_MAX_BYTES) {
    throw fileTooLarge(ATTACHMENT_MAX_BYTES);
  }
  if (!request.body) throw new UserFacingError("The file is empty.", { file: ["The file is empty."] });

  const storage = getStorage();
  const staged = await storage.stage(withDeadline(request.body), ATTACHMENT_MAX_BYTES);
  const storagePath = newStoragePath();
  // The move into place, once started: a failed transaction waits for it before cleaning up
  // (postgres.js can reject a transaction whose connection dropped while its callback still runs).
  let moving: Promise<void> | null = null;
  try {
    const contentType = await inspectContent(staged.localPath, staged.size, extension);
    // Before the transaction, not in it: resizing takes CPU time no canvas lock should wait on.
    const thumbnail = await makeThumbnail(staged.localPath, contentType, storagePath);
    const saved = await inTransaction(async (tx) => {
      const canvas = await lockEditableCanvas(tx, actor, owner.vbuId);
      // Deleted, or moved out of the canvas, while the file streamed in.
      if ((await proofPointOwner(tx, request.proofPointId))?.canvasId !== canvas.id) {
        throw new NotFoundError("That proof point");
      }
      const [row] = await tx
        .insert(attachments)
        .values({
          proofPointId: request.proofPointId,
          filename,
          storagePath,
          contentType,
          sizeBytes: staged.size,
          label: label.data,
          uploadedBy: actor.id,
          hasThumbnail: thumbnail !== null,
        })
        .returning({ id: attachments.id });
      await touch(tx, canvas.id, actor);
      // Read back here, not after the commit: nothing after the commit can fail the upload.
      const view = await readAttachment(row!.id, tx);
      // Last step inside the transaction: if the move fails, the row is rolled back.
      moving = storage.commit(staged, storagePath, thumbnail);
      await moving;
      return view!;
    });
    return saved;
  } catch (error) {
    // The transaction failed (nothing runs after it resolves): a file moved, or being moved,
    // into place must go too, unless its row committed after all.
    if (moving) {
      await (moving as Promise<void>).catch(() => {});
      // A COMMIT whose answer was lost may have committed all the same: only a file surely
      // without a row goes. If even that cannot be asked, the sweep decides later.
      const rowExists = await getDb()
        .select({ id: attachments.id })
        .from(attachments)
        .where(eq(attachments.storagePath, storagePath))
        .then(
          (rows) => rows.length > 0,
          () => true,
        );
      if (!rowExists) await storage.remove(storagePath); // and its thumbnail
    }
    throw error;
  } finally {
    await storage.discard(staged);
  }
}

async function readAttachment(id: string, db: Pick<Database, "select"> = getDb()): Promise<AttachmentView | null> {
  const [row] = await db
    .select(ATTACHMENT_VIEW_COLUMNS)
    .from(attachments)
    .innerJoin(users, eq(users.id, attachments.uploadedBy))
    .where(eq(attachments.id, id));
  return row ? toAttachmentView(row) : null;
}

/** Locks the canvas an attachment belongs to, checking the actor may change it. */
async function lockAttachment(tx: Tx, actor: Actor, attachmentId: string) {
  const owner = await attachmentOwner(tx, attachmentId);
  if (!owner) throw new NotFoundError("That evidence file");
  const canvas = await lockEditableCanvas(tx, actor, owner.vbuId);
  return { canvas, vbuId: owner.vbuId };
}

export async function relabelAttachment(
  actor: Actor,
  input: { attachmentId: string; label: string | null },
): Promise<{ vbuId: string }> {
  return inTransaction(async (tx) => {
    const { canvas, vbuId } = await lockAttachment(tx, actor, input.attachmentId);
    const relabelled = await tx
      .update(attachments)
      .set({ label: input.label })
      .where(eq(attachments.id, input.attachmentId))
      .returning({ id: attachments.id });
    // Deleted by someone else while this waited for the canvas: not a success.
    if (relabelled.length === 0) throw new NotFoundError("That evidence file");
    await touch(tx, canvas.id, actor);
    return { vbuId };
  });
}

/** Deletes an attachment row, then (after commit) its file. */
export async function deleteAttachment(actor: Actor, input: { attachmentId: string }): Promise<{ vbuId: string }> {
  const result = await inTransaction(async (tx) => {
    const { canvas, vbuId } = await lockAttachment(tx, actor, input.attachmentId);
    const deleted = await tx
      .delete(attachments)
      .where(eq(attachments.id, input.attachmentId))
      .returning({ id: attachments.id });
    // Deleted by someone else while this waited for the canvas: not a success.
    if (deleted.length === 0) throw new NotFoundError("That evidence file");
    await touch(tx, canvas.id, actor);
    return { vbuId };
  });
  await purgeDeletedFiles();
  return result;
}

/**
 * An attachment to download. Every signed-in role reads every canvas, so any signed-in actor
 * may; the caller has already required a session. Unknown ids are NotFoundError.
 */
export async function openAttachment(_actor: Actor, attachmentId: string) {
  const [row] = await getDb()
    .select({
      filename: attachments.filename,
      contentType: attachments.contentType,
      storagePath: attachments.storagePath,
    })
    .from(attachments)
    .where(eq(attachments.id, attachmentId));
  if (!row) throw new NotFoundError("That evidence file");
  try {
    const { stream, size } = await getStorage().open(row.storagePath);
    return { ...row, stream, size };
  } catch (error) {
    // The row exists but its file does not: worth an operator's attention (storage:sweep reports it).
    console.error(`The file of attachment ${attachmentId} is missing (${row.storagePath})`, error);
    throw new NotFoundError("That evidence file");
  }
}

/**
 * An attachment's thumbnail, on the same terms as its download. Files without one (not an
 * image, unreadable, or uploaded before thumbnails existed) answer NotFoundError: the page
 * shows their type instead and never asks.
 */
export async function openThumbnail(_actor: Actor, attachmentId: string) {
  const [row] = await getDb()
    .select({ storagePath: attachments.storagePath, hasThumbnail: attachments.hasThumbnail })
    .from(attachments)
    .where(eq(attachments.id, attachmentId));
  if (!row?.hasThumbnail) throw new NotFoundError("That evidence file");
  try {
    const { stream, size } = await getStorage().open(thumbnailPath(row.storagePath));
    return { contentType: THUMBNAIL_CONTENT_TYPE, stream, size };
  } catch (error) {
    console.error(`The thumbnail of attachment ${attachmentId} is missing (${row.storagePath})`, error);
    throw new NotFoundError("That evidence file");
  }
}
