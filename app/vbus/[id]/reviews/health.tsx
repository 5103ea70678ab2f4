import type { ReviewHealth } from "@/db/schema";
import { REVIEW_HEALTH_LABELS } from "@/lib/reviews/vocabulary";

// A health call as a badge: its words carry it, the colour and the mark only repeat them.
const STYLE: Record<ReviewHealth, { mark: string; className: string }> = {
  on_track: { mark: "●", className: "border-green-300 bg-green-50 text-green-900" },
  at_risk: { mark: "▲", className: "border-amber-300 bg-amber-50 text-amber-900" },
  off_track: { mark: "■", className: "border-red-300 bg-red-50 text-red-900" },
};

export function HealthBadge({ health }: { health: ReviewHealth }) {
  const { mark, className } = STYLE[health];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${className}`}>
      <span aria-hidden="true">{mark}</span>
      {REVIEW_HEALTH_LABELS[health]}
    </span>
  );
}
