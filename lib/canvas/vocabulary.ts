import type { LifecycleLane, ProofPointStatus } from "../../db/schema";

// The canvas's words and limits, in one place for the server and the browser alike: the
// schemas, the writes, the pages and the client forms all read them from here. Only types come
// from the database schema, so a client component importing this pulls in no database code.

/** The lanes in the order the board reads them, with the words people use for them. */
export const LANES: readonly { lane: LifecycleLane; label: string; blurb: string }[] = [
  { lane: "build", label: "Build", blurb: "Finding a product people want" },
  { lane: "sell", label: "Sell", blurb: "Growing what works" },
  { lane: "milk", label: "Milk", blurb: "Harvesting steady returns" },
  { lane: "reframe", label: "Reframe", blurb: "Deciding what comes next" },
];

export const laneLabel = (lane: LifecycleLane): string => LANES.find((l) => l.lane === lane)!.label;

/** A proof point's statuses with their labels, in the order they are listed and counted. */
export const PROOF_POINT_STATUS_LABELS: Readonly<Record<ProofPointStatus, string>> = {
  not_started: "Not started",
  in_progress: "In progress",
  observed: "Observed",
  stalled: "Stalled",
};

export const PROOF_POINT_STATUSES = Object.keys(PROOF_POINT_STATUS_LABELS) as readonly ProofPointStatus[];

/** A status in running text ("2 in progress"). */
export const statusWord = (status: ProofPointStatus): string => PROOF_POINT_STATUS_LABELS[status].toLowerCase();

/** How many theses a canvas holds at most. */
export const MAX_THESES = 5;

/** Short text (VARCHAR(255) columns: product name, primary focus). */
export const SHORT_TEXT_MAX = 255;
/** Long text (TEXT columns): generous, but bounded so nobody can post megabytes. */
export const LONG_TEXT_MAX = 5000;

/**
 * "Overdue for review": past its target review month and not observed. The one rule the board
 * (its cards' open months, kept by drizzle/0016 and 0019, compared with overdueCutoff) and the
 * canvas (through isOverdue) apply: a proof point due this month is not overdue until the month
 * is over (UTC); one without a month, or observed, never is. tests/canvas/overdue.test.ts holds
 * the two together.
 */
export const NEVER_OVERDUE: ProofPointStatus = "observed";

/** The first day of `now`'s month (UTC, YYYY-MM-01): a review month before it has passed. */
export function overdueCutoff(now: Date = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

/** The rule on one proof point; its month as YYYY-MM or YYYY-MM-DD. */
export function isOverdue(
  point: { status: ProofPointStatus; targetReviewMonth: string | null },
  now: Date = new Date(),
): boolean {
  if (point.status === NEVER_OVERDUE || !point.targetReviewMonth) return false;
  return point.targetReviewMonth.slice(0, 7) < overdueCutoff(now).slice(0, 7);
}

/** A proof point past its review month, in words (the board's filter and flag, the canvas's mark). */
export const OVERDUE_LABEL = "Overdue for review";
