import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, DEMO_VBUS, seedDemo } from "../../db/seed";
import { LANES } from "../../lib/lanes";
import { listPortfolioByLane } from "../../lib/portfolio";
import { ENGINES, type TestDatabase, createTestDatabase } from "../support/database";

describe.each(ENGINES)("listPortfolioByLane on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("answers the four lanes, each empty, for an empty portfolio", async () => {
    const lanes = await listPortfolioByLane(database.db);
    expect(lanes.map((l) => l.lane)).toEqual(LANES.map((l) => l.lane));
    expect(lanes.every((l) => l.cards.length === 0)).toBe(true);
  });

  it("groups the seeded VBUs by lane, by name within a lane, with their GM", async () => {
    await seedDemo(database.db);
    const lanes = await listPortfolioByLane(database.db);
    for (const { lane, cards } of lanes) {
      const expected = DEMO_VBUS.filter((v) => v.lane === lane);
      expect(cards.map((c) => c.vbuName)).toEqual(expected.map((v) => v.name).sort());
      for (const card of cards) {
        const seed = expected.find((v) => v.name === card.vbuName)!;
        expect(card.productName).toBe(seed.product);
        expect(card.gmName).toBe(DEMO_USERS.find((u) => u.key === seed.gm)!.name);
        // Only what the page shows: no whole rows.
        expect(Object.keys(card).sort()).toEqual(["gmName", "productName", "vbuId", "vbuName"]);
      }
    }
  });
});
