// "Overdue for review": one rule (lib/canvas/vocabulary.ts), applied by the canvas page to each
// proof point and by the board in SQL; both must mark the same proof points.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/roles";
import { getBoard } from "../../lib/board/read";
import { getCanvasPage } from "../../lib/canvas/read";
import { isOverdue, overdueCutoff } from "../../lib/canvas/vocabulary";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { actorOf } from "../support/session";
import { insertCanvas } from "./support";

const NOW = new Date(Date.UTC(2031, 5, 15, 12)); // 15 June 2031

describe("the overdue rule", () => {
  it("marks a month before this one, not this month (UTC)", () => {
    expect(isOverdue({ status: "in_progress", targetReviewMonth: "2031-05" }, NOW)).toBe(true);
    expect(isOverdue({ status: "not_started", targetReviewMonth: "2020-01" }, NOW)).toBe(true);
    expect(isOverdue({ status: "stalled", targetReviewMonth: "2031-06" }, NOW)).toBe(false);
    expect(isOverdue({ status: "stalled", targetReviewMonth: "2031-07" }, NOW)).toBe(false);
    // The first moment of July (UTC) is past June.
    expect(isOverdue({ status: "stalled", targetReviewMonth: "2031-06" }, new Date(Date.UTC(2031, 6, 1)))).toBe(true);
    expect(
      isOverdue({ status: "stalled", targetReviewMonth: "2031-06" }, new Date(Date.UTC(2031, 5, 30, 23, 59))),
    ).toBe(false);
  });

  it("never marks an observed proof point, nor one without a month", () => {
    expect(isOverdue({ status: "observed", targetReviewMonth: "2020-01" }, NOW)).toBe(false);
    expect(isOverdue({ status: "in_progress", targetReviewMonth: null }, NOW)).toBe(false);
  });

  it("reads a stored date as its month, and cuts at the first of this month", () => {
    expect(isOverdue({ status: "in_progress", targetReviewMonth: "2031-05-01" }, NOW)).toBe(true);
    expect(overdueCutoff(NOW)).toBe("2031-06-01");
    expect(overdueCutoff(new Date(Date.UTC(2031, 0, 1)))).toBe("2031-01-01");
  });
});

describe.each(ENGINES)("overdue on the canvas and the board on %s", (engine) => {
  useSeededAppDatabase(engine);
  let viewer: Actor;
  beforeAll(async () => {
    viewer = await actorOf("viewer");
  });

  it("marks the same proof points on the canvas page as the board counts", async () => {
    const canvas = await insertCanvas({
      gm: "ana",
      theses: [
        [
          "Thesis",
          [
            { description: "Last month", status: "in_progress", month: "2031-05" },
            { description: "This month", status: "in_progress", month: "2031-06" },
            { description: "Observed long ago", status: "observed", month: "2020-01" },
            { description: "No month", status: "stalled" },
            { description: "Years ago", status: "not_started", month: "2029-11" },
          ],
        ],
      ],
    });
    const page = await getCanvasPage(viewer, canvas.vbuId, { now: NOW });
    const marked = page.theses[0]!.proofPoints.filter((p) => p.overdue).map((p) => p.description);
    expect(marked).toEqual(["Last month", "Years ago"]);

    const board = await getBoard(viewer, { q: canvas.vbuName }, { now: NOW });
    const card = board.lanes.flatMap((l) => l.cards).find((c) => c.vbuId === canvas.vbuId);
    expect(card?.overdue).toBe(marked.length);
  });
});
