import "server-only";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { comments, notifications, users } from "../../db/schema";
import type { Actor } from "../auth/roles";
import type { Tx } from "../canvas/lock";
import { inThread, type Thread } from "../comments/thread";
import { emailNotifications } from "../mail/notification-email";
import { channelsOf } from "../mail/preferences";
import type { Channel } from "../mail/vocabulary";
import type { NotificationKind } from "./vocabulary";

// Who is told what, written in the transaction of the change that causes it (a comment, a
// published or acknowledged review, a new GM). Never the person who made the change, never a
// disabled account, and only people who may read what they are told about. One notification per
// person and change: a mention says more than a reply, a reply more than "on your VBU".

interface Told {
  userId: string;
  kind: NotificationKind;
}

interface About {
  vbuId: string;
  commentId?: string;
  monthlyReviewId?: string;
  /** A reminder's review month ("YYYY-MM-01"). */
  month?: string;
  /** A reminder's key: a second run with the same key tells nobody again. */
  dedupeKey?: string;
}

interface Telling {
  userId: string;
  kind: NotificationKind;
  about: About;
}

/**
 * Writes notifications, each as its person chose (lib/mail/preferences.ts): none when they turned
 * the kind off, and an email at once when they asked for one. `actorId` is who caused them (never
 * told); null for the scheduled reminders. A few queries whatever the number: one for who is
 * enabled, one per kind for the choices, one insert, and the emails. Returns how many were
 * written (a dedupe key written before writes nothing).
 */
async function write(tx: Tx, actorId: string | null, tellings: readonly Telling[]): Promise<number> {
  const candidates = tellings.filter((t) => t.userId !== actorId);
  if (candidates.length === 0) return 0;
  // Disabled accounts are told nothing.
  const enabled = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...new Set(candidates.map((t) => t.userId))]), isNull(users.disabledAt)));
  const allowed = new Set(enabled.map((u) => u.id));
  const live = candidates.filter((t) => allowed.has(t.userId));
  const choice = new Map<string, Channel>();
  const keyOf = (userId: string, kind: string) => `${userId} ${kind}`;
  for (const kind of new Set(live.map((t) => t.kind))) {
    const people = [...new Set(live.filter((t) => t.kind === kind).map((t) => t.userId))];
    for (const [id, channel] of await channelsOf(tx, people, kind)) choice.set(keyOf(id, kind), channel);
  }
  const wanted = live.filter((t) => choice.get(keyOf(t.userId, t.kind)) !== "off");
  if (wanted.length === 0) return 0;
  const written = await tx
    .insert(notifications)
    .values(
      wanted.map(({ userId, kind, about }) => ({
        userId,
        kind,
        vbuId: about.vbuId,
        commentId: about.commentId ?? null,
        monthlyReviewId: about.monthlyReviewId ?? null,
        month: about.month ?? null,
        dedupeKey: about.dedupeKey ?? null,
        actorId,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifications.id, userId: notifications.userId, kind: notifications.kind });
  await emailNotifications(
    tx,
    written.filter((n) => choice.get(keyOf(n.userId, n.kind)) === "email").map((n) => n.id),
  );
  return written.length;
}

/** One change told to several people: one notification each, of the first kind listed for them. */
async function tell(tx: Tx, actorId: string | null, told: Told[], about: About): Promise<number> {
  const first = new Map<string, NotificationKind>();
  for (const t of told) if (!first.has(t.userId)) first.set(t.userId, t.kind);
  return write(
    tx,
    actorId,
    [...first].map(([userId, kind]) => ({ userId, kind, about })),
  );
}

export interface Reminder {
  /** A GM. */
  userId: string;
  kind: Extract<NotificationKind, "review_due" | "review_overdue" | "proof_points_overdue">;
  vbuId: string;
  /** The review month a review reminder is about ("YYYY-MM-01"). */
  month?: string;
  /** Once per key and person: a second run writes nothing. */
  dedupeKey: string;
}

/**
 * Reminders (lib/reminders/), in one go. Returns how many were written now (the others were told
 * before, turned off, or are for a disabled account).
 */
export async function notifyReminders(tx: Tx, reminders: readonly Reminder[]): Promise<number> {
  return write(
    tx,
    null,
    reminders.map((r) => ({
      userId: r.userId,
      kind: r.kind,
      about: { vbuId: r.vbuId, month: r.month, dedupeKey: r.dedupeKey },
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
    actor.id,
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
    actor.id,
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
    actor.id,
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
  await tell(tx, actor.id, [{ userId: review.gmId, kind: "review_acknowledged" }], {
    vbuId: review.vbuId,
    monthlyReviewId: review.id,
  });
}

/** A VBU given to a GM (a new VBU, or a reassignment): that GM. */
export async function notifyVbuAssigned(tx: Tx, actor: Actor, vbu: { id: string; gmId: string }) {
  await tell(tx, actor.id, [{ userId: vbu.gmId, kind: "vbu_assigned" }], { vbuId: vbu.id });
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
