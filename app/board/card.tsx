import type { LifecycleLane, ProofPointStatus } from "@/db/schema";
import type { BoardCard } from "@/lib/board/read";
import { laneLabel, PROOF_POINT_STATUSES, statusWord } from "@/lib/canvas/vocabulary";
import { formatDay, formatReviewMonth } from "@/lib/dates";
import { STALE_LABEL } from "@/lib/history/vocabulary";
import { reviewPath } from "@/lib/reviews/paths";
import { monthParam, REVIEW_HEALTH_LABELS, REVIEW_STATE_LABELS, type ReviewState } from "@/lib/reviews/vocabulary";
import { TOUCH_FIELD, TOUCH_TARGET } from "@/app/_components/touch";

// A card on the board, server-rendered. Lean on purpose: a board shows dozens of cards and each
// element costs every render (docs/performance.md). The admin's lane controls are plain
// markup here (data attributes, one button), driven by one client component for the whole
// board (./move.tsx).

// The bar's colours (Tailwind's slate-400, blue-600, green-600, amber-500), in the order of the
// counts written under it; the board's legend names them. The bar is a glance, the words are
// the information: never colour alone.
const STATUS_COLOUR: Record<ProofPointStatus, string> = {
  not_started: "#90a1b9",
  in_progress: "#155dfc",
  observed: "#00a544",
  stalled: "#f99c00",
};

/** One element for the whole bar: a gradient with hard stops, one band per status. */
export function barBackground(counts: Record<ProofPointStatus, number>, total: number): string {
  let start = 0;
  const bands = PROOF_POINT_STATUSES.map((status) => {
    const end = start + (counts[status] / total) * 100;
    const band = `${STATUS_COLOUR[status]} ${start.toFixed(2)}% ${end.toFixed(2)}%`;
    start = end;
    return band;
  });
  return `linear-gradient(to right, ${bands.join(", ")})`;
}

/** The review a card's VBU owes now, in words: "November 2026 review: Published · At risk". */
export function reviewWords(review: ReviewState): string {
  const month = `${formatReviewMonth(monthParam(review.month))} review`;
  switch (review.state) {
    case "published":
      return `${month}: ${REVIEW_STATE_LABELS.published} · ${REVIEW_HEALTH_LABELS[review.health]}`;
    case "draft":
      return `${month}: ${REVIEW_STATE_LABELS.draft}`;
    case "due":
      return `${month} due ${formatDay(review.dueDay)}`;
    case "overdue":
      return `${month} overdue`;
  }
}

/** Since when the card is in its lane, in words: "In Sell since March 2026". */
export const inLaneWords = (lane: LifecycleLane, since: Date) =>
  `In ${laneLabel(lane)} since ${formatReviewMonth(since.toISOString().slice(0, 7))}`;

/** A stale card's flag in words: "Stale: no change since 3 Sept 2026". */
export const staleWords = (lastChangedAt: Date) =>
  `${STALE_LABEL}: no change since ${formatDay(lastChangedAt.toISOString())}`;

/** Where a review is read or written: the VBU's page for that month. */
export const reviewHref = (vbuId: string, review: ReviewState) => reviewPath(vbuId, monthParam(review.month));

export function VbuCard({ card, lane, canMove }: { card: BoardCard; lane: LifecycleLane; canMove: boolean }) {
  const total = PROOF_POINT_STATUSES.reduce((sum, status) => sum + card.counts[status], 0);
  return (
    <li
      className={`rounded-sm border border-slate-200 p-3 hover:border-blue-400${canMove ? " cursor-grab data-[dragging=true]:opacity-60" : ""}`}
      {...(canMove
        ? { draggable: true, "data-vbu-id": card.vbuId, "data-vbu-name": card.vbuName, "data-version": card.version }
        : {})}
    >
      {/* A plain link, not next/link: a client component per card costs every render. */}
      <a
        href={`/vbus/${card.vbuId}`}
        className={`font-medium text-blue-900 hover:underline ${TOUCH_TARGET} touch:justify-start`}
      >
        {card.vbuName}
      </a>
      {card.yours && (
        <span className="ml-2 rounded-sm bg-blue-50 px-1.5 py-0.5 text-xs font-medium text-blue-900">Yours</span>
      )}
      {card.productName && <p className="text-sm text-slate-700">{card.productName}</p>}
      <p className="text-xs text-slate-700">{`GM: ${card.gmName}`}</p>
      <p className="text-xs text-slate-700">{inLaneWords(lane, card.inLaneSince)}</p>
      {card.stale && (
        <p className="mt-1 rounded-sm border border-amber-300 bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900">
          <span aria-hidden>⏸ </span>
          {staleWords(card.lastChangedAt)}
        </p>
      )}
      <p className="mt-1 text-xs text-slate-800">{`Testing: ${card.currentlyTesting ?? "nothing chosen"}`}</p>
      {total > 0 && (
        <div
          aria-hidden
          className="mt-2 h-2 w-full rounded-sm"
          style={{ backgroundImage: barBackground(card.counts, total) }}
        />
      )}
      <p className="mt-1 text-xs text-slate-800">
        {total === 0
          ? "No proof points yet."
          : `Proof points: ${PROOF_POINT_STATUSES.map((s) => `${card.counts[s]} ${statusWord(s)}`).join(" · ")}`}
      </p>
      {card.overdue > 0 && (
        <p className="mt-2 rounded-sm border border-red-200 bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-800">
          {`⚠ ${card.overdue} overdue for review`}
        </p>
      )}
      <p className="mt-1 text-xs">
        <a
          href={reviewHref(card.vbuId, card.review)}
          className={`hover:underline ${card.review.state === "overdue" ? "font-medium text-red-800" : "text-blue-900"} ${TOUCH_TARGET} touch:justify-start`}
        >
          {card.review.state === "overdue" ? `⚠ ${reviewWords(card.review)}` : reviewWords(card.review)}
        </a>
      </p>
      {card.portfolioNotes && (
        <p className="mt-2 line-clamp-3 text-xs whitespace-pre-line text-slate-700">{`Portfolio notes: ${card.portfolioNotes}`}</p>
      )}
      {canMove && <MoveLaneControl card={card} />}
    </li>
  );
}

/**
 * Opens the keyboard way to move a card (a lane select and a Move button), which the board's
 * one client component renders here on demand (BoardMoveProvider): a form on every card would
 * cost every render of a big board, and clutter it.
 */
function MoveLaneControl({ card }: { card: BoardCard }) {
  return (
    <div data-move-slot className="mt-3 border-t border-slate-100 pt-2">
      <button
        type="button"
        data-move-open
        aria-expanded="false"
        className={`rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-800 hover:bg-slate-50 ${TOUCH_FIELD}`}
      >
        Move to another lane<span className="sr-only">{` (${card.vbuName})`}</span>
      </button>
    </div>
  );
}

/** Says once, for the whole board, which colour in the bars is which status. */
export function BarLegend() {
  return (
    <p className="mb-4 flex flex-wrap items-center gap-x-3 text-xs text-slate-700">
      <span>Proof point bars:</span>
      {PROOF_POINT_STATUSES.map((status) => (
        <span key={status} className="inline-flex items-center gap-1">
          <span
            aria-hidden
            className="inline-block size-2.5 rounded-sm"
            style={{ backgroundColor: STATUS_COLOUR[status] }}
          />
          {statusWord(status)}
        </span>
      ))}
    </p>
  );
}
