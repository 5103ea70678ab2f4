// The trends, reconstructed from the change history (lib/trends/read.ts): entries written at
// chosen times, and the counts at each month's end read back exactly. NOW is in the past, so
// the entries the factories' own writes leave (at the real time) are after it and not counted.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { LifecycleLane, ProofPointStatus } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import type { SearchParams } from "../../lib/board/filters";
import { LANES, PROOF_POINT_STATUSES } from "../../lib/canvas/vocabulary";
import { getTrends, type Trends } from "../../lib/trends/read";
import { createPerson, createVbu } from "../factories";
import { ENGINES } from "../support/database";
import { historyOf, insertEntries, useTrendsDatabase } from "./support";

// Months 2024-07 (index 0) … 2025-06 (index 11, so far).
const NOW = new Date("2025-06-15T12:00:00Z");
const VIEWER: Actor = { id: "00000000-0000-4000-8000-000000000000", role: "viewer" };

/** Each month's proof points as [not started, in progress, observed, stalled]. */
const byStatus = (trends: Trends) => trends.proofPoints.map((c) => PROOF_POINT_STATUSES.map((s) => c[s]));
/** Each month's VBUs as [build, sell, milk, reframe]. */
const byLane = (trends: Trends) => trends.lanes.map((c) => LANES.map(({ lane }) => c[lane]));
const totals = (trends: Trends) => trends.proofPoints.map((c) => PROOF_POINT_STATUSES.reduce((n, s) => n + c[s], 0));
/** `n` months of `a`, then the rest of `b`. */
const months = (n: number, a: number, b: number) => [...Array<number>(n).fill(a), ...Array<number>(12 - n).fill(b)];

