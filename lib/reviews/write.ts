import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { canvases, monthlyReviews, users, vbus } from "../../db/schema";
import { purgeDeletedFiles } from "../attachments/purge";
import { type Actor, canAcknowledgeReviews, canEditCanvasOf } from "../auth/roles";
import { inTransaction, type Tx } from "../canvas/lock";
import { ConflictError, ForbiddenError, NotFoundError, UserFacingError } from "../errors";
import { formatMoment } from "../dates";
import type { z } from "../zod";
import type { ReviewConflict } from "./conflicts";
import { notifyReviewAcknowledged, notifyReviewPublished } from "../notifications/write";
import { freezeCanvas } from "./freeze";
import {
  lockReview,
  lockWritableDraft,
  ONLY_GM_WRITES_REVIEWS,
  PUBLISHED_IS_READ_ONLY,
  readWritableDraft,
} from "./lock";
import type {
  acknowledgeReviewSchema,
  deleteReviewSchema,
  ReviewNarrative,
  saveReviewSchema,
  startReviewSchema,
} from "./schemas";
import { monthParam, monthRefusal } from "./vocabulary";

// Writes to monthly reviews. Each runs in one transaction that locks the review row (and, to
// publish, the canvas first: lib/reviews/lock.ts) and authorises the exact review there. `now`
// decides which months are open; the actions pass the clock, tests their own.

export const REVIEW_CONFLICT =
  "Someone else changed this review since you opened it. Nothing of yours was saved: your input is kept, and what they changed is shown.";
export const STALE_DELETE = "This draft changed since you opened it. Reload the page to see it before deleting it.";
export const NOT_PUBLISHED_YET = "Only a published review can be acknowledged.";
export const HEALTH_REQUIRED = "Choose on track, at risk or off track before publishing.";
export const LEARNED_REQUIRED = "Say what you learned this month before publishing.";

/** Opens the VBU's review of that month, starting a draft if there is none. Answers its URL month. */
export async function startReview(
  actor: Actor,
  input: z.output<typeof startReviewSchema>,
  now: Date,
): Promise<{ vbuId: string; month: string }> {
  const [vbu] = await getDb().select({ gmId: vbus.gmId }).from(vbus).where(eq(vbus.id, input.vbuId));
  if (!vbu) throw new NotFoundError("That VBU");
  if (!canEditCanvasOf(actor, vbu)) throw new ForbiddenError(ONLY_GM_WRITES_REVIEWS);
  const refusal = monthRefusal(input.month, now);
  if (refusal) throw new UserFacingError(refusal, { month: [refusal] });
  // One per VBU and month: a second start (another tab, a double click) opens the same review.
  await getDb()
    .insert(monthlyReviews)
    .values({ vbuId: input.vbuId, month: input.month, createdBy: actor.id, updatedBy: actor.id })
    .onConflictDoNothing({ target: [monthlyReviews.vbuId, monthlyReviews.month] });
  return { vbuId: input.vbuId, month: monthParam(input.month) };
}

async function readReviewConflict(tx: Tx, reviewId: string): Promise<ReviewConflict> {
  const [row] = await tx
    .select({
      learned: monthlyReviews.learned,
      decisions: monthlyReviews.decisions,
      asks: monthlyReviews.asks,
      nextFocus: monthlyReviews.nextFocus,
      health: monthlyReviews.health,
      version: monthlyReviews.version,
      savedAt: monthlyReviews.updatedAt,
      savedById: monthlyReviews.updatedBy,
      savedByName: users.name,
    })
    .from(monthlyReviews)
    .leftJoin(users, eq(users.id, monthlyReviews.updatedBy))
    .where(eq(monthlyReviews.id, reviewId));
  const { version, savedAt, savedById, savedByName, ...values } = row!;
  return { values, version, savedAt: savedAt.toISOString(), savedById, savedByName };
}

function narrativeOf(input: ReviewNarrative): ReviewNarrative {
  const { learned, decisions, asks, nextFocus, health } = input;
  return { learned, decisions, asks, nextFocus, health };
}

