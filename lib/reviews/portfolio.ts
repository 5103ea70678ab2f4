import type { LifecycleLane, ReviewHealth } from "../../db/schema";

// How /reviews/{month} lists a lane: the VBUs that need attention first (overdue, due, draft,
// then published off track, at risk, on track; by name within each), and at most LANE_CAP of
// them unless the lane is opened (?lane=…), as the board does: a thousand rows is no overview.

export const LANE_CAP = 20;

/**
 * How many reviews awaiting acknowledgement the page lists: the oldest few (they have waited
 * longest), or, with the queue opened (?queue=all), at most AWAITING_LIMIT. The heading counts
 * them all either way: a capped list must not pass for the whole queue.
 */
export const AWAITING_SHOWN = 8;
export const AWAITING_LIMIT = 50;

type State = "overdue" | "due" | "draft" | "published";
const STATE_ORDER: Record<State, number> = { overdue: 0, due: 1, draft: 2, published: 3 };
const HEALTH_ORDER: Record<ReviewHealth, number> = { off_track: 0, at_risk: 1, on_track: 2 };

export interface LaneRow {
  vbuName: string;
  lane: LifecycleLane;
  state: State;
  health: ReviewHealth | null;
}

/** A lane's rows in attention order, capped unless `open`; with how many there are in all. */
export function laneView<R extends LaneRow>(rows: R[], lane: LifecycleLane, open: boolean) {
  const inLane = rows
    .filter((row) => row.lane === lane)
    .sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
        (a.health ? HEALTH_ORDER[a.health] : 3) - (b.health ? HEALTH_ORDER[b.health] : 3) ||
        a.vbuName.localeCompare(b.vbuName),
    );
  return { shown: open ? inLane : inLane.slice(0, LANE_CAP), total: inLane.length };
}
