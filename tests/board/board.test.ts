// The board's query (lib/board/read.ts): cards in lanes, proof point counts by status,
// the overdue flag, the filters and the search. Each test makes its own GM and VBUs and reads
// the board filtered to that GM (or searched for its own names), so no test depends on another.
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { changeHistory, users } from "../../db/schema";
import { monthFromNow } from "../../db/seed";
import type { Actor } from "../../lib/auth/roles";
import { BOARD_LANE_CAP, type BoardFilters } from "../../lib/board/filters";
import { LANES } from "../../lib/canvas/vocabulary";
import { type Board, type BoardCard, getBoard, readBoard } from "../../lib/board/read";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { insertUser, insertVbu } from "./support";

const cards = (board: Board): BoardCard[] => board.lanes.flatMap((l) => l.cards);
const names = (board: Board) => cards(board).map((c) => c.vbuName);
const tag = () => randomUUID().slice(0, 8);

describe.each(ENGINES)("the board on %s", (engine) => {
  useAppDatabase(engine);
  let viewer: Actor;
  const read = async (filters: BoardFilters, now?: Date) => {
    viewer ??= await insertUser("viewer");
    return getBoard(viewer, filters, now ? { now } : {});
  };

  it("shows each card's product, GM, what it tests, notes and version, and counts its proof points by status", async () => {
    const gm = await insertUser("gm", `Gwen ${tag()}`);
    const counted = await insertVbu({
      name: "Counted",
      gmId: gm.id,
      productName: "Counted Product",
      portfolioNotes: "Review at Q3.",
      theses: [
        [
          ["not_started", null],
          ["not_started", null],
          ["in_progress", null],
        ],
        [
          ["observed", null],
          ["stalled", null],
        ],
      ],
      testing: [1, 0],
    });
    await insertVbu({ name: "Empty canvas", gmId: gm.id, lane: "sell" });
    await insertVbu({ name: "Testing a thesis", gmId: gm.id, lane: "milk", theses: [[]], testing: 0 });

    // As the triggers wrote it: the canvas's added entry put it in its lane; the last entry
    // (choosing what it tests) is its last change. tests/board/stale.test.ts has the rest.
    const history = await getDb()
      .select({ at: changeHistory.at, subject: changeHistory.subject, changes: changeHistory.changes })
      .from(changeHistory)
      .where(eq(changeHistory.vbuId, counted.vbuId))
      .orderBy(asc(changeHistory.id));
    const canvasAdded = history.find((e) => e.subject === "canvas" && "lifecycle_lane" in e.changes)!;
    expect(history.at(-1)!.changes).toHaveProperty("currently_testing_id");

    const now = new Date(Date.UTC(2031, 2, 4));
    const board = await read({ gm: gm.id }, now);
    expect(cards(board)).toEqual([
      {
        vbuId: counted.vbuId,
        vbuName: "Counted",
        productName: "Counted Product",
        gmName: expect.stringMatching(/^Gwen /),
        currentlyTesting: "Counted proof 2.1",
        portfolioNotes: "Review at Q3.",
        version: 1,
        counts: { not_started: 2, in_progress: 1, observed: 1, stalled: 1 },
        overdue: 0,
        yours: false,
        // No review yet: last month's is due by the 7th (tests/board/review-state.test.ts has the rest).
        review: { state: "due", month: "2031-02-01", dueDay: "2031-03-07" },
        inLaneSince: canvasAdded.at,
        lastChangedAt: history.at(-1)!.at,
        // In 2031, nothing of it changed since 2026: stale.
        stale: true,
      },
      expect.objectContaining({
        vbuName: "Empty canvas",
        productName: null,
        currentlyTesting: null,
        portfolioNotes: null,
        counts: { not_started: 0, in_progress: 0, observed: 0, stalled: 0 },
        overdue: 0,
      }),
      expect.objectContaining({ vbuName: "Testing a thesis", currentlyTesting: "Testing a thesis thesis 1" }),
    ]);
  });

  it("flags proof points past their target review month that are not observed", async () => {
    const now = new Date(); // one "now" for the months and the read: a test across midnight on the 1st holds
    const gm = await insertUser("gm");
    await insertVbu({
      name: "Late",
      gmId: gm.id,
      theses: [
        [
          ["in_progress", monthFromNow(-1, now)], // overdue
          ["stalled", monthFromNow(-24, now)], // overdue
          ["not_started", monthFromNow(-2, now)], // overdue
          ["observed", monthFromNow(-1, now)], // observed: never overdue
          ["in_progress", monthFromNow(0, now)], // this month: not yet
          ["not_started", monthFromNow(1, now)], // ahead
          ["stalled", null], // no review month
        ],
      ],
    });
    await insertVbu({
      name: "On time",
      gmId: gm.id,
      theses: [
        [
          ["observed", monthFromNow(-6, now)],
          ["in_progress", monthFromNow(2, now)],
        ],
      ],
    });
    const board = await read({ gm: gm.id }, now);
    expect(cards(board).map((c) => [c.vbuName, c.overdue])).toEqual([
      ["Late", 3],
      ["On time", 0],
    ]);
  });

  it("counts a proof point due this month as overdue once the month is over (UTC)", async () => {
    const gm = await insertUser("gm");
    const now = new Date(Date.UTC(2031, 4, 31, 23, 59, 59)); // the last second of May 2031
    await insertVbu({ name: "Due in May", gmId: gm.id, theses: [[["in_progress", "2031-05-01"]]] });
    expect(cards(await read({ gm: gm.id }, now))[0]!.overdue).toBe(0);
    expect(cards(await read({ gm: gm.id }, new Date(Date.UTC(2031, 5, 1))))[0]!.overdue).toBe(1);
  });

  it("puts every card in its lane, lanes in order and cards by name, and an empty lane has no cards", async () => {
    const gm = await insertUser("gm");
    for (const [name, lane] of [
      ["Zeta", "build"],
      ["alpha", "build"],
      ["Mid", "milk"],
    ] as const) {
      await insertVbu({ name, gmId: gm.id, lane });
    }
    const board = await read({ gm: gm.id });
    expect(board.lanes.map((l) => l.lane)).toEqual(LANES.map((l) => l.lane));
    // By name whatever the case (and the same on both engines, whatever their collation).
    expect(board.lanes.map((l) => l.cards.map((c) => c.vbuName))).toEqual([["alpha", "Zeta"], [], ["Mid"], []]);
  });

  it("filters by GM, and lists every GM of a VBU by name for the filter", async () => {
    const first = await insertUser("gm", `Aaron ${tag()}`);
    const second = await insertUser("gm", `Abigail ${tag()}`);
    const idle = await insertUser("gm", `Idle ${tag()}`);
    await insertVbu({ name: `First's ${tag()}`, gmId: first.id });
    await insertVbu({ name: `Second's ${tag()}`, gmId: second.id, lane: "reframe" });

    const board = await read({ gm: second.id });
    expect(cards(board).map((c) => c.gmName)).toEqual([expect.stringMatching(/^Abigail /)]);
    expect(board.lanes[3]!.cards).toHaveLength(1);
    const gmIds = board.gms.map((g) => g.id);
    expect(gmIds).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(gmIds).not.toContain(idle.id); // GM of nothing: nothing to filter by
    expect(gmIds.indexOf(first.id)).toBeLessThan(gmIds.indexOf(second.id)); // by name: Aaron, then Abigail
    expect(Object.keys(board.gms[0]!).sort()).toEqual(["id", "label"]);

    // Filtered by someone who runs no VBU (a link from before a reassignment): no cards, and
    // the filter still names them, so the form shows what the board is filtered by.
    const idleBoard = await read({ gm: idle.id });
    expect(cards(idleBoard)).toEqual([]);
    expect(idleBoard.gms.find((g) => g.id === idle.id)?.label).toBe(`${idle.name} (runs no VBUs now)`);
    // Not a viewer, though: nobody who could be a GM, so the page drops the filter.
    const viewer = await insertUser("viewer");
    expect((await read({ gm: viewer.id })).gms.map((g) => g.id)).not.toContain(viewer.id);
    // Nor someone disabled.
    const gone = await insertUser("gm");
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
    expect((await read({ gm: gone.id })).gms.map((g) => g.id)).not.toContain(gone.id);
  });

  it("answers the URL to go to instead of a board for an unclean URL or a GM filter for nobody who could be a GM", async () => {
    const gm = await insertUser("gm");
    await insertVbu({ name: "Kept", gmId: gm.id });
    viewer ??= await insertUser("viewer");
    const shown = await readBoard(viewer, { gm: gm.id, q: "Kept" });
    expect("board" in shown && names(shown.board)).toEqual(["Kept"]);
    expect(shown).toMatchObject({ filters: { gm: gm.id, q: "Kept" } });
    // One URL per view: what cannot be used is dropped before anything is read.
    expect(await readBoard(viewer, { q: "Kept", gm: "", status: "finished" })).toEqual({ redirectTo: "/board?q=Kept" });
    // Filtered by a viewer (nobody who could be a GM): the same view without that filter.
    const notGm = await insertUser("viewer");
    expect(await readBoard(viewer, { gm: notGm.id, q: "Kept" })).toEqual({ redirectTo: "/board?q=Kept" });
    // Someone who runs no VBU now but could: the filter stays (a shared link outliving a reassignment).
    const idle = await insertUser("gm");
    expect(await readBoard(viewer, { gm: idle.id })).toMatchObject({ filters: { gm: idle.id } });
  });

  it("tells two GMs of the same name apart by email in the filter", async () => {
    const name = `Sam ${tag()}`;
    const [one, two] = [await insertUser("gm", name), await insertUser("gm", name)];
    await insertVbu({ name: `One's ${tag()}`, gmId: one.id });
    await insertVbu({ name: `Two's ${tag()}`, gmId: two.id });
    const labels = new Map((await read({})).gms.map((g) => [g.id, g.label]));
    expect(labels.get(one.id)).toBe(`${name} (${one.email})`);
    expect(labels.get(two.id)).toBe(`${name} (${two.email})`);
  });

  it("filters by status: VBUs with at least one proof point in it, or overdue", async () => {
    const gm = await insertUser("gm");
    await insertVbu({ name: "Only observed", gmId: gm.id, theses: [[["observed", monthFromNow(-3)]]] });
    await insertVbu({
      name: "Mixed",
      gmId: gm.id,
      theses: [[["not_started", null]], [["stalled", monthFromNow(-1)]]],
    });
    await insertVbu({ name: "In progress", gmId: gm.id, lane: "sell", theses: [[["in_progress", monthFromNow(1)]]] });
    await insertVbu({ name: "Nothing yet", gmId: gm.id });

    const by = async (status: BoardFilters["status"]) => names(await read({ gm: gm.id, status })).sort();
    expect(await by("observed")).toEqual(["Only observed"]);
    expect(await by("not_started")).toEqual(["Mixed"]);
    expect(await by("stalled")).toEqual(["Mixed"]);
    expect(await by("in_progress")).toEqual(["In progress"]);
    expect(await by("overdue")).toEqual(["Mixed"]);
    expect(await by(undefined)).toEqual(["In progress", "Mixed", "Nothing yet", "Only observed"]);
  });

  it("searches VBU and product names, case-insensitively, taking wildcards literally", async () => {
    const mark = tag();
    const gm = await insertUser("gm");
    await insertVbu({ name: `Harbour ${mark}`, gmId: gm.id, productName: "Dock Planner" });
    await insertVbu({ name: `Quay ${mark}`, gmId: gm.id, productName: "HARBOUR Cranes", lane: "sell" });
    await insertVbu({ name: `Field ${mark}`, gmId: gm.id, productName: "100% Uptime" });
    await insertVbu({ name: `Other ${mark}`, gmId: gm.id, productName: "1000 Uptime_x" });

    const search = async (q: string) => names(await read({ gm: gm.id, q })).sort();
    expect(await search("harbour")).toEqual([`Harbour ${mark}`, `Quay ${mark}`]);
    expect(await search("dock plan")).toEqual([`Harbour ${mark}`]);
    expect(await search("100%")).toEqual([`Field ${mark}`]);
    expect(await search("_")).toEqual([`Other ${mark}`]);
    expect(await search("\\")).toEqual([]);
    expect(await search("no such thing")).toEqual([]);
    // The search alone (no GM filter) finds them across the portfolio too.
    expect(names(await read({ q: mark.toUpperCase() })).sort()).toEqual([
      `Field ${mark}`,
      `Harbour ${mark}`,
      `Other ${mark}`,
      `Quay ${mark}`,
    ]);
  });

  it("combines the filters: all of them must hold", async () => {
    const mark = tag();
    const gm = await insertUser("gm");
    const other = await insertUser("gm");
    await insertVbu({ name: `Kept ${mark}`, gmId: gm.id, theses: [[["stalled", null]]] });
    await insertVbu({ name: `Wrong status ${mark}`, gmId: gm.id, theses: [[["observed", null]]] });
    await insertVbu({ name: `Wrong GM ${mark}`, gmId: other.id, theses: [[["stalled", null]]] });
    await insertVbu({ name: `Wrong name`, gmId: gm.id, theses: [[["stalled", null]]] });
    expect(names(await read({ gm: gm.id, status: "stalled", q: mark }))).toEqual([`Kept ${mark}`]);
  });

  it("offers the lane controls to admins only", async () => {
    const admin = await insertUser("admin");
    const gm = await insertUser("gm");
    expect((await getBoard(admin, { gm: gm.id })).canMoveLanes).toBe(true);
    expect((await getBoard(gm, { gm: gm.id })).canMoveLanes).toBe(false);
    expect((await read({ gm: gm.id })).canMoveLanes).toBe(false);
  });

  it("shows a lane's first cards with its total, and every card when that lane is expanded", async () => {
    const gm = await insertUser("gm");
    const count = BOARD_LANE_CAP + 3;
    for (let n = 1; n <= count; n++) {
      await insertVbu({
        name: `Crowded ${String(n).padStart(2, "0")}`,
        gmId: gm.id,
        lane: "sell",
        theses: [[["stalled", null]]],
      });
    }
    await insertVbu({ name: "Alone", gmId: gm.id, lane: "milk" });

    const capped = await read({ gm: gm.id });
    const sell = capped.lanes[1]!;
    expect(sell.cards.map((c) => c.vbuName)).toEqual(
      Array.from({ length: BOARD_LANE_CAP }, (_, i) => `Crowded ${String(i + 1).padStart(2, "0")}`),
    );
    expect(sell).toMatchObject({ total: count, complete: false });
    expect(sell.cards.every((c) => c.counts.stalled === 1)).toBe(true);
    expect(capped.lanes[2]).toMatchObject({ total: 1, complete: true });
    expect(capped.lanes[0]).toMatchObject({ total: 0, complete: true, cards: [] });

    const expanded = await read({ gm: gm.id, lane: "sell" });
    expect(expanded.lanes[1]!.cards).toHaveLength(count);
    expect(expanded.lanes[1]).toMatchObject({ total: count, complete: true });
    expect(expanded.lanes[1]!.cards.every((c) => c.counts.stalled === 1)).toBe(true);
    expect(expanded.lanes[2]!.cards.map((c) => c.vbuName)).toEqual(["Alone"]);

    // The totals count what matches the filters, not what the lane holds.
    const searched = await read({ gm: gm.id, q: `Crowded ${String(count).padStart(2, "0")}` });
    expect(searched.lanes[1]).toMatchObject({ total: 1, complete: true });
  });

  describe("a GM's own VBUs", () => {
    /** A lane crowded past its cap with other people's VBUs, and one of this GM's named to sort last. */
    async function crowdedLane() {
      const mark = tag();
      const gm = await insertUser("gm");
      const other = await insertUser("gm");
      for (let n = 1; n <= BOARD_LANE_CAP + 1; n++) {
        await insertVbu({ name: `Alpha ${mark} ${String(n).padStart(2, "0")}`, gmId: other.id, lane: "sell" });
      }
      await insertVbu({ name: `Zulu ${mark}`, gmId: gm.id, lane: "sell" });
      await insertVbu({ name: `Yankee ${mark}`, gmId: gm.id, lane: "milk" });
      return { mark, gm, other };
    }

    it("come first in each lane for their GM, marked as theirs, so a crowded lane cannot hide them", async () => {
      const { mark, gm } = await crowdedLane();
      const board = await getBoard(gm, { q: mark });
      const sell = board.lanes[1]!;
      expect(sell).toMatchObject({ total: BOARD_LANE_CAP + 2, complete: false });
      expect(sell.cards).toHaveLength(BOARD_LANE_CAP);
      expect(sell.cards[0]).toMatchObject({ vbuName: `Zulu ${mark}`, yours: true });
      // After theirs, the rest by name as before.
      expect(sell.cards.slice(1).map((c) => c.vbuName)).toEqual(
        Array.from({ length: BOARD_LANE_CAP - 1 }, (_, i) => `Alpha ${mark} ${String(i + 1).padStart(2, "0")}`),
      );
      expect(sell.cards.slice(1).every((c) => !c.yours)).toBe(true);
      expect(board.yoursFirst).toBe(true);
      expect(board.youRunVbus).toBe(true);
    });

    it("are all the My VBUs filter keeps", async () => {
      const { mark, gm } = await crowdedLane();
      const board = await getBoard(gm, { q: mark, mine: true });
      expect(names(board)).toEqual([`Zulu ${mark}`, `Yankee ${mark}`]);
      expect(board.lanes[1]).toMatchObject({ total: 1, complete: true });
      // An admin who runs a VBU may choose it too.
      const admin = await insertUser("admin");
      await insertVbu({ name: `Admin's ${mark}`, gmId: admin.id, lane: "build" });
      expect(names(await getBoard(admin, { q: mark, mine: true }))).toEqual([`Admin's ${mark}`]);
    });

    it("change nothing for an admin or a viewer who does not choose the filter", async () => {
      const { mark, other } = await crowdedLane();
      const alphabetical = [
        ...Array.from({ length: BOARD_LANE_CAP }, (_, i) => `Alpha ${mark} ${String(i + 1).padStart(2, "0")}`),
        `Yankee ${mark}`,
      ];
      const admin = await insertUser("admin");
      await insertVbu({ name: `Zz admin's ${mark}`, gmId: admin.id, lane: "sell" });
      for (const actor of [admin, await insertUser("viewer")]) {
        const board = await getBoard(actor, { q: mark });
        expect(names(board)).toEqual(alphabetical);
        expect(cards(board).some((c) => c.yours)).toBe(false);
        expect(board.yoursFirst).toBe(false);
      }
      // The other GM's VBUs are first in the lane anyway; the board is theirs in the same order.
      expect(names(await getBoard(other, { q: mark }))).toEqual(alphabetical);
    });

    it("is a filter offered to those who run VBUs; a My VBUs link for anyone else shows the whole board", async () => {
      const { mark, gm } = await crowdedLane();
      expect(await readBoard(gm, { q: mark, mine: "1" })).toMatchObject({ filters: { q: mark, mine: true } });
      const viewer = await insertUser("viewer");
      expect((await getBoard(viewer, {})).youRunVbus).toBe(false);
      expect(await readBoard(viewer, { q: mark, mine: "1" })).toEqual({ redirectTo: `/board?q=${mark}` });
      const idle = await insertUser("gm");
      expect(await readBoard(idle, { mine: "1" })).toEqual({ redirectTo: "/board" });
    });
  });
});
