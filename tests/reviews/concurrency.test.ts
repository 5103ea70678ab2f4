// Races on one review and its canvas, on the real PostgreSQL server only (PGlite has one
// connection, so nothing there runs concurrently). Each race is forced, not hoped for
// (tests/support/races.ts): the first write is held right after its transaction has locked a row
// (the canvas: "canvasRowLocked"; the review: "reviewRowLocked", which a publish reaches only
// once it holds the canvas), the second is started then, and the first goes on only once
// PostgreSQL shows the second blocked by it. So each outcome is exact, and each test proves the
// second write waited.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { monthlyReviews } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { saveCanvasSchema } from "../../lib/canvas/schemas";
import { saveCanvas } from "../../lib/canvas/write";
import { ConflictError, NotFoundError, UserFacingError } from "../../lib/errors";
import type { ReviewConflict } from "../../lib/reviews/conflicts";
import { freezeCanvas } from "../../lib/reviews/freeze";
import { PUBLISHED_IS_READ_ONLY } from "../../lib/reviews/lock";
import {
  acknowledgeReview,
  deleteReviewDraft,
  publishReview,
  REVIEW_CONFLICT,
  saveReviewDraft,
  startReview,
} from "../../lib/reviews/write";
import { useAppDatabase } from "../support/app-database";
import { queryRows } from "../support/database";
import { type RowRace, raceAtRowLock } from "../support/races";
import {
  deleteInput,
  draftInput,
  NOW,
  PUBLISHABLE,
  reviewRow,
  reviewsOf,
  startedDraft,
  startInput,
  world,
} from "./support";

const canvasInput = (vbuId: string, version: number, productName: string) =>
  saveCanvasSchema.parse({
    vbuId,
    version: String(version),
    productName,
    lifecycleLane: "sell",
    successDescription: `${productName} success`,
    futureStateIntent: "",
    primaryFocus: "",
    resistDoing: "",
    goodDiscipline: "",
    primaryConstraint: "",
  });

const GM_TEXT = { ...PUBLISHABLE, learned: "The GM's words" };
const ADMIN_TEXT = { ...PUBLISHABLE, learned: "The admin's words", health: "off_track" as const };

/** The first write went through; the second, started while the first held the lock, waited for it and was refused. */
function firstWon<A, B>(race: RowRace<A, B>): UserFacingError {
  expect(race.first.status, String((race.first as PromiseRejectedResult).reason)).toBe("fulfilled");
  expect(race.secondWaited, "the second write waited for the first's lock").toBe(true);
  expect(race.second.status, "the second write should have been refused").toBe("rejected");
  const reason = (race.second as PromiseRejectedResult).reason as unknown;
  expect(reason).toBeInstanceOf(UserFacingError);
  return reason as UserFacingError;
}

/** Both writes went through, the second after waiting for the first's lock. */
function bothWent<A, B>(race: RowRace<A, B>): void {
  expect([race.first, race.second].map((o) => (o.status === "rejected" ? String(o.reason) : o.status))).toEqual([
    "fulfilled",
    "fulfilled",
  ]);
  expect(race.secondWaited, "the second write waited for the first's lock").toBe(true);
}

