// The review state on the board (lib/board/read.ts): each card's state comes from reviewStateOf
// (lib/reviews/vocabulary.ts), and the ?review= filter from the same rule written in SQL. The
// two are held together here for every combination of last month's and this month's reviews,
// at clocks on either side of the due day, on both engines.
import { describe, expect, it } from "vitest";
import type { ReviewHealth } from "../../db/schema";
import type { BoardFilters, BoardReviewFilter } from "../../lib/board/filters";
import { type Board, type BoardCard, getBoard, readBoard } from "../../lib/board/read";
import { monthAt, REVIEW_STATES } from "../../lib/reviews/vocabulary";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { insertReview, insertUser, insertVbu } from "./support";

const cards = (board: Board): BoardCard[] => board.lanes.flatMap((l) => l.cards);

/** A month's review as seeded: none, a draft, or published with a health call. */
type Seeded = "none" | "draft" | ReviewHealth;
const SEEDS: Seeded[] = ["none", "draft", "at_risk"];

const CLOCKS = {
  // Across a year's end: last month is December.
  "on the 3rd": new Date(Date.UTC(2031, 0, 3, 12)),
  // The whole 7th is on time…
  "on the 7th": new Date(Date.UTC(2031, 2, 7, 23, 59, 59, 999)),
  // …and the 8th is late.
  "on the 8th": new Date(Date.UTC(2031, 2, 8)),
  "on the last day of a month": new Date(Date.UTC(2031, 4, 31, 23, 59, 59)),
};

