import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { attachments, users } from "../../db/schema";
import { ATTACHMENT_VIEW_COLUMNS, type AttachmentView, toAttachmentView } from "./attachments";

// Evidence files of a monthly review, as the review page lists them (the writes are in
// ./attachments.ts, beside a proof point's).

type Reader = Pick<Database, "select">;

/**
 * A review's evidence files, in the order they were added. No authorization here: the review
 * page has already decided the actor may read this review (canReadReview).
 */
export async function reviewEvidence(db: Reader, reviewId: string): Promise<AttachmentView[]> {
  const rows = await db
    .select(ATTACHMENT_VIEW_COLUMNS)
    .from(attachments)
    .innerJoin(users, eq(users.id, attachments.uploadedBy))
    .where(eq(attachments.monthlyReviewId, reviewId))
    .orderBy(asc(attachments.createdAt), asc(attachments.addedSeq));
  return rows.map(toAttachmentView);
}
