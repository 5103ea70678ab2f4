import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { commentMentions, comments, users } from "../../db/schema";
import { type Actor, isAdmin } from "../auth/roles";
import { findThread, inThread, type ThreadKey } from "./thread";
import { stillEditable } from "./vocabulary";

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
  const db = getDb();
  await findThread(db, actor, key);
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
