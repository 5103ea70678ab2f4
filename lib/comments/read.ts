import "server-only";
import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { commentMentions, comments, monthlyReviews, proofPoints, users, vbus } from "../../db/schema";
import { type Actor, isAdmin } from "../auth/roles";
import { NotFoundError } from "../errors";
import { formatReviewMonth } from "../dates";
import { reviewPath } from "../reviews/paths";
import { monthParam } from "../reviews/vocabulary";
import { z } from "../zod";
import { findThread, inThread, type Thread, type ThreadKey } from "./thread";
import { COMMENT_SUBJECTS, stillEditable } from "./vocabulary";

// A thread as its page shows it: each comment with its author's name and what the reader may do
// with it, in the order written. Only what the page needs crosses to the browser.

export interface CommentView {
  id: string;
  /** The author's name, or "A deleted user". */
  authorName: string;
  /** Empty when deleted. */
  body: string;
  createdAt: Date;
  edited: boolean;
  deleted: boolean;
  /** The names of the people it mentions. */
  mentions: string[];
  /** The reader wrote it and may still edit it. */
  canEdit: boolean;
  /** The reader wrote it, or is an admin. */
  canDelete: boolean;
}

/** The comments of a thread `actor` may read (NotFoundError otherwise), at `now` for the edit window. */
export async function readThread(actor: Actor, key: ThreadKey, now: Date = new Date()): Promise<CommentView[]> {
  await findThread(getDb(), actor, key);
  return commentsOf(actor, key, now);
}

/** The comments of a thread already found and authorised for `actor`. */
async function commentsOf(actor: Actor, key: ThreadKey, now: Date): Promise<CommentView[]> {
  const db = getDb();
  const rows = await db
    .select({
      id: comments.id,
      authorId: comments.authorId,
      authorName: sql<string>`coalesce(${users.name}, 'A deleted user')`,
      body: comments.body,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
      deletedAt: comments.deletedAt,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(inThread(key))
    .orderBy(asc(comments.addedSeq));
  const mentioned =
    rows.length === 0
      ? []
      : await db
          .select({ commentId: commentMentions.commentId, name: users.name })
          .from(commentMentions)
          .innerJoin(users, eq(users.id, commentMentions.userId))
          .where(
            inArray(
              commentMentions.commentId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(users.name));
  return rows.map((row) => {
    const deleted = row.deletedAt !== null;
    const yours = row.authorId === actor.id;
    return {
      id: row.id,
      authorName: row.authorName,
      body: deleted ? "" : row.body,
      createdAt: row.createdAt,
      edited: row.editedAt !== null,
      deleted,
      mentions: mentioned.filter((m) => m.commentId === row.id).map((m) => m.name),
      canEdit: yours && !deleted && stillEditable(row.createdAt, now),
      canDelete: !deleted && (yours || isAdmin(actor)),
    };
  });
}

// ---------------------------------------------------------------------------- the thread's page

/** A person the @ picker offers: someone who may read the thread. */
export interface MentionChoice {
  id: string;
  name: string;
}

export interface CommentsPage {
  thread: ThreadKey;
  vbuName: string;
  /** What the thread is about, in words: "the canvas", a proof point's description, "March 2026 review". */
  about: string;
  /** Where that is: the canvas, or the review's page. */
  backHref: string;
  comments: CommentView[];
  people: MentionChoice[];
}

const pageParams = z.object({
  on: z.enum(COMMENT_SUBJECTS).default("canvas"),
  id: z.uuid().optional(),
});

/** The thread a comments page URL names (`?on=proof_point&id=…`), or NotFoundError. */
export function threadOfParams(vbuId: string, params: Record<string, string | string[] | undefined>): ThreadKey {
  const parsed = pageParams.safeParse({ on: params.on, id: params.id });
  if (!parsed.success || !z.uuid().safeParse(vbuId).success) throw new NotFoundError("That thread");
  const { on, id } = parsed.data;
  if ((on === "canvas") !== (id === undefined)) throw new NotFoundError("That thread");
  return { vbuId, subject: on, subjectId: id };
}

/** Everyone who may read `thread` and be mentioned in it, by name: not the writer themselves. */
async function mentionChoices(actor: Actor, thread: Thread): Promise<MentionChoice[]> {
  return getDb()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        isNull(users.disabledAt),
        ne(users.id, actor.id),
        thread.draft ? or(eq(users.role, "admin"), eq(users.id, thread.gmId)) : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
}

/** The comments page of a thread `actor` may read (NotFoundError otherwise). */
export async function readCommentsPage(actor: Actor, key: ThreadKey, now: Date = new Date()): Promise<CommentsPage> {
  const db = getDb();
  const thread = await findThread(db, actor, key);
  const [vbu] = await db.select({ name: vbus.name }).from(vbus).where(eq(vbus.id, key.vbuId));
  let about = "the canvas";
  let backHref = `/vbus/${key.vbuId}`;
  if (key.subject === "proof_point") {
    const [point] = await db
      .select({ description: proofPoints.description })
      .from(proofPoints)
      .where(eq(proofPoints.id, key.subjectId!));
    about = point!.description;
  } else if (key.subject === "review") {
    const [review] = await db
      .select({ month: sql<string>`${monthlyReviews.month}::text` })
      .from(monthlyReviews)
      .where(eq(monthlyReviews.id, key.subjectId!));
    about = `${formatReviewMonth(monthParam(review!.month))} review`;
    backHref = reviewPath(key.vbuId, monthParam(review!.month));
  }
  const [comments, people] = await Promise.all([commentsOf(actor, key, now), mentionChoices(actor, thread)]);
  return { thread: key, vbuName: vbu!.name, about, backHref, comments, people };
}
