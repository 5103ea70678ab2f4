import "server-only";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { comments, notifications, users } from "../../db/schema";
import type { Actor } from "../auth/roles";
import type { Tx } from "../canvas/lock";
import { inThread, type Thread } from "../comments/thread";
import type { NotificationKind } from "./vocabulary";

// Who is told what, written in the transaction of the change that causes it (a comment, a
// published or acknowledged review, a new GM). Never the person who made the change, never a
// disabled account, and only people who may read what they are told about. One notification per
// person and change: a mention says more than a reply, a reply more than "on your VBU".

interface Told {
  userId: string;
  kind: NotificationKind;
}

async function tell(
  tx: Tx,
  actor: Actor,
  told: Told[],
  about: { vbuId: string; commentId?: string; monthlyReviewId?: string },
): Promise<void> {
  const ids = [...new Set(told.map((t) => t.userId))].filter((id) => id !== actor.id);
  if (ids.length === 0) return;
  // Disabled accounts are told nothing.
  const enabled = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.disabledAt)));
  const allowed = new Set(enabled.map((u) => u.id));
  const first = new Map<string, NotificationKind>();
  for (const t of told) if (allowed.has(t.userId) && !first.has(t.userId)) first.set(t.userId, t.kind);
  if (first.size === 0) return;
  await tx.insert(notifications).values(
    [...first].map(([userId, kind]) => ({
      userId,
      kind,
      vbuId: about.vbuId,
      commentId: about.commentId ?? null,
      monthlyReviewId: about.monthlyReviewId ?? null,
      actorId: actor.id,
    })),
  );
}

/**
 * A new comment: the people it mentions, then those who wrote in the thread before (a reply), then
 * the VBU's GM. In a draft review's thread only its GM and the admins may read it: nobody else is
 * told (its mentions were refused already, lib/comments/thread.ts).
 */
export async function notifyComment(
  tx: Tx,
  actor: Actor,
  thread: Thread,
  comment: { id: string; mentions: readonly string[] },
): Promise<void> {
  const participants = await tx
    .selectDistinct({ id: comments.authorId, role: users.role })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(inThread(thread), ne(comments.id, comment.id), isNull(comments.deletedAt)));
  const mayRead = (p: { id: string | null; role: string }) =>
    !thread.draft || p.role === "admin" || p.id === thread.gmId;
  await tell(
    tx,
    actor,
    [
      ...comment.mentions.map((userId): Told => ({ userId, kind: "mention" })),
      ...participants.filter(mayRead).map((p): Told => ({ userId: p.id!, kind: "reply" })),
      { userId: thread.gmId, kind: "comment" },
    ],
    {
      vbuId: thread.vbuId,
      commentId: comment.id,
      monthlyReviewId: thread.subject === "review" ? thread.subjectId : undefined,
    },
  );
}

/** An edited comment that now mentions someone it did not: they are told, as of a new mention. */
export async function notifyNewMentions(
  tx: Tx,
  actor: Actor,
  thread: Thread,
  comment: { id: string; mentions: readonly string[] },
): Promise<void> {
  if (comment.mentions.length === 0) return;
  const already = await tx
    .select({ userId: notifications.userId })
    .from(notifications)
    .where(and(eq(notifications.commentId, comment.id), inArray(notifications.userId, [...comment.mentions])));
  const told = new Set(already.map((n) => n.userId));
  await tell(
    tx,
    actor,
    comment.mentions.filter((id) => !told.has(id)).map((userId): Told => ({ userId, kind: "mention" })),
    {
      vbuId: thread.vbuId,
      commentId: comment.id,
      monthlyReviewId: thread.subject === "review" ? thread.subjectId : undefined,
    },
  );
}

/** A review published: every admin, who acknowledges reviews. */
export async function notifyReviewPublished(tx: Tx, actor: Actor, review: { id: string; vbuId: string }) {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)));
  await tell(
    tx,
    actor,
    admins.map((a): Told => ({ userId: a.id, kind: "review_published" })),
    { vbuId: review.vbuId, monthlyReviewId: review.id },
  );
}

/** A review acknowledged: its VBU's GM. */
export async function notifyReviewAcknowledged(
  tx: Tx,
  actor: Actor,
  review: { id: string; vbuId: string; gmId: string },
) {
  await tell(tx, actor, [{ userId: review.gmId, kind: "review_acknowledged" }], {
    vbuId: review.vbuId,
    monthlyReviewId: review.id,
  });
}

/** A VBU given to a GM (a new VBU, or a reassignment): that GM. */
export async function notifyVbuAssigned(tx: Tx, actor: Actor, vbu: { id: string; gmId: string }) {
  await tell(tx, actor, [{ userId: vbu.gmId, kind: "vbu_assigned" }], { vbuId: vbu.id });
}

/** Marks some of `actor`'s notifications read (none of anyone else's), or all of them. */
export async function markNotificationsRead(actor: Actor, ids: readonly string[] | "all"): Promise<void> {
  await getDb()
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, actor.id),
        isNull(notifications.readAt),
        ids === "all" ? undefined : ids.length > 0 ? inArray(notifications.id, [...ids]) : sql`false`,
      ),
    );
}
