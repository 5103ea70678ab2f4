import { describe, expect, it } from "vitest";
import { DEMO_USERS, DEMO_VBUS, seedDemo } from "../../db/seed";
import type { Actor } from "../../lib/auth/roles";
import { LANES } from "../../lib/lanes";
import { listPortfolioByLane } from "../../lib/portfolio";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";

const viewer: Actor = { id: "00000000-0000-4000-8000-000000000000", role: "viewer" };

describe.each(ENGINES)("listPortfolioByLane on %s", (engine) => {
  const database = useAppDatabase(engine);

  it("answers the four lanes, each empty, for an empty portfolio, then the seeded VBUs by lane and name", async () => {
    const empty = await listPortfolioByLane(viewer);
    expect(empty.map((l) => l.lane)).toEqual(LANES.map((l) => l.lane));
    expect(empty.every((l) => l.cards.length === 0)).toBe(true);

    await seedDemo(database.current().db);
    const lanes = await listPortfolioByLane(viewer);
    for (const { lane, cards } of lanes) {
      const expected = DEMO_VBUS.filter((v) => v.lane === lane);
      expect(cards.map((c) => c.vbuName)).toEqual(expected.map((v) => v.name).sort());
      for (const card of cards) {
        const seed = expected.find((v) => v.name === card.vbuName)!;
        expect(card.productName).toBe(seed.product);
        expect(card.gmName).toBe(DEMO_USERS.find((u) => u.key === seed.gm)!.name);
        // Only what the page shows: no whole rows.
        expect(Object.keys(card).sort()).toEqual(["currentlyTesting", "gmName", "productName", "vbuId", "vbuName"]);
        // The seed points every canvas at something: the card says what, in words.
        expect(card.currentlyTesting).toEqual(expect.any(String));
      }
    }
  });
});