describe.each(ENGINES)("the trends' reconstruction on %s", (engine) => {
  useTrendsDatabase(engine);

  it("counts each proof point in its status at each month's end: moves across month ends, added, deleted, its VBU deleted", async () => {
    const v1 = historyOf();
    const v2 = historyOf();
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await insertEntries([
      v1.pointAdded(a, "2024-03-10T09:00:00Z", "not_started"), // before the period: its state carries in
      v1.pointEdited(a, "2024-07-05T00:00:00Z"), // no status: no effect
      v1.statusChanged(a, "2024-08-31T23:59:59Z", "not_started", "in_progress"), // August's last second
      // Written out of time order: the time decides, not the order of writing.
      v1.statusChanged(a, "2024-09-20T10:00:00Z", "observed", "stalled"),
      v1.statusChanged(a, "2024-09-01T00:00:00Z", "in_progress", "observed"), // September's first: overtaken
      v1.statusChanged(a, "2025-06-20T10:00:00Z", "stalled", "not_started"), // after now: not counted
      v1.pointAdded(b, "2025-01-15T10:00:00Z", "in_progress"), // added mid-year
      v1.pointDeleted(b, "2025-04-02T10:00:00Z", "in_progress"),
      // Two entries at the same instant: the one written last is the latest.
      v1.pointAdded(d, "2024-10-10T10:00:00Z", "not_started"),
      v1.statusChanged(d, "2024-10-10T10:00:00Z", "not_started", "in_progress"),
      v2.pointAdded(c, "2024-05-01T10:00:00Z", "observed"),
      v2.vbuDeleted("2025-02-10T10:00:00Z", randomUUID()), // its VBU goes: so does it
    ]);
    const trends = await getTrends(VIEWER, {}, NOW);
    expect(trends.months.map((m) => m.month)).toEqual([
      "2024-07-01",
      "2024-08-01",
      "2024-09-01",
      "2024-10-01",
      "2024-11-01",
      "2024-12-01",
      "2025-01-01",
      "2025-02-01",
      "2025-03-01",
      "2025-04-01",
      "2025-05-01",
      "2025-06-01",
    ]);
    expect(trends.months.map((m) => m.soFar)).toEqual([...Array<boolean>(11).fill(false), true]);
    expect(byStatus(trends)).toEqual([
      [1, 0, 1, 0], // Jul: a not started, c observed
      [0, 1, 1, 0], // Aug: a in progress
      [0, 0, 1, 1], // Sep: a stalled (its last entry that month)
      [0, 1, 1, 1], // Oct: d in progress
      [0, 1, 1, 1],
      [0, 1, 1, 1],
      [0, 2, 1, 1], // Jan: b added
      [0, 2, 0, 1], // Feb: c's VBU deleted
      [0, 2, 0, 1],
      [0, 1, 0, 1], // Apr: b deleted
      [0, 1, 0, 1],
      [0, 1, 0, 1], // Jun so far: a's change after now not yet
    ]);
  });

  it("counts each VBU in its lane at each month's end, and the lane moves of the period with who and when", async () => {
    const v1 = historyOf(randomUUID(), "Harbor");
    const v2 = historyOf(randomUUID(), "Quay");
    const v3 = historyOf(randomUUID(), "Reef");
    const v4 = historyOf(randomUUID(), "Shoal");
    await insertEntries([
      v1.canvasAdded("2024-01-01T00:00:00Z", "build"),
      v1.laneMoved("2024-12-05T10:00:00Z", "build", "sell", "Ana Silva"),
      v1.laneMoved("2025-06-01T08:00:00Z", "sell", "milk", "Ben Okafor"),
      v2.canvasAdded("2024-02-01T00:00:00Z", "build"),
      v2.laneMoved("2024-06-30T23:59:59Z", "build", "sell"), // before the period: not a move of it
      v2.vbuDeleted("2025-02-10T10:00:00Z", randomUUID()),
      v3.canvasAdded("2025-03-03T10:00:00Z", "reframe"),
      v4.canvasAdded("2024-01-01T00:00:00Z", "build"),
      v4.canvasDeleted("2024-11-15T10:00:00Z", "build"),
    ]);
    const trends = await getTrends(VIEWER, {}, NOW);
    expect(byLane(trends)).toEqual([
      [2, 1, 0, 0], // Jul: Harbor and Shoal in build, Quay in sell
      [2, 1, 0, 0],
      [2, 1, 0, 0],
      [2, 1, 0, 0],
      [1, 1, 0, 0], // Nov: Shoal's canvas deleted
      [0, 2, 0, 0], // Dec: Harbor to sell
      [0, 2, 0, 0],
      [0, 1, 0, 0], // Feb: Quay deleted
      [0, 1, 0, 1], // Mar: Reef added in reframe
      [0, 1, 0, 1],
      [0, 1, 0, 1],
      [0, 0, 1, 1], // Jun: Harbor to milk
    ]);
    expect(trends.moves).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(trends.latestMoves).toEqual([
      {
        vbuId: v1.vbuId,
        vbuName: "Harbor",
        from: "sell",
        to: "milk",
        at: "2025-06-01T08:00:00.000Z",
        actorName: "Ben Okafor",
      },
      {
        vbuId: v1.vbuId,
        vbuName: "Harbor",
        from: "build",
        to: "sell",
        at: "2024-12-05T10:00:00.000Z",
        actorName: "Ana Silva",
      },
    ]);
  });

  it("lists at most the 20 latest lane moves, newest first, and counts them all", async () => {
    const v = historyOf(randomUUID(), "Busy");
    const lanes: LifecycleLane[] = ["build", "sell"];
    await insertEntries(
      Array.from({ length: 25 }, (_, n) =>
        v.laneMoved(`2025-05-${String(n + 1).padStart(2, "0")}T10:00:00Z`, lanes[n % 2]!, lanes[(n + 1) % 2]!),
      ),
    );
    const trends = await getTrends(VIEWER, {}, NOW);
    expect(trends.moves).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25, 0]);
    expect(trends.latestMoves.map((m) => m.at.slice(0, 10))).toEqual(
      Array.from({ length: 20 }, (_, n) => `2025-05-${String(25 - n).padStart(2, "0")}`),
    );
  });

  it("reads an empty history as zeroes in every month", async () => {
    const trends = await getTrends(VIEWER, {}, NOW);
    expect(byStatus(trends)).toEqual(Array.from({ length: 12 }, () => [0, 0, 0, 0]));
    expect(byLane(trends)).toEqual(Array.from({ length: 12 }, () => [0, 0, 0, 0]));
    expect(trends.moves).toEqual(Array<number>(12).fill(0));
    expect(trends.latestMoves).toEqual([]);
  });
});

