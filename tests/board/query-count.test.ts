// The board loads in a constant number of queries whatever the number of VBUs (no N+1): the
// app's database is wrapped in a Drizzle instance that counts every statement it runs. Three:
// the cards (with their counts and their reviews of last month and this month), the lanes'
// totals, the GMs for the filter; a GM's own cards, and a lane shown in full, one more each.
import { describe, expect, it } from "vitest";
import { monthFromNow } from "../../db/seed";
import type { Actor } from "../../lib/auth/roles";
import { BOARD_LANE_CAP, type BoardFilters } from "../../lib/board/filters";
import { getBoard } from "../../lib/board/read";
import { boardStatements } from "../../scripts/bench-queries";
import { useAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { insertHistory, insertReview, insertUser, insertVbu, laneMove } from "./support";

// The board's clock in the first test: the 5th, before last month's review is due; and the 8th, after.
const NOW = new Date(Date.UTC(2031, 2, 5, 12));
const LATER = new Date(Date.UTC(2031, 2, 8, 12));

describe.each(ENGINES)("the board's query count on %s", (engine) => {
  const database = useAppDatabase(engine);

  async function seedVbus(count: number, gmIds: string[]) {
    for (let n = 0; n < count; n++) {
      const { vbuId } = await insertVbu({
        gmId: gmIds[n % gmIds.length]!,
        lane: (["build", "sell", "milk", "reframe"] as const)[n % 4],
        productName: `Product ${n}`,
        portfolioNotes: n % 2 ? "Notes" : null,
        theses: [
          [
            ["in_progress", monthFromNow(-1, NOW)],
            ["observed", null],
          ],
          [["stalled", monthFromNow(2, NOW)]],
        ],
        testing: n % 2 ? 0 : [0, 1],
      });
      // History: every VBU moved lanes twice, and half of them last changed long before NOW
      // (stale), the rest just before; plus the factory's own entries.
      await insertHistory(
        vbuId,
        laneMove(new Date(Date.UTC(2030, 0, 1)), "build", "sell"),
        laneMove(new Date(Date.UTC(2030, 5, 1)), "sell", "milk"),
        {
          at: n % 2 ? new Date(Date.UTC(2030, 6, 1)) : new Date(Date.UTC(2031, 2, 1)),
          subject: "proof_point",
          changes: { status: ["not_started", "in_progress"] },
        },
      );
      // Reviews: a third published last month and this, a third with last month's draft, a third
      // with none (at NOW: published, draft, due; at LATER the last two are overdue).
      if (n % 3 === 0) {
        await insertReview(vbuId, monthFromNow(-1, NOW), "on_track");
        await insertReview(vbuId, monthFromNow(0, NOW), "at_risk");
      } else if (n % 3 === 1) {
        await insertReview(vbuId, monthFromNow(-1, NOW), "draft");
      }
    }
  }

  /** How many queries one board read runs, and how many VBUs it shows and counts. */
  async function countQueries(viewer: Actor, filters: BoardFilters = {}, now = NOW) {
    const { result: board, queries } = await countingQueries(database.current(), () =>
      getBoard(viewer, filters, { now }),
    );
    return {
      count: queries.length,
      shown: board.lanes.reduce((n, l) => n + l.cards.length, 0),
      matching: board.lanes.reduce((n, l) => n + l.total, 0),
    };
  }

  it("runs the same three queries for 3 VBUs as for 33, with or without filters, reviews and all", async () => {
    expect(BOARD_LANE_CAP).toBe(8); // the figures below assume it
    const viewer = await insertUser("viewer");
    const gms = [await insertUser("gm"), await insertUser("gm"), await insertUser("gm")].map((g) => g.id);
    await seedVbus(3, gms);
    const small = await countQueries(viewer);
    const smallFiltered = await countQueries(viewer, { gm: gms[0], status: "overdue", q: "Product" });
    expect(small).toEqual({ count: 3, shown: 3, matching: 3 });
    for (const review of ["published", "draft", "due"] as const) {
      expect(await countQueries(viewer, { review })).toEqual({ count: 3, shown: 1, matching: 1 });
    }
    expect(await countQueries(viewer, { review: "overdue" }, LATER)).toEqual({ count: 3, shown: 2, matching: 2 });
    expect(await countQueries(viewer, { stale: true })).toEqual({ count: 3, shown: 1, matching: 1 });

    await seedVbus(30, gms);
    const large = await countQueries(viewer);
    const largeFiltered = await countQueries(viewer, { gm: gms[0], status: "overdue", q: "Product" });
    // 33 VBUs over four lanes (9, 9, 8, 7): each lane shows its first BOARD_LANE_CAP (8).
    expect(large).toEqual({ count: 3, shown: 31, matching: 33 });
    expect(smallFiltered.count).toBe(3);
    expect(largeFiltered).toEqual({ count: 3, shown: 11, matching: 11 });
    // A third of the 33 in each review state, a few in each lane: every one shown.
    for (const review of ["published", "draft", "due"] as const) {
      expect(await countQueries(viewer, { review })).toEqual({ count: 3, shown: 11, matching: 11 });
    }
    expect(await countQueries(viewer, { review: "overdue" }, LATER)).toEqual({ count: 3, shown: 22, matching: 22 });
    // The second GM runs n = 1, 4, …, 31: the ones with last month's draft.
    expect(await countQueries(viewer, { gm: gms[1], review: "draft", q: "Product" })).toEqual({
      count: 3,
      shown: 11,
      matching: 11,
    });
    // Only stale VBUs: the odd n of each batch, 1 + 15, in Sell (9) and Reframe (7): 8 + 7 shown;
    // of them the second GM's (n % 3 = 1): 1 + 5.
    expect(await countQueries(viewer, { stale: true })).toEqual({ count: 3, shown: 15, matching: 16 });
    expect(await countQueries(viewer, { stale: true, gm: gms[1], q: "Product" })).toEqual({
      count: 3,
      shown: 6,
      matching: 6,
    });
    // Showing a lane in full reads it apart: one query more.
    expect(await countQueries(viewer, { lane: "build" })).toEqual({ count: 4, shown: 32, matching: 33 });
  });

  it("sends the very SQL the bench builds from the same query builders (scripts/bench-queries.ts)", async () => {
    const viewer = await insertUser("viewer");
    await seedVbus(1, [(await insertUser("gm")).id]);
    const { result: board, queries } = await countingQueries(database.current(), () => getBoard(viewer, {}));
    const shown = board.lanes.reduce((n, l) => n + l.cards.length, 0);
    expect(shown).toBeGreaterThan(0);
    const bench = boardStatements(new Date());
    expect([...queries].sort()).toEqual([bench.cards.sql, bench.totals.sql, bench.gms.sql].sort());
  });
});
