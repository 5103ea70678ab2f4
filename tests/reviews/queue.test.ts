// The admins' acknowledgement queue on /reviews/{month} acknowledges with one button: no comment
// field is sent at all, and that is a whole acknowledgement (the Playwright journey found the
// first version refusing it with "Check the highlighted fields.").
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { acknowledgeReviewAction } from "../../app/vbus/[id]/reviews/actions";
import { getDb } from "../../db/client";
import { monthlyReviews } from "../../db/schema";
import { createReview, createVbu } from "../factories";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { idOf, run, signInAs } from "../support/session";

describe.each(ENGINES)("acknowledging from the queue on %s", (engine) => {
  useSeededAppDatabase(engine);

  it("takes the review id alone, and records no comment", async () => {
    const db = getDb();
    const { vbuId } = await createVbu(db, { gmId: await idOf("ana") });
    const review = await createReview(db, {
      vbuId,
      month: "2026-10-01",
      status: "published",
      health: "on_track",
      snapshot: { schema: 1 } as never,
      publishedAt: new Date(),
    });
    await signInAs("admin");
    expect(await run(acknowledgeReviewAction, { reviewId: review.id })).toEqual({
      status: "success",
      message: "Review acknowledged.",
    });
    const [row] = await db.select().from(monthlyReviews).where(eq(monthlyReviews.id, review.id));
    expect(row).toMatchObject({ acknowledgedBy: await idOf("admin"), acknowledgementComment: null });
    expect(row!.acknowledgedAt).toBeInstanceOf(Date);
  });
});
