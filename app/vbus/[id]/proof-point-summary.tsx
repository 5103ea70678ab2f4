import { TOUCH_TARGET } from "@/app/_components/touch";
import type { ProofPointView } from "@/lib/canvas/read";
import { commentsPath } from "@/lib/comments/paths";
import { formatReviewMonth } from "@/lib/dates";
import { OVERDUE_LABEL, PROOF_POINT_STATUS_LABELS } from "@/lib/canvas/vocabulary";

export const STATUS_STYLE = {
  not_started: "bg-slate-200 text-slate-800",
  in_progress: "bg-blue-100 text-blue-900",
  observed: "bg-green-100 text-green-900",
  stalled: "bg-amber-100 text-amber-900",
} as const;

/**
 * A proof point as readers see it: the status in words (never colour alone), month, whether it
 * is overdue for review (in words too), evidence.
 */
export function ProofPointSummary({ vbuId, point }: { vbuId: string; point: ProofPointView }) {
  const month = point.targetReviewMonth ? formatReviewMonth(point.targetReviewMonth) : null;
  return (
    <div className="space-y-1 text-sm">
      <p>
        <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[point.status]}`}>
          {PROOF_POINT_STATUS_LABELS[point.status]}
        </span>{" "}
        {point.overdue && (
          <span className="mr-2 rounded border border-red-300 bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-900">
            <span aria-hidden>⚠ </span>
            {OVERDUE_LABEL}
          </span>
        )}{" "}
        {point.description}
      </p>
      {month && (
        <p className="text-xs text-slate-700">{point.overdue ? `Review was due in ${month}` : `Review in ${month}`}</p>
      )}
      {point.evidenceNote && (
        <p className="text-slate-700">
          <span className="font-medium">Evidence:</span> {point.evidenceNote}
        </p>
      )}
      <p className="text-xs">
        {/* A plain link, not next/link: a client component per proof point costs every render. */}
        <a
          href={commentsPath(vbuId, "proof_point", point.id)}
          className={`text-blue-900 underline ${TOUCH_TARGET} touch:justify-start`}
        >
          Comments<span className="sr-only">{` on ${point.description}`}</span>
        </a>
      </p>
    </div>
  );
}
