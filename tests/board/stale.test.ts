// The board's reading of the change history (lib/board/read.ts): since when each card is in its
// lane, when its canvas or proof points last changed, the stale flag, and the stale filter, which
// must agree with the flag at every boundary. History entries are written directly with chosen
// times (tests/board/support.ts insertHistory), each after the factory's own entries.
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { canvases, changeHistory } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { staleCutoff } from "../../lib/board/filters";
import { type Board, type BoardCard, getBoard, readBoard } from "../../lib/board/read";
import { STALE_AFTER_DAYS } from "../../lib/history/vocabulary";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { insertHistory, insertUser, insertVbu, insertVbuWithoutHistory, laneMove } from "./support";

const cards = (board: Board): BoardCard[] => board.lanes.flatMap((l) => l.cards);
const DAY = 24 * 60 * 60 * 1000;
const SECOND = 1000;
const at = (iso: string) => new Date(iso);
/** The moment `days` days (and `ms` more) before `now`. */
const before = (now: Date, days: number, ms = 0) => new Date(now.getTime() - days * DAY - ms);

describe("staleCutoff", () => {
  it("is STALE_AFTER_DAYS (60) days before now, to the millisecond", () => {
    expect(STALE_AFTER_DAYS).toBe(60);
    expect(staleCutoff(at("2031-05-01T12:00:00.000Z"))).toEqual(at("2031-03-02T12:00:00.000Z"));
  });
});

