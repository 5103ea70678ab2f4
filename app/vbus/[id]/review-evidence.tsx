import type { AttachmentView } from "@/lib/attachments/attachments";
import { CanvasAnnouncer } from "./canvas-announcer";
import { EditableEvidence } from "./evidence";
import { ReadOnlyEvidence } from "./evidence-file";

/**
 * A monthly review's evidence files, for the review page (lib/attachments/review-evidence.ts
 * reviewEvidence reads them). Everyone who may read the review downloads them; when `canEdit`
 * (the review is a draft its GM, or an admin, may write now) they also upload, relabel and
 * delete, through the same upload form and actions as a proof point's evidence. No client code
 * for readers: the read-only list renders on the server.
 */
export function ReviewEvidence({
  reviewId,
  attachments,
  canEdit,
}: {
  reviewId: string;
  /** The review's VBU (its page). */
  vbuId: string;
  /** In display order. */
  attachments: AttachmentView[];
  canEdit: boolean;
}) {
  if (canEdit) {
    return (
      <CanvasAnnouncer>
        <EditableEvidence parent={{ reviewId }} openerLabel="Add evidence to this review" attachments={attachments} />
      </CanvasAnnouncer>
    );
  }
  if (attachments.length === 0) return <p className="text-sm text-slate-600">No evidence files.</p>;
  return <ReadOnlyEvidence attachments={attachments} />;
}
