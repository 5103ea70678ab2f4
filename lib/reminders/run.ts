import "server-only";
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { boardCards, notifications, type ReviewHealth, type ReviewStatus, users } from "../../db/schema";
import { boardReviewJoins } from "../board/read";
import { overdueCutoff } from "../canvas/vocabulary";
import { logger } from "../log";
import { notifyReminders, type Reminder } from "../notifications/write";
import { monthAt, type ReviewCell, reviewDueDay, reviewStateOf } from "../reviews/vocabulary";

// The daily reminders (the REMINDERS job, 06:00 UTC), told to each VBU's GM:
// - the review the VBU owes (reviewStateOf: last month's until it is published, then this
//   month's; a draft still owes it) due in exactly 3 days: "review_due", once per VBU and month;
// - that review past its due day: "review_overdue", once per VBU and month;
// - proof points not observed whose target review month is before this month (the board's
//   overdue rule): "proof_points_overdue", once per VBU and calendar month.
// One query reads every VBU's state (board_cards with its reviews of last month and this month:
// the board's own joins), the rules run on it here, one more query per batch drops what was told
// before, and only the rest is written, a bounded batch per transaction. A rerun writes nothing:
// each reminder has its key (notifications.dedupe_key), and a key written once is never written again.

/** Reminders written per transaction: a failure redoes at most this many (the job is retried). */
const BATCH = 200;

const DAY_MS = 24 * 60 * 60 * 1000;

export type { Reminder };

/** The one spelling of a reminder's key: one per kind, VBU and month. */
export const reminderKey = (kind: Reminder["kind"], vbuId: string, month: string) => `${kind}:${vbuId}:${month}`;

const cell = (status: ReviewStatus | null, health: ReviewHealth | null): ReviewCell | null =>
  status ? { status, health } : null;

/** Every reminder the rules give at `now` (told before or not), for VBUs whose GM is enabled. */
export async function remindersAt(now: Date): Promise<Reminder[]> {
  const reviews = boardReviewJoins(now);
  const [previous] = reviews.previous;
  const [current] = reviews.current;
  const rows = await getDb()
    .select({
      vbuId: boardCards.vbuId,
      gmId: boardCards.gmId,
      previousStatus: previous.status,
      previousHealth: previous.health,
      currentStatus: current.status,
      currentHealth: current.health,
      // The overdue rule on the card (lib/canvas/vocabulary.ts, as the board's filter reads it):
      // its earliest review month of a proof point not observed is before this month.
      proofPointsOverdue: sql<boolean>`coalesce(${boardCards.openFrom} < ${overdueCutoff(now)}::date, false)`,
    })
    .from(boardCards)
    .innerJoin(users, and(eq(users.id, boardCards.gmId), isNull(users.disabledAt)))
    .leftJoin(...reviews.previous)
    .leftJoin(...reviews.current);

  const inThreeDays = new Date(now.getTime() + 3 * DAY_MS).toISOString().slice(0, 10);
  const thisMonth = monthAt(now);
  const reminders: Reminder[] = [];
  for (const row of rows) {
    const review = reviewStateOf(
      { previous: cell(row.previousStatus, row.previousHealth), current: cell(row.currentStatus, row.currentHealth) },
      now,
    );
    const about = { userId: row.gmId, vbuId: row.vbuId };
    if (review.state === "overdue") {
      reminders.push({
        ...about,
        kind: "review_overdue",
        month: review.month,
        dedupeKey: reminderKey("review_overdue", row.vbuId, review.month),
      });
    } else if (review.state !== "published" && reviewDueDay(review.month) === inThreeDays) {
      reminders.push({
        ...about,
        kind: "review_due",
        month: review.month,
        dedupeKey: reminderKey("review_due", row.vbuId, review.month),
      });
    }
    if (row.proofPointsOverdue) {
      reminders.push({
        ...about,
        kind: "proof_points_overdue",
        dedupeKey: reminderKey("proof_points_overdue", row.vbuId, thisMonth),
      });
    }
  }
  return reminders;
}

/** Those of `batch` not written before (by their person and key, on uq_notifications_dedupe_key). */
async function untold(batch: readonly Reminder[]): Promise<Reminder[]> {
  const told = await getDb()
    .select({ userId: notifications.userId, dedupeKey: notifications.dedupeKey })
    .from(notifications)
    .where(
      and(
        inArray(notifications.userId, [...new Set(batch.map((r) => r.userId))]),
        isNotNull(notifications.dedupeKey),
        inArray(
          notifications.dedupeKey,
          batch.map((r) => r.dedupeKey),
        ),
      ),
    );
  const seen = new Set(told.map((t) => `${t.userId} ${t.dedupeKey}`));
  return batch.filter((r) => !seen.has(`${r.userId} ${r.dedupeKey}`));
}

/** The daily reminders as of `now`. Idempotent: a second run the same day writes nothing. */
export async function runReminders(now: Date): Promise<void> {
  const reminders = await remindersAt(now);
  let written = 0;
  for (let start = 0; start < reminders.length; start += BATCH) {
    const batch = await untold(reminders.slice(start, start + BATCH));
    if (batch.length === 0) continue;
    // notifyReminders honours each person's choice: none when off, an email at once when asked.
    written += await getDb().transaction((tx) => notifyReminders(tx, batch));
  }
  logger().info({ reminders: reminders.length, written }, "reminders run");
}