describe.each(ENGINES)("the board's history on %s", (engine) => {
  useAppDatabase(engine);
  let viewer: Actor;
  const read = async (gmId: string, now: Date, stale?: boolean) => {
    viewer ??= await insertUser("viewer");
    return getBoard(viewer, { gm: gmId, ...(stale ? { stale } : {}) }, { now });
  };
  const card = async (gmId: string, now: Date) => {
    const [only, ...rest] = cards(await read(gmId, now));
    expect(rest).toEqual([]);
    return only!;
  };

  it("dates a card's time in its lane from the latest entry that set its lane, not from other changes", async () => {
    const gm = await insertUser("gm");
    const { vbuId } = await insertVbu({ gmId: gm.id, lane: "reframe" });
    await insertHistory(
      vbuId,
      laneMove(at("2030-01-10T09:00:00Z"), "build", "sell"),
      laneMove(at("2030-06-20T09:00:00Z"), "sell", "milk"),
      laneMove(at("2031-03-05T16:30:00Z"), "milk", "reframe"),
      // After the last move: a change to the canvas, a rename, a review, evidence. None moves it.
      { at: at("2031-03-20T10:00:00Z"), subject: "canvas", changes: { primary_focus: ["a", "b"] } },
      { at: at("2031-03-21T10:00:00Z"), subject: "vbu", changes: { name: ["Old", "New"] } },
      { at: at("2031-03-22T10:00:00Z"), subject: "review", changes: { status: ["draft", "published"] } },
      // Not a canvas entry, whatever its keys say: only the canvas has a lane.
      { at: at("2031-03-23T10:00:00Z"), subject: "thesis", changes: { lifecycle_lane: [null, "x"] } },
    );
    const shown = await card(gm.id, at("2031-04-01T00:00:00Z"));
    expect(shown.inLaneSince).toEqual(at("2031-03-05T16:30:00Z"));
    // The thesis entry is the last change to the canvas or its proof points; the rename and the review are not.
    expect(shown.lastChangedAt).toEqual(at("2031-03-23T10:00:00Z"));
    expect(shown.stale).toBe(false);
  });

  it("dates the lane from the canvas's own added entry until it moves, as the triggers write it", async () => {
    const gm = await insertUser("gm");
    const { vbuId, canvasId } = await insertVbu({ gmId: gm.id, lane: "milk", theses: [[["in_progress", null]]] });
    const entries = await getDb()
      .select({ at: changeHistory.at, subject: changeHistory.subject, changes: changeHistory.changes })
      .from(changeHistory)
      .where(eq(changeHistory.vbuId, vbuId))
      .orderBy(asc(changeHistory.id));
    const added = entries.find((e) => e.subject === "canvas" && "lifecycle_lane" in e.changes)!;
    expect(added.changes.lifecycle_lane).toEqual([null, "milk"]);
    const shown = await card(gm.id, new Date());
    expect(shown.inLaneSince).toEqual(added.at);
    // The proof point was the last thing the factory added.
    expect(entries.at(-1)!.subject).toBe("proof_point");
    expect(shown.lastChangedAt).toEqual(entries.at(-1)!.at);
    const [canvas] = await getDb().select().from(canvases).where(eq(canvases.id, canvasId));
    expect(shown.inLaneSince.getTime()).toBeGreaterThanOrEqual(canvas!.createdAt.getTime() - SECOND);
  });

  it("falls back to the canvas's created_at and updated_at for a VBU with no history at all", async () => {
    const gm = await insertUser("gm");
    const { vbuId } = await insertVbuWithoutHistory(
      { gmId: gm.id, lane: "sell", theses: [[["observed", null]]] },
      { createdAt: at("2029-02-14T08:00:00Z"), updatedAt: at("2030-11-30T23:59:59Z") },
    );
    expect(await getDb().select().from(changeHistory).where(eq(changeHistory.vbuId, vbuId))).toEqual([]);
    const shown = await card(gm.id, at("2031-01-01T00:00:00Z"));
    expect(shown.inLaneSince).toEqual(at("2029-02-14T08:00:00Z"));
    expect(shown.lastChangedAt).toEqual(at("2030-11-30T23:59:59Z"));
    expect(shown.stale).toBe(false);
    expect((await card(gm.id, at("2031-02-01T00:00:00Z"))).stale).toBe(true);
  });

  it("falls back to created_at for the lane, but not for the last change, when only other entries exist", async () => {
    const gm = await insertUser("gm");
    const { vbuId } = await insertVbuWithoutHistory(
      { gmId: gm.id, lane: "build" },
      { createdAt: at("2029-02-14T08:00:00Z"), updatedAt: at("2029-03-01T00:00:00Z") },
    );
    await insertHistory(vbuId, {
      at: at("2030-05-05T05:00:00Z"),
      subject: "proof_point",
      changes: { status: ["a", "b"] },
    });
    const shown = await card(gm.id, at("2030-06-01T00:00:00Z"));
    expect(shown.inLaneSince).toEqual(at("2029-02-14T08:00:00Z"));
    expect(shown.lastChangedAt).toEqual(at("2030-05-05T05:00:00Z"));
  });

  it("counts changes to the canvas, theses, proof points and evidence, never a rename or a review", async () => {
    const now = at("2031-06-01T12:00:00Z");
    const old = before(now, 90);
    for (const subject of ["canvas", "thesis", "proof_point", "evidence"] as const) {
      const gm = await insertUser("gm");
      const { vbuId } = await insertVbu({ gmId: gm.id });
      await insertHistory(
        vbuId,
        { at: old, subject: "canvas", changes: { primary_focus: ["a", "b"] } },
        { at: before(now, 1), subject, changes: { text: ["a", "b"] } },
      );
      const shown = await card(gm.id, now);
      expect([subject, shown.lastChangedAt, shown.stale]).toEqual([subject, before(now, 1), false]);
    }
    for (const subject of ["vbu", "review"] as const) {
      const gm = await insertUser("gm");
      const { vbuId } = await insertVbu({ gmId: gm.id });
      await insertHistory(
        vbuId,
        { at: old, subject: "canvas", changes: { primary_focus: ["a", "b"] } },
        { at: before(now, 1), subject, changes: { name: ["a", "b"] } },
      );
      const shown = await card(gm.id, now);
      expect([subject, shown.lastChangedAt, shown.stale]).toEqual([subject, old, true]);
    }
  });

  it("flags and filters the same cards at every boundary: exactly 60 days, a second less, no history", async () => {
    const now = at("2031-06-01T12:00:00.000Z");
    const gm = await insertUser("gm");
    const named = async (name: string, lastChange: Date) => {
      const { vbuId } = await insertVbu({ name: `${name} ${randomUUID().slice(0, 6)}`, gmId: gm.id });
      await insertHistory(vbuId, { at: lastChange, subject: "proof_point", changes: { status: ["a", "b"] } });
      return vbuId;
    };
    const unchanged = async (name: string, updatedAt: Date) =>
      (
        await insertVbuWithoutHistory(
          { name: `${name} ${randomUUID().slice(0, 6)}`, gmId: gm.id },
          { createdAt: before(now, 400), updatedAt },
        )
      ).vbuId;
    const expected = new Map<string, boolean>([
      [await named("Exactly 60 days", before(now, 60)), true],
      [await named("60 days less a second", before(now, 60, -SECOND)), false],
      [await named("60 days less a millisecond", before(now, 60, -1)), false],
      [await named("60 days and a second", before(now, 60, SECOND)), true],
      [await named("A year", before(now, 365)), true],
      [await named("Today", now), false],
      [await unchanged("No history, exactly 60 days", before(now, 60)), true],
      [await unchanged("No history, a second less", before(now, 60, -SECOND)), false],
    ]);

    const board = await read(gm.id, now);
    const flagged = new Map(cards(board).map((c) => [c.vbuId, c.stale]));
    expect(flagged).toEqual(expected);
    const filtered = await read(gm.id, now, true);
    const kept = cards(filtered).map((c) => c.vbuId);
    expect(new Set(kept)).toEqual(new Set([...expected].filter(([, stale]) => stale).map(([id]) => id)));
    expect(cards(filtered).every((c) => c.stale)).toBe(true);
    // Every VBU here is in Build: the lane's total follows the filter, like the other filters'.
    expect(board.lanes.map((l) => l.total)).toEqual([8, 0, 0, 0]);
    expect(filtered.lanes.map((l) => l.total)).toEqual([4, 0, 0, 0]);
  });

  it("makes a stale card fresh again with any change to its canvas, and the clock makes it stale again", async () => {
    const gm = await insertUser("gm");
    const { vbuId } = await insertVbu({ gmId: gm.id, lane: "sell" });
    await insertHistory(vbuId, laneMove(at("2031-01-01T00:00:00Z"), "build", "sell"));
    const march = at("2031-03-15T00:00:00Z");
    expect((await card(gm.id, march)).stale).toBe(true);
    await insertHistory(vbuId, { at: at("2031-03-10T00:00:00Z"), subject: "evidence", action: "added", changes: {} });
    expect((await card(gm.id, march)).stale).toBe(false);
    expect(cards(await read(gm.id, march, true))).toEqual([]);
    const may = at("2031-05-09T00:00:00Z"); // exactly 60 days after 10 March
    expect((await card(gm.id, may)).stale).toBe(true);
    expect(cards(await read(gm.id, may, true)).map((c) => c.vbuId)).toEqual([vbuId]);
    // The lane move stays its time in the lane.
    expect((await card(gm.id, may)).inLaneSince).toEqual(at("2031-01-01T00:00:00Z"));
  });

  it("reads ?stale=1 from a board URL, and answers the clean URL for any other value", async () => {
    const gm = await insertUser("gm");
    const { vbuId } = await insertVbu({ gmId: gm.id });
    await insertHistory(vbuId, { at: at("2030-01-01T00:00:00Z"), subject: "thesis", changes: { text: ["a", "b"] } });
    viewer ??= await insertUser("viewer");
    const now = at("2031-01-01T00:00:00Z");
    const view = await readBoard(viewer, { gm: gm.id, stale: "1" }, { now });
    expect("board" in view && view.filters).toEqual({ gm: gm.id, stale: true });
    expect("board" in view && cards(view.board).map((c) => c.vbuId)).toEqual([vbuId]);
    for (const stale of ["0", "true", "yes", " 1", "1 ", "", "1' OR 1=1 --", "x".repeat(10_000)]) {
      expect(await readBoard(viewer, { gm: gm.id, stale }, { now })).toEqual({ redirectTo: `/board?gm=${gm.id}` });
    }
    expect(await readBoard(viewer, { gm: gm.id, stale: ["1", "0"] }, { now })).toEqual({
      redirectTo: `/board?gm=${gm.id}&stale=1`,
    });
  });

  it("leaves a VBU's other entries alone: only its own history dates its card", async () => {
    const gm = await insertUser("gm");
    const quiet = await insertVbu({ gmId: gm.id, name: `Quiet ${randomUUID().slice(0, 6)}` });
    const busy = await insertVbu({ gmId: gm.id, name: `Busy ${randomUUID().slice(0, 6)}` });
    const now = at("2031-06-01T00:00:00Z");
    await insertHistory(quiet.vbuId, { at: before(now, 100), subject: "canvas", changes: { text: ["a", "b"] } });
    await insertHistory(busy.vbuId, { at: before(now, 1), subject: "canvas", changes: { text: ["a", "b"] } });
    const byId = new Map(cards(await read(gm.id, now)).map((c) => [c.vbuId, c]));
    expect(byId.get(quiet.vbuId)!.stale).toBe(true);
    expect(byId.get(busy.vbuId)!.stale).toBe(false);
  });
});
