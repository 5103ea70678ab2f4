import type { ReviewHealth, ReviewStatus } from "../../db/schema";

// The monthly review's words, months and deadlines, in one place for the server and the browser
// alike (the schemas, the writes, the board's SQL, the pages and the forms read them from here).
// Only types come from the database schema, so a client component importing this pulls in no
// database code. Months are UTC and written "YYYY-MM" in URLs, "YYYY-MM-01" in the database.

export const REVIEW_HEALTH_LABELS: Readonly<Record<ReviewHealth, string>> = {
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
};
export const REVIEW_HEALTHS = Object.keys(REVIEW_HEALTH_LABELS) as readonly ReviewHealth[];

export const REVIEW_STATUS_LABELS: Readonly<Record<ReviewStatus, string>> = {
  draft: "Draft",
  published: "Published",
};

/** The GM's narrative, in the order the editor and the read view list it. */
export const NARRATIVE_FIELDS = {
  learned: { label: "What we learned", hint: "What this month's work showed, good or bad." },
  decisions: { label: "Decisions taken", hint: "What you decided, and what you stopped." },
  asks: { label: "What we ask of the portfolio", hint: "Help, money or people, and by when." },
  nextFocus: { label: "Next month's focus", hint: "The one or two things next month is for." },
} as const;
export type NarrativeField = keyof typeof NARRATIVE_FIELDS;
export const NARRATIVE_FIELD_NAMES = Object.keys(NARRATIVE_FIELDS) as readonly NarrativeField[];

/** How long an acknowledgement comment may be. */
export const ACKNOWLEDGEMENT_MAX = 2000;

// ---------------------------------------------------------------------------- months

const MONTH_PARAM = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A URL's "YYYY-MM" as the month's first day, or null for anything malformed or impossible. */
export function monthOfParam(param: string): string | null {
  const match = MONTH_PARAM.exec(param);
  if (!match || match[1]! < "2000" || match[1]! > "2100") return null;
  return `${param}-01`;
}

/** "2026-11-01" → "2026-11", for URLs. */
export const monthParam = (month: string): string => month.slice(0, 7);

/** The first day of the month `offset` months from `now`'s, UTC ("YYYY-MM-01"). */
export function monthAt(now: Date, offset = 0): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

/** The day a month's review is due: the 7th of the month after, UTC ("YYYY-MM-07"). */
export function reviewDueDay(month: string): string {
  const [year, monthIndex] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, monthIndex, 7)).toISOString().slice(0, 10);
}

/** Past its due day (the whole 7th still counts as on time). */
export function isReviewOverdue(month: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) > reviewDueDay(month);
}

export const FUTURE_MONTH = "That month has not started yet: a review is written during its month or just after.";
export const CLOSED_MONTH =
  "Only this month's review and last month's can be written or changed: that month is closed.";

/** Which months a review may be started or written for: this month, or catching up on the last. */
export function monthRefusal(month: string, now: Date): string | null {
  if (month > monthAt(now)) return FUTURE_MONTH;
  if (month < monthAt(now, -1)) return CLOSED_MONTH;
  return null;
}

// ---------------------------------------------------------------------------- the board's review state

/** A review as the board needs it: its status and, once published, its health. */
export interface ReviewCell {
  status: ReviewStatus;
  health: ReviewHealth | null;
}

export type ReviewState =
  | { state: "published"; month: string; health: ReviewHealth }
  | { state: "draft"; month: string }
  | { state: "due"; month: string; dueDay: string }
  | { state: "overdue"; month: string };

export const REVIEW_STATE_LABELS: Readonly<Record<ReviewState["state"], string>> = {
  published: "Published",
  draft: "Draft",
  due: "Due",
  overdue: "Overdue",
};
export const REVIEW_STATES = Object.keys(REVIEW_STATE_LABELS) as readonly ReviewState["state"][];

/**
 * The review a VBU owes now, from its reviews of last month and this month. Last month's review
 * is the one that matters until it is published: due until the 7th, overdue after. Once it is
 * published, this month's review is the one in play (published, draft, or due by the 7th of next
 * month). The board filters by the same rule in SQL (lib/board/read.ts), and a test holds the two
 * together.
 */
export function reviewStateOf(
  reviews: { previous: ReviewCell | null; current: ReviewCell | null },
  now: Date,
): ReviewState {
  const previous = monthAt(now, -1);
  const current = monthAt(now);
  if (reviews.previous?.status !== "published") {
    if (isReviewOverdue(previous, now)) return { state: "overdue", month: previous };
    return cellState(previous, reviews.previous);
  }
  return cellState(current, reviews.current);
}

function cellState(month: string, cell: ReviewCell | null): ReviewState {
  if (cell?.status === "published") return { state: "published", month, health: cell.health! };
  if (cell?.status === "draft") return { state: "draft", month };
  return { state: "due", month, dueDay: reviewDueDay(month) };
}
