import "server-only";
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { commentMentions, comments } from "../../db/schema";
import { type Actor, isAdmin } from "../auth/roles";
import type { Tx } from "../canvas/lock";
import { ForbiddenError, NotFoundError, UserFacingError } from "../errors";
import type { z } from "../zod";
import type { addCommentSchema, deleteCommentSchema, editCommentSchema } from "./schemas";
import { notifyComment, notifyNewMentions } from "../notifications/write";
import { checkMentions, findThread } from "./thread";
import { type CommentSubject, EDIT_WINDOW_MINUTES, stillEditable } from "./vocabulary";

// Writes to comments. Each runs in one transaction that finds and authorises the exact thread (and,
// to edit or delete, locks the comment row first) before it writes, and tells the people it
// concerns in the same transaction (lib/notifications/write.ts). `now` decides whether the
// edit window is still open: the actions pass the clock, tests their own.

export const EDIT_WINDOW_CLOSED = `A comment can be edited for ${EDIT_WINDOW_MINUTES} minutes after it is written; this one is fixed now.`;
export const ONLY_AUTHOR_EDITS = "Only its author can edit a comment.";
export const ONLY_AUTHOR_OR_ADMIN_DELETES = "Only its author or an admin can delete a comment.";
export const ALREADY_DELETED = "This comment was deleted.";

/** Adds a comment to a thread `actor` may read, mentioning people who may read it too. */
export async function addComment(actor: Actor, input: z.output<typeof addCommentSchema>): Promise<{ id: string }> {
  return getDb().transaction(async (tx) => {
    const thread = await findThread(tx, actor, input, true);
    await checkMentions(tx, thread, input.mentions);
    const [comment] = await tx
      .insert(comments)
      .values({
        vbuId: input.vbuId,
        subject: input.subject,
        proofPointId: input.subject === "proof_point" ? input.subjectId! : null,
        monthlyReviewId: input.subject === "review" ? input.subjectId! : null,
        authorId: actor.id,
        body: input.body,
      })
      .returning({ id: comments.id });
    if (input.mentions.length > 0) {
      await tx.insert(commentMentions).values(input.mentions.map((userId) => ({ commentId: comment!.id, userId })));
    }
    await notifyComment(tx, actor, thread, { id: comment!.id, mentions: input.mentions });
    return { id: comment!.id };
  });
}

/** The comment, locked, with its thread as `actor` may read it; NotFoundError when either is not there. */
async function lockComment(tx: Tx, actor: Actor, commentId: string) {
  const [row] = await tx
    .select({
      vbuId: comments.vbuId,
      subject: comments.subject,
      proofPointId: comments.proofPointId,
      monthlyReviewId: comments.monthlyReviewId,
      authorId: comments.authorId,
      createdAt: comments.createdAt,
      deletedAt: comments.deletedAt,
    })
    .from(comments)
    .where(eq(comments.id, commentId))
    .for("update");
  if (!row) throw new NotFoundError("That comment");
  const subjectId = row.proofPointId ?? row.monthlyReviewId ?? undefined;
  const thread = await findThread(tx, actor, {
    vbuId: row.vbuId,
    subject: row.subject as CommentSubject,
    subjectId,
  }).catch((error: unknown) => {
    // Its thread is one this person may not read (a draft review): so is the comment.
    if (error instanceof NotFoundError) throw new NotFoundError("That comment");
    throw error;
  });
  return { ...row, thread };
}

/** Edits `actor`'s own comment, within EDIT_WINDOW_MINUTES of writing it; it is marked edited. */
export async function editComment(
  actor: Actor,
  input: z.output<typeof editCommentSchema>,
  now: Date = new Date(),
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const comment = await lockComment(tx, actor, input.commentId);
    if (comment.authorId !== actor.id) throw new ForbiddenError(ONLY_AUTHOR_EDITS);
    if (comment.deletedAt) throw new UserFacingError(ALREADY_DELETED);
    if (!stillEditable(comment.createdAt, now)) throw new UserFacingError(EDIT_WINDOW_CLOSED);
    await checkMentions(tx, comment.thread, input.mentions);
    await tx
      .update(comments)
      .set({ body: input.body, editedAt: sql`now()` })
      .where(eq(comments.id, input.commentId));
    // The mentions become those of the new text: the ones dropped go, the new ones come.
    await tx
      .delete(commentMentions)
      .where(
        and(
          eq(commentMentions.commentId, input.commentId),
          input.mentions.length > 0 ? notInArray(commentMentions.userId, input.mentions) : undefined,
        ),
      );
    if (input.mentions.length > 0) {
      await tx
        .insert(commentMentions)
        .values(input.mentions.map((userId) => ({ commentId: input.commentId, userId })))
        .onConflictDoNothing();
    }
    await notifyNewMentions(tx, actor, comment.thread, { id: input.commentId, mentions: input.mentions });
  });
}

/**
 * Deletes a comment: its author, or an admin. It keeps its place in the thread ("Comment
 * deleted"), its text and mentions gone. Deleting it again changes nothing.
 */
export async function deleteComment(actor: Actor, input: z.output<typeof deleteCommentSchema>): Promise<void> {
  await getDb().transaction(async (tx) => {
    const comment = await lockComment(tx, actor, input.commentId);
    if (comment.authorId !== actor.id && !isAdmin(actor)) throw new ForbiddenError(ONLY_AUTHOR_OR_ADMIN_DELETES);
    if (comment.deletedAt) return;
    await tx
      .update(comments)
      .set({ body: "", deletedAt: sql`now()`, deletedBy: actor.id })
      .where(eq(comments.id, input.commentId));
    await tx.delete(commentMentions).where(inArray(commentMentions.commentId, [input.commentId]));
  });
}