describe.each(ENGINES)("the trends' filters on %s", (engine) => {
  useTrendsDatabase(engine);

  /**
   * Harbor Logistics (GM one, product Dock, now in sell), Quay Works (GM two, now in build), and
   * Harbor Old (GM one, product Pier, in sell, deleted in January): a proof point each from before
   * the period, and a lane move each, in October, November and December.
   */
  async function seed() {
    const db = getDb();
    const one = await createPerson(db, { role: "gm", name: "Gemma One" });
    const two = await createPerson(db, { role: "gm", name: "Gus Two" });
    const x = await createVbu(db, {
      name: "Harbor Logistics",
      gmId: one.id,
      lane: "sell",
      canvas: { productName: "Dock" },
    });
    const y = await createVbu(db, { name: "Quay Works", gmId: two.id, lane: "build" });
    const hx = historyOf(x.vbuId, x.name);
    const hy = historyOf(y.vbuId, y.name);
    const hz = historyOf(randomUUID(), "Harbor Old");
    const point = (status: ProofPointStatus) => [randomUUID(), "2024-03-01T00:00:00Z", status] as const;
    const zPoint = point("stalled");
    await insertEntries([
      hx.canvasAdded("2024-01-01T00:00:00Z", "build", "Dock"),
      hx.pointAdded(...point("not_started")),
      hx.laneMoved("2024-10-01T10:00:00Z", "build", "sell"),
      hy.canvasAdded("2024-01-01T00:00:00Z", "sell"),
      hy.pointAdded(...point("observed")),
      hy.laneMoved("2024-11-01T10:00:00Z", "sell", "build"),
      hz.canvasAdded("2024-01-01T00:00:00Z", "build", "Pier"),
      hz.pointAdded(...zPoint),
      hz.laneMoved("2024-12-01T10:00:00Z", "build", "sell"),
      hz.pointDeleted(zPoint[0], "2025-01-10T10:00:00Z", "stalled"),
      hz.canvasDeleted("2025-01-10T10:00:00Z", "sell", "Pier"),
      hz.vbuDeleted("2025-01-10T10:00:00Z", one.id),
    ]);
    return { one, two };
  }

  const read = (params: SearchParams, actor: Actor = VIEWER) => getTrends(actor, params, NOW);
  /** What a read counted: proof points per month, VBUs per month, moves per month. */
  const shape = (trends: Trends) => ({
    points: totals(trends),
    vbus: byLane(trends).map((lanes) => lanes.reduce((a, b) => a + b, 0)),
    moves: trends.moves,
  });
  const HARBORS = { points: months(6, 2, 1), vbus: months(6, 2, 1), moves: [0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0] };
  const HARBOR = { points: months(6, 1, 1), vbus: months(6, 1, 1), moves: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] };
  const QUAY = { points: months(6, 1, 1), vbus: months(6, 1, 1), moves: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0] };
  const OLD = { points: months(6, 1, 0), vbus: months(6, 1, 0), moves: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0] };

  it("counts every VBU without filters, a deleted one until it went", async () => {
    await seed();
    const trends = await read({});
    expect(shape(trends)).toEqual({
      points: months(6, 3, 2),
      vbus: months(6, 3, 2),
      moves: [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    });
    expect(trends.filters).toEqual({});
    expect(trends.gmName).toBeNull();
  });

  it("counts a GM's VBUs, a deleted one by its GM when it was deleted, and names the GM", async () => {
    const { one, two } = await seed();
    const trends = await read({ gm: one.id });
    expect(shape(trends)).toEqual(HARBORS);
    expect(trends.gmName).toBe("Gemma One");
    expect(trends.filters).toEqual({ gm: one.id });
    expect(shape(await read({ gm: one.id.toUpperCase() }))).toEqual(HARBORS);
    expect(shape(await read({ gm: two.id }))).toEqual(QUAY);
  });

  it("searches the VBU's name and product name, a deleted one's as they were, any case", async () => {
    await seed();
    expect(shape(await read({ q: "harbor" }))).toEqual(HARBORS);
    expect(shape(await read({ q: "DOCK" }))).toEqual(HARBOR);
    expect(shape(await read({ q: "pier" }))).toEqual(OLD);
    expect(shape(await read({ q: "Old" }))).toEqual(OLD);
    expect(shape(await read({ q: "Harbor", gm: randomUUID() }))).toEqual(NOTHING);
  });

  it("counts the signed-in GM's own VBUs with mine=1", async () => {
    const { one, two } = await seed();
    expect(shape(await read({ mine: "1" }, { id: two.id, role: "gm" }))).toEqual(QUAY);
    expect(shape(await read({ mine: "1" }, { id: one.id, role: "gm" }))).toEqual(HARBORS);
    expect(shape(await read({ mine: "1" }, VIEWER))).toEqual(NOTHING);
  });

  it("counts the VBUs now in a lane (a deleted one by its last lane)", async () => {
    await seed();
    expect(shape(await read({ lane: "build" }))).toEqual(QUAY);
    expect(shape(await read({ lane: "sell" }))).toEqual(HARBORS);
    expect(shape(await read({ lane: "milk" }))).toEqual(NOTHING);
  });

  it("combines filters", async () => {
    const { one } = await seed();
    expect(shape(await read({ gm: one.id, q: "dock" }))).toEqual(HARBOR);
    expect(shape(await read({ gm: one.id, lane: "build" }))).toEqual(NOTHING);
  });

  it("ignores the board's filters that describe a VBU now (status, review), and unusable ones", async () => {
    await seed();
    const all = shape(await read({}));
    for (const params of [
      { status: "stalled", review: "overdue" },
      { gm: "not-a-uuid", lane: "sideways", mine: "yes", q: "   " },
      { q: "a\u0000b" },
      { q: "x".repeat(101) },
      { gm: "'; DROP TABLE change_history; --" },
    ]) {
      const trends = await read(params);
      expect(trends.filters).toEqual({});
      expect(shape(trends)).toEqual(all);
    }
  });

  it("takes a search literally: wildcards and quotes match themselves", async () => {
    await seed();
    for (const q of ["%", "_", "' OR 1=1 --", "Harbor%", "\\"]) {
      const trends = await read({ q });
      expect(trends.filters).toEqual({ q });
      expect(shape(trends)).toEqual(NOTHING);
    }
    // A repeated parameter: the first counts, as on the board.
    expect(shape(await read({ q: ["dock", "pier"] }))).toEqual(HARBOR);
  });
});

const NOTHING = { points: months(12, 0, 0), vbus: months(12, 0, 0), moves: months(12, 0, 0) };
