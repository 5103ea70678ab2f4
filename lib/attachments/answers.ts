// What the upload route answers, as the upload form reads it: one type on both sides.
// No server-only here: the form imports it (the view is a type, erased from the bundle).
import type { ErrorState } from "../action-state";
import type { AttachmentView, EvidenceParent } from "./attachments";

/** Where the browser sends a file for this parent (app/api/…/attachments/route.ts). */
export function evidenceUploadUrl(parent: EvidenceParent): string {
  return "reviewId" in parent
    ? `/api/reviews/${parent.reviewId}/attachments`
    : `/api/proof-points/${parent.proofPointId}/attachments`;
}

export type UploadAnswer = { status: "success"; attachment: AttachmentView } | ErrorState;

/** The route's answer, or null when the body is not one (a proxy's error page, say). */
export function readUploadAnswer(body: string): UploadAnswer | null {
  try {
    const answer = JSON.parse(body) as Partial<UploadAnswer> | null;
    if (answer?.status === "success" && answer.attachment) return answer as UploadAnswer;
    if (answer?.status === "error" && typeof answer.formError === "string") {
      return { status: "error", formError: answer.formError, fieldErrors: answer.fieldErrors ?? {} };
    }
  } catch {
    // not JSON
  }
  return null;
}