/** Saves a draft read at the current version; bumps the version. */
export async function saveReviewDraft(
  actor: Actor,
  input: z.output<typeof saveReviewSchema>,
  now: Date,
): Promise<{ version: number; vbuId: string; month: string }> {
  return inTransaction(actor, async (tx) => {
    const review = await lockWritableDraft(tx, actor, input.reviewId, now);
    if (review.version !== input.version) {
      throw new ConflictError<ReviewConflict>(REVIEW_CONFLICT, await readReviewConflict(tx, review.id));
    }
    const [saved] = await tx
      .update(monthlyReviews)
      .set({
        ...narrativeOf(input),
        version: sql`${monthlyReviews.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: actor.id,
      })
      .where(eq(monthlyReviews.id, review.id))
      .returning({ version: monthlyReviews.version });
    return { version: saved!.version, vbuId: review.vbuId, month: monthParam(review.month) };
  });
}

/**
 * Publishes a draft with what the form holds: saves it and freezes the canvas as it is, in one
 * transaction that holds the canvas lock (so no canvas save lands half in the snapshot) and then
 * the review's (so two publishes cannot both pass the draft check).
 */
export async function publishReview(
  actor: Actor,
  input: z.output<typeof saveReviewSchema>,
  now: Date,
): Promise<{ vbuId: string; month: string }> {
  const missing: Record<string, string[]> = {};
  if (!input.health) missing.health = [HEALTH_REQUIRED];
  if (!input.learned) missing.learned = [LEARNED_REQUIRED];
  if (Object.keys(missing).length > 0) throw new UserFacingError("Check the highlighted fields.", missing);

  // Which canvas to lock first, read before locking (a review never changes VBU).
  const { vbuId } = await readWritableDraft(actor, input.reviewId, now);

  return inTransaction(actor, async (tx) => {
    await tx.select({ id: canvases.id }).from(canvases).where(eq(canvases.vbuId, vbuId)).for("update");
    const review = await lockWritableDraft(tx, actor, input.reviewId, now);
    if (review.version !== input.version) {
      throw new ConflictError<ReviewConflict>(REVIEW_CONFLICT, await readReviewConflict(tx, review.id));
    }
    const snapshot = await freezeCanvas(tx, review.vbuId, now);
    await tx
      .update(monthlyReviews)
      .set({
        ...narrativeOf(input),
        status: "published",
        snapshot,
        publishedAt: sql`now()`,
        publishedBy: actor.id,
        version: sql`${monthlyReviews.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: actor.id,
      })
      .where(eq(monthlyReviews.id, review.id));
    await notifyReviewPublished(tx, actor, review);
    return { vbuId: review.vbuId, month: monthParam(review.month) };
  });
}

/** Deletes a draft (any month: an abandoned one too), and after commit its evidence files. */
export async function deleteReviewDraft(
  actor: Actor,
  input: z.output<typeof deleteReviewSchema>,
): Promise<{ vbuId: string; month: string }> {
  const result = await inTransaction(actor, async (tx) => {
    const review = await lockReview(tx, actor, input.reviewId);
    if (!canEditCanvasOf(actor, review)) throw new ForbiddenError(ONLY_GM_WRITES_REVIEWS);
    if (review.status === "published") throw new UserFacingError(PUBLISHED_IS_READ_ONLY);
    if (review.version !== input.version) throw new UserFacingError(STALE_DELETE);
    await tx.delete(monthlyReviews).where(and(eq(monthlyReviews.id, review.id), eq(monthlyReviews.status, "draft")));
    return { vbuId: review.vbuId, month: monthParam(review.month) };
  });
  await purgeDeletedFiles();
  return result;
}

/** An admin acknowledges a published review, once, with an optional comment its GM reads. */
export async function acknowledgeReview(
  actor: Actor,
  input: z.output<typeof acknowledgeReviewSchema>,
): Promise<{ vbuId: string; month: string }> {
  if (!canAcknowledgeReviews(actor)) throw new ForbiddenError("Only admins acknowledge monthly reviews.");
  return inTransaction(actor, async (tx) => {
    const review = await lockReview(tx, actor, input.reviewId);
    if (review.status !== "published") throw new UserFacingError(NOT_PUBLISHED_YET);
    if (review.acknowledgedAt) {
      const [by] = await tx
        .select({ name: users.name })
        .from(monthlyReviews)
        .leftJoin(users, eq(users.id, monthlyReviews.acknowledgedBy))
        .where(eq(monthlyReviews.id, review.id));
      throw new UserFacingError(
        `${by?.name ?? "Someone"} already acknowledged this review on ${formatMoment(review.acknowledgedAt.toISOString())}.`,
      );
    }
    await tx
      .update(monthlyReviews)
      .set({
        acknowledgedAt: sql`now()`,
        acknowledgedBy: actor.id,
        acknowledgementComment: input.comment,
        version: sql`${monthlyReviews.version} + 1`,
      })
      .where(eq(monthlyReviews.id, review.id));
    await notifyReviewAcknowledged(tx, actor, review);
    return { vbuId: review.vbuId, month: monthParam(review.month) };
  });
}
