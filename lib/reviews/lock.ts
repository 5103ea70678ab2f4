import "server-only";
import { eq } from "drizzle-orm";
import { monthlyReviews, type ReviewStatus, vbus } from "../../db/schema";
import { type Actor, canEditCanvasOf, canReadReview } from "../auth/roles";
import type { Tx } from "../canvas/lock";
import { type Database, getDb } from "../../db/client";
import { ForbiddenError, NotFoundError, UserFacingError } from "../errors";
import { monthRefusal } from "./vocabulary";

// Every change to a review (its draft, its evidence, publishing, acknowledging) runs in one
// transaction that locks the review row first. Publishing also locks the canvas, before the
// review (the order every canvas write takes), so a publish and a canvas save serialise.

export interface LockedReview {
  id: string;
  vbuId: string;
  vbuName: string;
  gmId: string;
  /** YYYY-MM-01 */
  month: string;
  status: ReviewStatus;
  version: number;
  acknowledgedAt: Date | null;
}

// Tests set this to hold a write right after it has locked the review row (tests/reviews/
// support.ts); the app never sets it.
const testHooks = globalThis as unknown as { reviewRowLocked?: (tx: Tx) => Promise<void> };

export const REVIEW_NOT_FOUND = "That review";
export const PUBLISHED_IS_READ_ONLY = "This review is published: it is read-only, its evidence included.";
export const ONLY_GM_WRITES_REVIEWS = "Only this VBU's GM, or an admin, can write its monthly review.";

const reviewRow = (db: Pick<Database, "select">) =>
  db
    .select({
      id: monthlyReviews.id,
      vbuId: monthlyReviews.vbuId,
      vbuName: vbus.name,
      gmId: vbus.gmId,
      month: monthlyReviews.month,
      status: monthlyReviews.status,
      version: monthlyReviews.version,
      acknowledgedAt: monthlyReviews.acknowledgedAt,
    } satisfies Record<keyof LockedReview, unknown>)
    .from(monthlyReviews)
    .innerJoin(vbus, eq(vbus.id, monthlyReviews.vbuId));

/**
 * Locks a review (SELECT … FOR UPDATE) and checks the actor may see it at all: someone who may
 * not read a draft learns nothing of it (NotFoundError, as for a review that does not exist).
 */
export async function lockReview(tx: Tx, actor: Actor, reviewId: string): Promise<LockedReview> {
  const [row] = await reviewRow(tx).where(eq(monthlyReviews.id, reviewId)).for("update", { of: monthlyReviews });
  await testHooks.reviewRowLocked?.(tx);
  if (!row || !canReadReview(actor, row)) throw new NotFoundError(REVIEW_NOT_FOUND);
  return row;
}

/**
 * The same rules as lockWritableDraft, asked without a lock, before a transaction (an upload
 * before reading its body; a publish, to know which canvas to lock first). Asked again under
 * the lock: this answer may be stale by then.
 */
export async function readWritableDraft(actor: Actor, reviewId: string, now: Date): Promise<LockedReview> {
  const [row] = await reviewRow(getDb()).where(eq(monthlyReviews.id, reviewId));
  if (!row || !canReadReview(actor, row)) throw new NotFoundError(REVIEW_NOT_FOUND);
  assertWritable(actor, row, now);
  return row;
}

/**
 * Locks a draft its actor may change now: the VBU's GM or an admin, a draft (a published review
 * is read-only, its evidence included), of this month or last month.
 */
export async function lockWritableDraft(tx: Tx, actor: Actor, reviewId: string, now: Date): Promise<LockedReview> {
  const review = await lockReview(tx, actor, reviewId);
  assertWritable(actor, review, now);
  return review;
}

export function assertWritable(actor: Actor, review: LockedReview, now: Date): void {
  if (!canEditCanvasOf(actor, review)) throw new ForbiddenError(ONLY_GM_WRITES_REVIEWS);
  if (review.status === "published") throw new UserFacingError(PUBLISHED_IS_READ_ONLY);
  const refusal = monthRefusal(review.month, now);
  if (refusal) throw new UserFacingError(refusal);
}
