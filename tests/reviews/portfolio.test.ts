// /reviews/{month} lists each lane with what needs attention first, capped like the board.
import { describe, expect, it } from "vitest";
import { LANE_CAP, laneView } from "../../lib/reviews/portfolio";

const row = (
  vbuName: string,
  state: "overdue" | "due" | "draft" | "published",
  health = null as null | "on_track" | "at_risk" | "off_track",
  lane = "build" as const,
) => ({ vbuName, lane, state, health });

describe("a lane of the portfolio's reviews", () => {
  it("puts overdue, due and drafts first, then published off track, at risk, on track, by name", () => {
    const rows = [
      row("Alpha", "published", "on_track"),
      row("Bravo", "published", "off_track"),
      row("Charlie", "draft"),
      row("Delta", "overdue"),
      row("Echo", "published", "at_risk"),
      row("Foxtrot", "due"),
      row("Golf", "overdue"),
      { ...row("Hotel", "overdue"), lane: "sell" as const },
    ];
    expect(laneView(rows, "build", false).shown.map((r) => r.vbuName)).toEqual([
      "Delta",
      "Golf",
      "Foxtrot",
      "Charlie",
      "Bravo",
      "Echo",
      "Alpha",
    ]);
    expect(laneView(rows, "sell", false)).toEqual({ shown: [rows[7]], total: 1 });
  });

  it("shows at most LANE_CAP rows unless the lane is opened, and says how many there are", () => {
    const rows = Array.from({ length: LANE_CAP + 5 }, (_, n) =>
      row(`VBU ${String(n).padStart(3, "0")}`, "published", "on_track"),
    );
    expect(laneView(rows, "build", false)).toMatchObject({ total: LANE_CAP + 5 });
    expect(laneView(rows, "build", false).shown).toHaveLength(LANE_CAP);
    expect(laneView(rows, "build", true).shown).toHaveLength(LANE_CAP + 5);
  });
});
