"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/action";
import { BOARD_PATH } from "@/lib/board/filters";
import type { ReviewConflict } from "@/lib/reviews/conflicts";
import {
  acknowledgeReviewSchema,
  deleteReviewSchema,
  saveReviewSchema,
  startReviewSchema,
} from "@/lib/reviews/schemas";
import { reviewPath, reviewsPath, portfolioReviewsPath } from "@/lib/reviews/paths";
import { acknowledgeReview, deleteReviewDraft, publishReview, saveReviewDraft, startReview } from "@/lib/reviews/write";

// Thin: the wrapper authenticates and parses; lib/reviews/write authorises the exact review.
function revalidateReview({ vbuId, month }: { vbuId: string; month: string }) {
  revalidatePath(reviewPath(vbuId, month));
  revalidatePath(reviewsPath(vbuId));
  revalidatePath(portfolioReviewsPath(month));
  revalidatePath(`/vbus/${vbuId}`);
  revalidatePath(BOARD_PATH);
}

/** Opens the review of that month, starting its draft if there is none. */
export const startReviewAction = userAction(startReviewSchema, async (input, user) => {
  const started = await startReview(user, input, new Date());
  revalidateReview(started);
  redirect(reviewPath(started.vbuId, started.month));
});

/** Saves the draft, or (intent "publish") saves and publishes it, freezing the canvas. */
export const saveReviewAction = userAction<typeof saveReviewSchema, ReviewConflict>(
  saveReviewSchema,
  async (input, user) => {
    if (input.intent === "publish") {
      const published = await publishReview(user, input, new Date());
      revalidateReview(published);
      return { status: "success", message: "Review published. It is read-only now." };
    }
    const saved = await saveReviewDraft(user, input, new Date());
    revalidateReview(saved);
    return { status: "success", message: "Draft saved.", version: saved.version };
  },
);

export const deleteReviewAction = userAction(deleteReviewSchema, async (input, user) => {
  const deleted = await deleteReviewDraft(user, input);
  revalidateReview(deleted);
  redirect(reviewsPath(deleted.vbuId));
});

export const acknowledgeReviewAction = userAction(acknowledgeReviewSchema, async (input, user) => {
  const acknowledged = await acknowledgeReview(user, input);
  revalidateReview(acknowledged);
  return { status: "success", message: "Review acknowledged." };
});
