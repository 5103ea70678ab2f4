import { CANVAS_FIELD_HINTS, CANVAS_FIELD_LABELS, type CanvasFieldName, NOT_WRITTEN_YET } from "@/lib/canvas/schemas";

/**
 * A canvas field as read, not edited: its label, the line saying what belongs there, and what
 * is written (or that nothing is yet). Goes inside a <dl>; the read view and the editor (for a
 * field the person may not change) both show fields this way.
 */
export function ReadOnlyField({ field, value }: { field: CanvasFieldName; value: string | null }) {
  return (
    <div className="space-y-1">
      <dt className="text-sm font-medium text-slate-700">{CANVAS_FIELD_LABELS[field]}</dt>
      <dd className="text-xs text-slate-600">{CANVAS_FIELD_HINTS[field]}</dd>
      <dd className="whitespace-pre-line">
        {value || <span className="text-slate-500 italic">{NOT_WRITTEN_YET}</span>}
      </dd>
    </div>
  );
}