describe.each(ENGINES)("the board's review state on %s", (engine) => {
  useAppDatabase(engine);

  /** A GM with one VBU for each pair of last month's and this month's reviews at `now`, named by the pair. */
  async function everyPair(now: Date) {
    const gm = await insertUser("gm");
    const [previous, current] = [monthAt(now, -1), monthAt(now)];
    const lanes = ["build", "sell", "milk", "reframe"] as const;
    let n = 0;
    for (const before of SEEDS) {
      for (const after of SEEDS) {
        const { vbuId } = await insertVbu({ name: `${before}/${after}`, gmId: gm.id, lane: lanes[n++ % 4] });
        if (before !== "none") await insertReview(vbuId, previous, before);
        if (after !== "none") await insertReview(vbuId, current, after);
      }
    }
    return gm;
  }

  it.each(Object.entries(CLOCKS))("filters %s to exactly the VBUs whose card shows that state", async (_, now) => {
    const gm = await everyPair(now);
    const read = (filters: BoardFilters) => getBoard(gm, { gm: gm.id, ...filters }, { now });
    const all = cards(await read({}));
    expect(all).toHaveLength(SEEDS.length ** 2);
    for (const review of REVIEW_STATES) {
      const filtered = await read({ review });
      const shown = cards(filtered).map((c) => c.vbuName);
      expect(shown.sort(), review).toEqual(
        all
          .filter((c) => c.review.state === review)
          .map((c) => c.vbuName)
          .sort(),
      );
      // The lane totals count what the filter keeps, as for the other filters.
      expect(filtered.lanes.reduce((sum, lane) => sum + lane.total, 0)).toBe(shown.length);
      for (const card of cards(filtered)) expect(card.review.state).toBe(review);
    }
  });

  it("shows on each card the review the VBU owes: last month's until published, then this month's", async () => {
    const states = async (now: Date) => {
      const gm = await everyPair(now);
      const board = await getBoard(gm, { gm: gm.id }, { now });
      return Object.fromEntries(cards(board).map((c) => [c.vbuName, c.review]));
    };
    // Before the 7th: last month's review is due, or a draft; once it is published, this month's is in play.
    expect(await states(new Date(Date.UTC(2031, 2, 5, 9)))).toEqual({
      "none/none": { state: "due", month: "2031-02-01", dueDay: "2031-03-07" },
      "none/draft": { state: "due", month: "2031-02-01", dueDay: "2031-03-07" },
      "none/at_risk": { state: "due", month: "2031-02-01", dueDay: "2031-03-07" },
      "draft/none": { state: "draft", month: "2031-02-01" },
      "draft/draft": { state: "draft", month: "2031-02-01" },
      "draft/at_risk": { state: "draft", month: "2031-02-01" },
      "at_risk/none": { state: "due", month: "2031-03-01", dueDay: "2031-04-07" },
      "at_risk/draft": { state: "draft", month: "2031-03-01" },
      "at_risk/at_risk": { state: "published", month: "2031-03-01", health: "at_risk" },
    });
    // After the 7th (here across a year's end): last month's review, unpublished, is overdue.
    expect(await states(new Date(Date.UTC(2032, 0, 8)))).toEqual({
      "none/none": { state: "overdue", month: "2031-12-01" },
      "none/draft": { state: "overdue", month: "2031-12-01" },
      "none/at_risk": { state: "overdue", month: "2031-12-01" },
      "draft/none": { state: "overdue", month: "2031-12-01" },
      "draft/draft": { state: "overdue", month: "2031-12-01" },
      "draft/at_risk": { state: "overdue", month: "2031-12-01" },
      "at_risk/none": { state: "due", month: "2032-01-01", dueDay: "2032-02-07" },
      "at_risk/draft": { state: "draft", month: "2032-01-01" },
      "at_risk/at_risk": { state: "published", month: "2032-01-01", health: "at_risk" },
    });
  });

  it("reads the health of a published review, and ignores reviews of other months", async () => {
    const now = new Date(Date.UTC(2031, 6, 15));
    const gm = await insertUser("gm");
    const read = async () =>
      Object.fromEntries(cards(await getBoard(gm, { gm: gm.id }, { now })).map((c) => [c.vbuName, c.review]));
    const onTrack = await insertVbu({ name: "On track", gmId: gm.id });
    await insertReview(onTrack.vbuId, "2031-06-01", "at_risk");
    await insertReview(onTrack.vbuId, "2031-07-01", "on_track");
    const offTrack = await insertVbu({ name: "Off track", gmId: gm.id });
    await insertReview(offTrack.vbuId, "2031-06-01", "on_track");
    await insertReview(offTrack.vbuId, "2031-07-01", "off_track");
    // Reviews two months back and next month count for nothing now.
    const stale = await insertVbu({ name: "Stale", gmId: gm.id });
    await insertReview(stale.vbuId, "2031-05-01", "on_track");
    await insertReview(stale.vbuId, "2031-08-01", "on_track");
    expect(await read()).toEqual({
      "On track": { state: "published", month: "2031-07-01", health: "on_track" },
      "Off track": { state: "published", month: "2031-07-01", health: "off_track" },
      Stale: { state: "overdue", month: "2031-06-01" },
    });
  });

  it("combines the review filter with the others, and keeps it in the board's URL", async () => {
    const now = new Date(Date.UTC(2031, 2, 20));
    const gm = await insertUser("gm");
    const published = await insertVbu({ name: "Published Harbour", gmId: gm.id, theses: [[["stalled", null]]] });
    await insertReview(published.vbuId, "2031-02-01", "on_track");
    await insertReview(published.vbuId, "2031-03-01", "on_track");
    const other = await insertVbu({ name: "Published Quay", gmId: gm.id, theses: [[["observed", null]]] });
    await insertReview(other.vbuId, "2031-02-01", "on_track");
    await insertReview(other.vbuId, "2031-03-01", "off_track");
    await insertVbu({ name: "Late Harbour", gmId: gm.id, theses: [[["stalled", null]]] });

    const names = async (filters: BoardFilters) =>
      cards(await getBoard(gm, { gm: gm.id, ...filters }, { now })).map((c) => c.vbuName);
    expect(await names({ review: "published", status: "stalled" })).toEqual(["Published Harbour"]);
    expect(await names({ review: "published", q: "quay" })).toEqual(["Published Quay"]);
    expect(await names({ review: "overdue", q: "harbour" })).toEqual(["Late Harbour"]);
    expect(await names({ review: "draft" })).toEqual([]);

    const view = await readBoard(gm, { gm: gm.id, review: "overdue" }, { now });
    expect(view).toMatchObject({ filters: { gm: gm.id, review: "overdue" } });
    expect("board" in view && cards(view.board).map((c) => c.vbuName)).toEqual(["Late Harbour"]);
  });

  it("ignores a hostile ?review= without an error: the same board without that filter", async () => {
    const gm = await insertUser("gm");
    await insertVbu({ name: "Any", gmId: gm.id });
    const hostile: (string | string[])[] = ["finished", "x".repeat(10_000), "' OR 1=1 --", "Overdue", ["nope", "due"]];
    for (const review of hostile) {
      expect(await readBoard(gm, { gm: gm.id, review })).toEqual({ redirectTo: `/board?gm=${gm.id}` });
    }
    // A repeated parameter keeps its first value when that one is usable, as the other filters do.
    expect(await readBoard(gm, { review: ["due", "draft"] })).toEqual({ redirectTo: "/board?review=due" });
    const filter: BoardReviewFilter = "due";
    expect(await readBoard(gm, { review: filter })).toMatchObject({ filters: { review: "due" } });
  });
});
