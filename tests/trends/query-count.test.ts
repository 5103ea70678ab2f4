// The trends load in a constant number of queries whatever the number of VBUs or entries (no
// query per month, VBU or proof point): four, and one more for the name of the GM filtered by.
// The SQL sent is the SQL trendsQueries builds (what a bench times with toSQL()).
import { randomUUID } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import type { TrendsFilters } from "../../lib/trends/filters";
import { getTrends, trendsQueries } from "../../lib/trends/read";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { type EntrySeed, historyOf, insertEntries, useTrendsDatabase } from "./support";

const NOW = new Date("2025-06-15T12:00:00Z");
const GM: Actor = { id: "00000000-0000-4000-8000-00000000000a", role: "gm" };

/** `count` VBUs of history: a canvas, a lane move, and 25 proof points each moving through the year; one deleted in March if told. */
function vbusOfHistory(count: number, deleteOne = false): EntrySeed[] {
  const entries: EntrySeed[] = [];
  for (let n = 0; n < count; n++) {
    const vbu = historyOf();
    entries.push(
      vbu.canvasAdded("2024-01-01T00:00:00Z", "build"),
      vbu.laneMoved("2024-11-02T10:00:00Z", "build", "sell"),
    );
    for (let p = 0; p < 25; p++) {
      const point = randomUUID();
      entries.push(
        vbu.pointAdded(point, "2024-05-01T00:00:00Z", "not_started"),
        vbu.statusChanged(point, "2024-09-15T00:00:00Z", "not_started", "in_progress"),
      );
    }
    if (deleteOne && n === 0) entries.push(vbu.vbuDeleted("2025-03-01T00:00:00Z", GM.id));
  }
  return entries;
}

const sqlOf = (actor: Actor, filters: TrendsFilters) =>
  Object.values(trendsQueries(drizzle.mock({ schema }), actor, filters, NOW))
    .map((query) => query.toSQL().sql)
    .sort();

describe.each(ENGINES)("the trends' query count on %s", (engine) => {
  const database = useTrendsDatabase(engine);

  async function countQueries(params: Record<string, string>) {
    const { result, queries } = await countingQueries(database.current(), () => getTrends(GM, params, NOW));
    return { trends: result, queries };
  }

  it("runs the same four queries for 2 VBUs as for 50, the SQL trendsQueries builds; five with a GM filter", async () => {
    await insertEntries(vbusOfHistory(2, true));
    const small = await countQueries({});
    const smallFiltered = await countQueries({ gm: GM.id, q: "VBU", mine: "1", lane: "sell" });
    expect(small.queries).toHaveLength(4);
    expect(smallFiltered.queries).toHaveLength(5);
    // Every VBU counted: the first is deleted in March.
    expect(small.trends.proofPoints[2]!.in_progress).toBe(50);
    expect(small.trends.proofPoints[8]!.in_progress).toBe(25);

    await insertEntries(vbusOfHistory(48));
    const large = await countQueries({});
    const largeFiltered = await countQueries({ gm: GM.id, q: "VBU", mine: "1", lane: "sell" });
    expect(large.queries).toHaveLength(4);
    expect(largeFiltered.queries).toHaveLength(5);
    expect(large.trends.proofPoints[2]!.in_progress).toBe(50 * 25);
    expect(large.trends.proofPoints[8]!.in_progress).toBe(49 * 25);
    expect(large.trends.lanes[11]).toEqual({ build: 0, sell: 49, milk: 0, reframe: 0 });
    expect(large.trends.moves[4]).toBe(50);

    expect([...large.queries].sort()).toEqual(sqlOf(GM, {}));
    const filtered = sqlOf(GM, { gm: GM.id, q: "VBU", mine: true, lane: "sell" });
    expect(largeFiltered.queries.filter((q) => filtered.includes(q))).toHaveLength(4);
  });
});
