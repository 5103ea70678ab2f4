import { describe, expect, it } from "vitest";
import { DEMO_USERS, DEMO_VBUS, seedDemo } from "../../db/seed";
import type { Actor } from "../../lib/auth/roles";
import { LANES } from "../../lib/canvas/vocabulary";
import { getBoard } from "../../lib/board/read";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";

const viewer: Actor = { id: "00000000-0000-4000-8000-000000000000", role: "viewer" };

describe.each(ENGINES)("getBoard on %s", (engine) => {
  const database = useAppDatabase(engine);

  it("answers the four lanes, each empty, for an empty database, then the seeded VBUs by lane and name", async () => {
    const empty = await getBoard(viewer);
    expect(empty.lanes.map((l) => l.lane)).toEqual(LANES.map((l) => l.lane));
    expect(empty.lanes.every((l) => l.cards.length === 0)).toBe(true);
    expect(empty.gms).toEqual([]);

    await seedDemo(database.current().db);
    const board = await getBoard(viewer);
    for (const { lane, cards } of board.lanes) {
      const expected = DEMO_VBUS.filter((v) => v.lane === lane);
      expect(cards.map((c) => c.vbuName)).toEqual(expected.map((v) => v.name).sort());
      for (const card of cards) {
        const seed = expected.find((v) => v.name === card.vbuName)!;
        expect(card.productName).toBe(seed.product);
        expect(card.gmName).toBe(DEMO_USERS.find((u) => u.key === seed.gm)!.name);
        expect(card.portfolioNotes).toBe(seed.notes);
        // Only what the page shows: no whole rows.
        expect(Object.keys(card).sort()).toEqual([
          "counts",
          "currentlyTesting",
          "gmName",
          "inLaneSince", // from the change history (tests/board/stale.test.ts)
          "lastChangedAt",
          "overdue",
          "portfolioNotes",
          "productName",
          "review", // the monthly review the VBU owes now (tests/board/review-state.test.ts)
          "stale",
          "vbuId",
          "vbuName",
          "version",
          "yours", // "Yours" on the signed-in GM's own cards
        ]);
        expect([card.inLaneSince, card.lastChangedAt, card.stale]).toEqual([
          expect.any(Date),
          expect.any(Date),
          expect.any(Boolean),
        ]);
        // The seed points every canvas at something: the card says what, in words.
        expect(card.currentlyTesting).toEqual(expect.any(String));
        // Its proof points, counted by status.
        const statuses = seed.theses.flatMap(([, points]) => points.map(([, status]) => status));
        expect(Object.values(card.counts).reduce((a, b) => a + b, 0)).toBe(statuses.length);
        expect(card.counts.observed).toBe(statuses.filter((s) => s === "observed").length);
      }
    }
    // The GM filter lists the three demo GMs by name.
    expect(board.gms.map((g) => g.label)).toEqual(["Ana Silva", "Ben Okafor", "Chloé Martin"]);
  });
});
