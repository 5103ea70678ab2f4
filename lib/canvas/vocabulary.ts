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
