import { CANVAS_FIELD_LABELS, NOT_WRITTEN_YET } from "@/lib/canvas/schemas";
import { laneLabel, PROOF_POINT_STATUS_LABELS } from "@/lib/canvas/vocabulary";
import { formatReviewMonth } from "@/lib/dates";
import { SNAPSHOT_FIELDS } from "@/lib/reviews/fields";
import type { ReviewSnapshot } from "@/lib/reviews/snapshot";

/** The canvas as a review froze it: what the GM was looking at when they published. */
export function SnapshotView({ snapshot }: { snapshot: ReviewSnapshot }) {
  return (
    <div className="space-y-4 text-sm">
      <p>
        Lane: <span className="font-medium">{laneLabel(snapshot.lane)}</span> · GM: {snapshot.gmName} · Currently
        testing: {snapshot.currentlyTesting?.label ?? "nothing chosen"}
      </p>
      <dl className="grid gap-3 md:grid-cols-2">
        {SNAPSHOT_FIELDS.map((field) => (
          <div key={field}>
            <dt className="font-medium text-slate-700">{CANVAS_FIELD_LABELS[field]}</dt>
            <dd className="whitespace-pre-line">
              {snapshot.fields[field] || <span className="text-slate-500 italic">{NOT_WRITTEN_YET}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <ol className="space-y-3" aria-label="Theses as published">
        {snapshot.theses.map((thesis) => (
          <li key={thesis.id}>
            <p className="font-medium">
              <span className="text-slate-600">Thesis {thesis.order}: </span>
              {thesis.text}
            </p>
            <ul className="mt-1 list-inside list-disc space-y-1">
              {thesis.proofPoints.map((point) => (
                <li key={point.id}>
                  {point.description} — {PROOF_POINT_STATUS_LABELS[point.status]}
                  {point.targetReviewMonth && `, review ${formatReviewMonth(point.targetReviewMonth)}`}
                  {point.evidence.length > 0 &&
                    ` · evidence: ${point.evidence.map((file) => file.label ?? file.filename).join(", ")}`}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
