import "server-only";
import { eq } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import { attachments, monthlyReviews, users, vbus } from "../../db/schema";
import { type Actor, canEditCanvasOf, canReadReview } from "../auth/roles";
import { inTransaction, lockEditableCanvas, touch, type Tx } from "../canvas/lock";
import { attachmentOwner, proofPointOwner } from "../canvas/ownership";
import { ForbiddenError, NotFoundError, UserFacingError } from "../errors";
import { lockWritableDraft, readWritableDraft } from "../reviews/lock";
import { monthParam } from "../reviews/vocabulary";
import { relabelAttachmentSchema } from "./schemas";
import { ATTACHMENT_MAX_BYTES } from "./vocabulary";
import { checkFilename, inspectContent } from "./inspect";
import { purgeDeletedFiles } from "./purge";
import { fileTooLarge, getStorage, newStoragePath, thumbnailPath } from "./storage";
import { makeThumbnail, THUMBNAIL_CONTENT_TYPE } from "./thumbnail";
import { withDeadline } from "./upload-deadline";

const attachmentLabel = relabelAttachmentSchema.shape.label;

/** An attachment as the canvas page and the review page show it. */
export interface AttachmentView {
  id: string;
  /** The proof point it is evidence for; null for a monthly review's evidence. */
  proofPointId: string | null;
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

export function toAttachmentView(row: { createdAt: Date } & Omit<AttachmentView, "createdAt">): AttachmentView {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** What evidence is for: a proof point of a canvas, or a monthly review (a draft, to add to it). */
export type EvidenceParent = { proofPointId: string } | { reviewId: string };

export interface UploadRequest {
  parent: EvidenceParent;
  /** The name the browser sent, to check, keep for display and use in Content-Disposition. */
  filename: string;
  label: string;
  /** Content-Length, when the browser declared one. */
  declaredBytes: number | null;
  body: ReadableStream<Uint8Array> | null;
}

/** "Now", for a review's open months (tests pass their own). */
export interface EvidenceOptions {
  now?: Date;
}

/**
 * Where an upload may go, asked before a byte is read: `lock` asks again inside the write's
 * transaction, under the lock of what the file is added to, and answers the row's parent column.
 */
interface UploadTarget {
  lock: (tx: Tx) => Promise<Pick<typeof attachments.$inferInsert, "proofPointId" | "monthlyReviewId">>;
}

async function uploadTarget(actor: Actor, parent: EvidenceParent, now: Date): Promise<UploadTarget> {
  if ("reviewId" in parent) {
    await readWritableDraft(actor, parent.reviewId, now);
    return {
      lock: async (tx) => {
        await lockWritableDraft(tx, actor, parent.reviewId, now);
        return { monthlyReviewId: parent.reviewId };
      },
    };
  }
  const { proofPointId } = parent;
  const owner = await proofPointOwner(getDb(), proofPointId);
  if (!owner) throw new NotFoundError("That proof point");
  if (!canEditCanvasOf(actor, owner)) throw new ForbiddenError("Only this VBU's GM, or an admin, can add evidence.");
  return {
    lock: async (tx) => {
      const canvas = await lockEditableCanvas(tx, actor, owner.vbuId);
      // Deleted, or moved out of the canvas, while the file streamed in.
      if ((await proofPointOwner(tx, proofPointId))?.canvasId !== canvas.id) {
        throw new NotFoundError("That proof point");
      }
      await touch(tx, canvas.id, actor);
      return { proofPointId };
    },
  };
}

/**
 * Receives evidence for a proof point or a monthly review's draft: checks who and what before
 * reading the body, stages the bytes (refusing past 10 MiB while streaming), sniffs the real
 * type, makes a thumbnail of an image, then inserts the row and moves the file (and thumbnail)
 * into place in one transaction, under the lock of the canvas or the review. On any failure
 * nothing is left behind.
 */
export async function uploadAttachment(
  actor: Actor,
  request: UploadRequest,
  { now = new Date() }: EvidenceOptions = {},
): Promise<AttachmentView> {
  const { filename, extension } = checkFilename(request.filename);
  const label = attachmentLabel.safeParse(request.label);
  if (!label.success) throw new UserFacingError("Check the label.", { label: [label.error.issues[0]!.message] });
  // Who may add evidence, asked before a byte is read; asked again under the lock.
  const target = await uploadTarget(actor, request.parent, now);
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
    const saved = await inTransaction(actor, async (tx) => {
      const parent = await target.lock(tx);
      const [row] = await tx
        .insert(attachments)
        .values({
          ...parent,
          filename,
          storagePath,
          contentType,
          sizeBytes: staged.size,
          label: label.data,
          uploadedBy: actor.id,
          hasThumbnail: thumbnail !== null,
        })
        .returning({ id: attachments.id });
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

/** Which pages show an evidence file that changed: its VBU's canvas, or one of its reviews. */
export interface EvidenceChanged {
  vbuId: string;
  /** The review's month, "YYYY-MM", when the file is a review's evidence; else null. */
  reviewMonth: string | null;
}

const EVIDENCE_NOT_FOUND = "That evidence file";

/**
 * Locks what an attachment belongs to, checking the actor may change it: its canvas, or its
 * review (a draft its writer may change now; a published review is read-only, its evidence
 * included). Answers what to record and revalidate once the change is made.
 */
async function lockAttachment(
  tx: Tx,
  actor: Actor,
  attachmentId: string,
  now: Date,
): Promise<EvidenceChanged & { touch: () => Promise<void> }> {
  const [file] = await tx
    .select({ monthlyReviewId: attachments.monthlyReviewId })
    .from(attachments)
    .where(eq(attachments.id, attachmentId));
  if (!file) throw new NotFoundError(EVIDENCE_NOT_FOUND);
  if (file.monthlyReviewId) {
    const review = await lockWritableDraft(tx, actor, file.monthlyReviewId, now).catch((error: unknown) => {
      // A draft this actor may not read (or a review deleted meanwhile): the file is as unknown
      // to them as one that never existed, in the same words.
      throw error instanceof NotFoundError ? new NotFoundError(EVIDENCE_NOT_FOUND) : error;
    });
    return { vbuId: review.vbuId, reviewMonth: monthParam(review.month), touch: async () => {} };
  }
  const owner = await attachmentOwner(tx, attachmentId);
  if (!owner) throw new NotFoundError(EVIDENCE_NOT_FOUND);
  const canvas = await lockEditableCanvas(tx, actor, owner.vbuId);
  return { vbuId: owner.vbuId, reviewMonth: null, touch: () => touch(tx, canvas.id, actor) };
}

export async function relabelAttachment(
  actor: Actor,
  input: { attachmentId: string; label: string | null },
  { now = new Date() }: EvidenceOptions = {},
): Promise<EvidenceChanged> {
  return inTransaction(actor, async (tx) => {
    const { touch, ...changed } = await lockAttachment(tx, actor, input.attachmentId, now);
    const relabelled = await tx
      .update(attachments)
      .set({ label: input.label })
      .where(eq(attachments.id, input.attachmentId))
      .returning({ id: attachments.id });
    // Deleted by someone else while this waited for the lock: not a success.
    if (relabelled.length === 0) throw new NotFoundError(EVIDENCE_NOT_FOUND);
    await touch();
    return changed;
  });
}

/** Deletes an attachment row, then (after commit) its file. */
export async function deleteAttachment(
  actor: Actor,
  input: { attachmentId: string },
  { now = new Date() }: EvidenceOptions = {},
): Promise<EvidenceChanged> {
  const result = await inTransaction(actor, async (tx) => {
    const { touch, ...changed } = await lockAttachment(tx, actor, input.attachmentId, now);
    const deleted = await tx
      .delete(attachments)
      .where(eq(attachments.id, input.attachmentId))
      .returning({ id: attachments.id });
    // Deleted by someone else while this waited for the lock: not a success.
    if (deleted.length === 0) throw new NotFoundError(EVIDENCE_NOT_FOUND);
    await touch();
    return changed;
  });
  await purgeDeletedFiles();
  return result;
}

/**
 * An attachment's columns, when the actor may read it: every signed-in role reads every canvas
 * and every published review, evidence included; a draft review's evidence only those who may
 * read the draft. Anything else, unknown ids included, is NotFoundError: no existence leaks.
 */
async function readableAttachment(actor: Actor, attachmentId: string) {
  const [row] = await getDb()
    .select({
      filename: attachments.filename,
      contentType: attachments.contentType,
      storagePath: attachments.storagePath,
      hasThumbnail: attachments.hasThumbnail,
      reviewStatus: monthlyReviews.status,
      reviewGmId: vbus.gmId,
    })
    .from(attachments)
    .leftJoin(monthlyReviews, eq(monthlyReviews.id, attachments.monthlyReviewId))
    .leftJoin(vbus, eq(vbus.id, monthlyReviews.vbuId))
    .where(eq(attachments.id, attachmentId));
  if (!row) throw new NotFoundError(EVIDENCE_NOT_FOUND);
  const { reviewStatus, reviewGmId, ...file } = row;
  if (reviewStatus && !canReadReview(actor, { status: reviewStatus, gmId: reviewGmId! })) {
    throw new NotFoundError(EVIDENCE_NOT_FOUND);
  }
  return file;
}

/**
 * An attachment to download, for an actor who may read it (readableAttachment); the caller has
 * already required a session. Unknown ids are NotFoundError.
 */
export async function openAttachment(actor: Actor, attachmentId: string) {
  const { filename, contentType, storagePath } = await readableAttachment(actor, attachmentId);
  try {
    const { stream, size } = await getStorage().open(storagePath);
    return { filename, contentType, storagePath, stream, size };
  } catch (error) {
    // The row exists but its file does not: worth an operator's attention (storage:sweep reports it).
    console.error(`The file of attachment ${attachmentId} is missing (${storagePath})`, error);
    throw new NotFoundError(EVIDENCE_NOT_FOUND);
  }
}

/**
 * An attachment's thumbnail, on the same terms as its download. Files without one (not an
 * image, unreadable, or uploaded before thumbnails existed) answer NotFoundError: the page
 * shows their type instead and never asks.
 */
export async function openThumbnail(actor: Actor, attachmentId: string) {
  const row = await readableAttachment(actor, attachmentId);
  if (!row.hasThumbnail) throw new NotFoundError(EVIDENCE_NOT_FOUND);
  try {
    const { stream, size } = await getStorage().open(thumbnailPath(row.storagePath));
    return { contentType: THUMBNAIL_CONTENT_TYPE, stream, size };
  } catch (error) {
    console.error(`The thumbnail of attachment ${attachmentId} is missing (${row.storagePath})`, error);
    throw new NotFoundError(EVIDENCE_NOT_FOUND);
  }
}