describe("review races on postgres", () => {
  useAppDatabase("postgres");

  async function draftOnCanvas() {
    const w = await world({ lane: "build", canvas: { productName: "Before" } });
    const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
    return { ...w, draft };
  }

  it("(a) two publishes of one draft: the first publishes, the second waits and is refused; one snapshot", async () => {
    const w = await draftOnCanvas();
    const race = await raceAtRowLock(
      "reviewRowLocked",
      () => publishReview(w.gm, draftInput(w.draft.id, 1, GM_TEXT), NOW),
      () => publishReview(w.admin, draftInput(w.draft.id, 1, ADMIN_TEXT), NOW),
    );
    const reason = firstWon(race);
    expect(reason.message).toBe(PUBLISHED_IS_READ_ONLY);
    const rows = await reviewsOf(w.vbuId);
    expect(rows).toEqual([
      expect.objectContaining({
        id: w.draft.id,
        status: "published",
        version: 2,
        learned: "The GM's words",
        health: "at_risk",
        publishedBy: w.gm.id,
        updatedBy: w.gm.id,
        snapshot: await freezeCanvas(getDb(), w.vbuId, NOW),
      }),
    ]);
  });

  it("(a') two publishes, the second from the version the first published: refused as read-only too", async () => {
    const w = await draftOnCanvas();
    const race = await raceAtRowLock(
      "reviewRowLocked",
      () => publishReview(w.admin, draftInput(w.draft.id, 1, ADMIN_TEXT), NOW),
      () => publishReview(w.gm, draftInput(w.draft.id, 2, GM_TEXT), NOW),
    );
    expect(firstWon(race).message).toBe(PUBLISHED_IS_READ_ONLY);
    expect(await reviewRow(w.draft.id)).toMatchObject({ learned: "The admin's words", publishedBy: w.admin.id });
  });

  it("(b) a canvas save holding the canvas lock: the publish waits for it, and its snapshot includes the save", async () => {
    const w = await draftOnCanvas();
    const race = await raceAtRowLock(
      "canvasRowLocked",
      () => saveCanvas(w.gm, canvasInput(w.vbuId, 1, "Saved first")),
      () => publishReview(w.gm, draftInput(w.draft.id, 1, GM_TEXT), NOW),
    );
    bothWent(race);
    expect(race.first).toEqual({ status: "fulfilled", value: { version: 2 } });
    const snapshot = (await reviewRow(w.draft.id))!.snapshot!;
    expect(snapshot.lane).toBe("sell");
    expect(snapshot.fields).toMatchObject({ productName: "Saved first", successDescription: "Saved first success" });
    expect(snapshot).toEqual(await freezeCanvas(getDb(), w.vbuId, NOW));
  });

  it("(c) a publish holding the review lock (and so the canvas's): a canvas save waits, and is not in the snapshot; the canvas has it afterwards", async () => {
    const w = await draftOnCanvas();
    const race = await raceAtRowLock(
      "reviewRowLocked",
      () => publishReview(w.gm, draftInput(w.draft.id, 1, GM_TEXT), NOW),
      () => saveCanvas(w.admin, canvasInput(w.vbuId, 1, "Saved second")),
    );
    bothWent(race);
    expect(race.second).toEqual({ status: "fulfilled", value: { version: 2 } });
    const snapshot = (await reviewRow(w.draft.id))!.snapshot!;
    expect(snapshot.lane).toBe("build");
    expect(snapshot.fields).toMatchObject({ productName: "Before", successDescription: null });
    const live = await freezeCanvas(getDb(), w.vbuId, NOW);
    expect(live.lane).toBe("sell");
    expect(live.fields).toMatchObject({ productName: "Saved second", successDescription: "Saved second success" });
  });

  it("(d) a publish holding the review lock: a draft save from the same version waits and is refused as read-only", async () => {
    const w = await draftOnCanvas();
    const race = await raceAtRowLock(
      "reviewRowLocked",
      () => publishReview(w.gm, draftInput(w.draft.id, 1, GM_TEXT), NOW),
      () => saveReviewDraft(w.admin, draftInput(w.draft.id, 1, ADMIN_TEXT), NOW),
    );
    expect(firstWon(race).message).toBe(PUBLISHED_IS_READ_ONLY);
    expect(await reviewRow(w.draft.id)).toMatchObject({
      status: "published",
      version: 2,
      learned: "The GM's words",
      health: "at_risk",
    });
  });

  it("(d') a draft save holding the review lock: a publish from the same version waits and gets the conflict with the save", async () => {
    const w = await draftOnCanvas();
    const race = await raceAtRowLock(
      "reviewRowLocked",
      () => saveReviewDraft(w.admin, draftInput(w.draft.id, 1, ADMIN_TEXT), NOW),
      () => publishReview(w.gm, draftInput(w.draft.id, 1, GM_TEXT), NOW),
    );
    const reason = firstWon(race);
    expect(reason).toBeInstanceOf(ConflictError);
    expect(reason.message).toBe(REVIEW_CONFLICT);
    const row = (await reviewRow(w.draft.id))!;
    expect((reason as ConflictError<ReviewConflict>).latest).toEqual({
      values: {
        learned: "The admin's words",
        decisions: ADMIN_TEXT.decisions,
        asks: ADMIN_TEXT.asks,
        nextFocus: ADMIN_TEXT.nextFocus,
        health: "off_track",
      },
      version: 2,
      savedAt: row.updatedAt.toISOString(),
      savedById: w.admin.id,
      savedByName: w.admin.name,
    });
    expect(row).toMatchObject({ status: "draft", version: 2, snapshot: null, learned: "The admin's words" });
  });

  it("a delete holding the review lock: a publish waits and finds no review", async () => {
    const w = await draftOnCanvas();
    const race = await raceAtRowLock(
      "reviewRowLocked",
      () => deleteReviewDraft(w.gm, deleteInput(w.draft.id, 1)),
      () => publishReview(w.admin, draftInput(w.draft.id, 1, ADMIN_TEXT), NOW),
    );
    const reason = firstWon(race);
    expect(reason).toBeInstanceOf(NotFoundError);
    expect(await reviewsOf(w.vbuId)).toEqual([]);
  });

  it("two admins acknowledging at once: one acknowledgement, the other told who was first", async () => {
    const w = await draftOnCanvas();
    await publishReview(w.gm, draftInput(w.draft.id, 1, GM_TEXT), NOW);
    const other: Actor = (await world()).admin;
    const race = await raceAtRowLock(
      "reviewRowLocked",
      () => acknowledgeReview(w.admin, { reviewId: w.draft.id, comment: "First" }),
      () => acknowledgeReview(other, { reviewId: w.draft.id, comment: "Second" }),
    );
    const reason = firstWon(race);
    expect(reason.message).toMatch(new RegExp(`^${w.admin.name} already acknowledged this review on `));
    expect(await reviewRow(w.draft.id)).toMatchObject({ acknowledgedBy: w.admin.id, acknowledgementComment: "First" });
  });

  it("a start while another start's insert of the same month is not yet committed: it waits and opens that review", async () => {
    const w = await world();
    const db = getDb();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let inserted!: (pid: number) => void;
    const insertedBy = new Promise<number>((resolve) => (inserted = resolve));
    const holder = db.transaction(async (tx) => {
      await tx
        .insert(monthlyReviews)
        .values({ vbuId: w.vbuId, month: "2026-05-01", createdBy: w.gm.id, updatedBy: w.gm.id });
      const [row] = await queryRows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`);
      inserted(row!.pid);
      await released;
    });
    const pid = await insertedBy;
    let settled = false;
    const start = startReview(w.admin, startInput(w.vbuId, "2026-05"), NOW);
    start.then(
      () => (settled = true),
      () => (settled = true),
    );
    let waited = false;
    while (!settled && !waited) {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`,
      );
      waited = row!.n > 0;
    }
    release();
    await holder;
    expect(waited, "the second start waited for the first's insert").toBe(true);
    expect(await start).toEqual({ vbuId: w.vbuId, month: "2026-05" });
    expect((await reviewsOf(w.vbuId)).map((r) => [r.month, r.createdBy])).toEqual([["2026-05-01", w.gm.id]]);
  });
});
