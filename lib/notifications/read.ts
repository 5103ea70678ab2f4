import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Database, getDb } from "../../db/client";
import { comments, monthlyReviews, notifications, proofPoints, users, vbus } from "../../db/schema";
import type { Actor } from "../auth/roles";
import { NotFoundError } from "../errors";
import { formatReviewMonth } from "../dates";
import { commentHref } from "../comments/paths";
import type { CommentSubject } from "../comments/vocabulary";
import { reviewPath } from "../reviews/paths";
import { monthParam } from "../reviews/vocabulary";
import { NOTIFICATIONS_PAGE, type NotificationKind, notificationWords } from "./vocabulary";

// A person's notifications: how many are unread (the bell, on every page: one query on
// ix_notifications_unread) and the newest ones in words, each with where it leads.

/** The unread count query, built and not run (the bench times it bare). */
export const unreadCountQuery = (db: Pick<Database, "select">, userId: string) =>
  db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));

export async function unreadCount(actor: Actor): Promise<number> {
  const [row] = await unreadCountQuery(getDb(), actor.id);
  return row?.unread ?? 0;
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** What happened, in words. */
  words: string;
  /** Where it happened: the thread or the review, or the VBU's canvas. */
  href: string;
  createdAt: Date;
  read: boolean;
}

const actors = alias(users, "notification_actor");

/** Where a notification leads: a comment on its thread's page, a review, or the canvas. */
function hrefOf(row: {
  vbuId: string;
  commentId: string | null;
  commentSubject: string | null;
  proofPointId: string | null;
  monthlyReviewId: string | null;
  reviewMonth: string | null;
}): string {
  if (row.commentId && row.commentSubject) {
    const subject = row.commentSubject as CommentSubject;
    const subjectId = row.proofPointId ?? row.monthlyReviewId ?? undefined;
    return commentHref(row.vbuId, subject, subjectId, row.commentId);
  }
  if (row.reviewMonth) return reviewPath(row.vbuId, monthParam(row.reviewMonth));
  return `/vbus/${row.vbuId}`;
}

/** What a notification is about: a review by its month ("November 2026 review"), or a proof point. */
function aboutOf(row: { reviewMonth: string | null; proofPoint: string | null }): string | null {
  return row.reviewMonth ? `${formatReviewMonth(monthParam(row.reviewMonth))} review` : (row.proofPoint ?? null);
}

/** Notifications with what their words and links are made of, built and not run. */
const notificationRows = (db: Pick<Database, "select">) =>
  db
    .select({
      id: notifications.id,
      userId: notifications.userId,
      kind: notifications.kind,
      vbuId: notifications.vbuId,
      vbuName: vbus.name,
      who: sql<string>`coalesce(${actors.name}, 'Someone')`,
      commentId: notifications.commentId,
      commentSubject: comments.subject,
      commentBody: comments.body,
      proofPointId: comments.proofPointId,
      monthlyReviewId: notifications.monthlyReviewId,
      proofPoint: proofPoints.description,
      // A reminder names its month without a review to point at (none may be started yet).
      reviewMonth: sql<string | null>`coalesce(${monthlyReviews.month}, ${notifications.month})::text`,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(vbus, eq(vbus.id, notifications.vbuId))
    .leftJoin(actors, eq(actors.id, notifications.actorId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .leftJoin(proofPoints, eq(proofPoints.id, comments.proofPointId))
    .leftJoin(monthlyReviews, eq(monthlyReviews.id, notifications.monthlyReviewId))
    .$dynamic();

type NotificationRow = Awaited<ReturnType<ReturnType<typeof notificationRows>["execute"]>>[number];

function viewOf(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    words: notificationWords(row.kind as NotificationKind, row.who, row.vbuName, aboutOf(row)),
    href: hrefOf(row),
    createdAt: row.createdAt,
    read: row.readAt !== null,
  };
}

/** Notifications as an email tells them (lib/mail/), read in the transaction that wrote them. */
export async function describeNotifications(
  db: Pick<Database, "select">,
  ids: readonly string[],
): Promise<(NotificationView & { userId: string; vbuName: string; commentBody: string | null })[]> {
  if (ids.length === 0) return [];
  const rows = await notificationRows(db)
    .where(inArray(notifications.id, [...ids]))
    .orderBy(notifications.addedSeq);
  return rows.map((row) => ({
    ...viewOf(row),
    userId: row.userId,
    vbuName: row.vbuName,
    commentBody: row.commentBody,
  }));
}

/** Where one of `actor`'s notifications leads; NotFoundError for anyone else's. */
export async function listNotificationTarget(actor: Actor, notificationId: string): Promise<string> {
  const [row] = await notificationRows(getDb()).where(
    and(eq(notifications.userId, actor.id), eq(notifications.id, notificationId)),
  );
  if (!row) throw new NotFoundError("That notification");
  return hrefOf(row);
}

/** `actor`'s newest notifications, in words. */
export async function listNotifications(actor: Actor): Promise<NotificationView[]> {
  const rows = await notificationRows(getDb())
    .where(eq(notifications.userId, actor.id))
    .orderBy(desc(notifications.addedSeq))
    .limit(NOTIFICATIONS_PAGE);
  return rows.map(viewOf);
}
