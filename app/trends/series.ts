import type { LifecycleLane, ProofPointStatus } from "@/db/schema";
import { LANES, PROOF_POINT_STATUS_LABELS, PROOF_POINT_STATUSES } from "@/lib/canvas/vocabulary";
import type { ChartSeries, FillPattern } from "./chart";

// The trends' series: their words from the vocabulary, in its order, each with a colour and a pattern.

// The board's status colours (app/board/card.tsx: Tailwind's slate-500, blue-600, green-600,
// amber-500), each with a pattern, so colour is never the only cue.
const STATUS_FILL: Record<ProofPointStatus, [string, FillPattern]> = {
  not_started: ["#62748e", "solid"],
  in_progress: ["#155dfc", "stripes"],
  observed: ["#00a544", "dots"],
  stalled: ["#f99c00", "crosshatch"],
};

// Tailwind's violet-600, cyan-700, emerald-700 and rose-600.
const LANE_FILL: Record<LifecycleLane, [string, FillPattern]> = {
  build: ["#7f22fe", "solid"],
  sell: ["#007595", "stripes"],
  milk: ["#007a55", "dots"],
  reframe: ["#ec003f", "crosshatch"],
};

export const STATUS_SERIES: ChartSeries[] = PROOF_POINT_STATUSES.map((status) => ({
  key: status,
  label: PROOF_POINT_STATUS_LABELS[status],
  colour: STATUS_FILL[status][0],
  pattern: STATUS_FILL[status][1],
}));

export const LANE_SERIES: ChartSeries[] = LANES.map(({ lane, label }) => ({
  key: lane,
  label,
  colour: LANE_FILL[lane][0],
  pattern: LANE_FILL[lane][1],
}));

export const MOVE_SERIES: ChartSeries[] = [{ key: "moves", label: "Lane moves", colour: "#314158", pattern: "solid" }];
