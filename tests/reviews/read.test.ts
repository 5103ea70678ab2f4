// The monthly review's reads (lib/reviews/read.ts) on both engines: who sees a draft (its GM and
// admins; to anyone else it does not exist), the review page's comparison (the last published
// review before its month, or the live canvas for a draft), a VBU's list with the months one may
// start, and the portfolio's month with its states under a controlled clock and the admins'
// acknowledgement queue. Every test makes its own people and VBUs and passes its own clock.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { canvases } from "../../db/schema";
import { freezeCanvas } from "../../lib/reviews/freeze";
import { AWAITING_LIMIT, AWAITING_SHOWN } from "../../lib/reviews/portfolio";
import { getPortfolioReviews, getReviewPage, getVbuReviews, latestPublishedReview } from "../../lib/reviews/read";
import { acknowledgeReview } from "../../lib/reviews/write";
import { createEvidence, createReview, uniqueTag } from "../factories";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import {
  inMonth,
  NOW,
  PUBLISHABLE,
  publishedReview,
  reviewRow,
  savedDraft,
  startedDraft,
  world,
  type World,
} from "./support";

const rename = (canvasId: string, productName: string) =>
  getDb().update(canvases).set({ productName }).where(eq(canvases.id, canvasId));

describe.each(ENGINES)("monthly review reads on %s", (engine) => {
  useAppDatabase(engine);

  // -------------------------------------------------------------------------- who sees what

  it("a review page lists the review's own evidence files, in the order they were added, and no canvas evidence", async () => {
    const w = await world();
    const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
    const db = getDb();
    await createEvidence(db, {
      proofPointId: null,
      monthlyReviewId: draft.id,
      filename: "memo.pdf",
      uploadedBy: w.gm.id,
    });
    await createEvidence(db, {
      proofPointId: null,
      monthlyReviewId: draft.id,
      filename: "chart.pdf",
      uploadedBy: w.gm.id,
    });
    await createEvidence(db); // another proof point's
    const page = await getReviewPage(w.gm, w.vbuId, "2026-05-01", NOW);
    expect(page.review?.evidence.map((file) => [file.filename, file.proofPointId, file.uploaderName])).toEqual([
      ["memo.pdf", null, w.gm.name],
      ["chart.pdf", null, w.gm.name],
    ]);
  });

  describe("getReviewPage: who sees what", () => {
    it("a draft: its GM and admins see and edit it; a viewer and another GM get no review and cannot start one", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      const saved = await savedDraft(w.gm, draft.id, { learned: "Draft words", health: "off_track" }, NOW);
      for (const actor of [w.gm, w.admin]) {
        const page = await getReviewPage(actor, w.vbuId, "2026-05-01", NOW);
        expect(page).toEqual({
          vbu: { id: w.vbuId, name: w.vbuName, gmName: w.gm.name },
          month: "2026-05",
          review: {
            id: draft.id,
            status: "draft",
            version: 2,
            narrative: { learned: "Draft words", decisions: null, asks: null, nextFocus: null },
            health: "off_track",
            publishedAt: null,
            publishedByName: null,
            updatedAt: saved.updatedAt.toISOString(),
            updatedByName: w.gm.name,
            acknowledgement: null,
            evidence: [],
          },
          canEdit: true,
          canStart: false,
          canAcknowledge: false,
          comparison: { before: null, beforeMonth: null, after: await freezeCanvas(getDb(), w.vbuId, NOW) },
        });
      }
      for (const actor of [w.viewer, w.otherGm]) {
        expect(await getReviewPage(actor, w.vbuId, "2026-05-01", NOW)).toEqual({
          vbu: { id: w.vbuId, name: w.vbuName, gmName: w.gm.name },
          month: "2026-05",
          review: null,
          canEdit: false,
          canStart: false,
          canAcknowledge: false,
          comparison: null,
        });
      }
    });

    it("a draft of a closed month is shown to its GM read-only (no editor)", async () => {
      const w = await world();
      await startedDraft(w.gm, w.vbuId, "2026-04", NOW);
      const page = await getReviewPage(w.gm, w.vbuId, "2026-04-01", new Date("2026-06-01T00:00:00Z"));
      expect(page).toMatchObject({ review: { status: "draft" }, canEdit: false, canStart: false });
    });

    it("a published review: everyone signed in reads it, nobody edits it, only an admin may acknowledge it (once)", async () => {
      const w = await world();
      const published = await publishedReview(w.gm, w.vbuId, "2026-04", PUBLISHABLE, NOW);
      for (const actor of [w.gm, w.otherGm, w.viewer, w.admin]) {
        const page = await getReviewPage(actor, w.vbuId, "2026-04-01", NOW);
        expect(page).toEqual({
          vbu: { id: w.vbuId, name: w.vbuName, gmName: w.gm.name },
          month: "2026-04",
          review: {
            id: published.id,
            status: "published",
            version: 2,
            narrative: {
              learned: PUBLISHABLE.learned,
              decisions: PUBLISHABLE.decisions,
              asks: PUBLISHABLE.asks,
              nextFocus: PUBLISHABLE.nextFocus,
            },
            health: "at_risk",
            publishedAt: published.publishedAt!.toISOString(),
            publishedByName: w.gm.name,
            updatedAt: published.updatedAt.toISOString(),
            updatedByName: w.gm.name,
            acknowledgement: null,
            evidence: [],
          },
          canEdit: false,
          canStart: false,
          canAcknowledge: actor === w.admin,
          comparison: { before: null, beforeMonth: null, after: published.snapshot },
        });
      }
      await acknowledgeReview(w.admin, { reviewId: published.id, comment: "Seen" });
      const acknowledged = (await reviewRow(published.id))!;
      const page = await getReviewPage(w.admin, w.vbuId, "2026-04-01", NOW);
      expect(page.canAcknowledge).toBe(false);
      expect(page.review!.acknowledgement).toEqual({
        byName: w.admin.name,
        at: acknowledged.acknowledgedAt!.toISOString(),
        comment: "Seen",
      });
    });

    it("no review yet: the GM and admins may start one for this month or last, nobody for other months, a viewer never", async () => {
      const w = await world();
      const canStart = async (actor: World["gm"], month: string) =>
        (await getReviewPage(actor, w.vbuId, month, NOW)).canStart;
      for (const month of ["2026-05-01", "2026-04-01"]) {
        expect([await canStart(w.gm, month), await canStart(w.admin, month)]).toEqual([true, true]);
        expect([await canStart(w.viewer, month), await canStart(w.otherGm, month)]).toEqual([false, false]);
      }
      for (const month of ["2026-06-01", "2026-03-01"]) {
        expect([await canStart(w.gm, month), await canStart(w.admin, month)]).toEqual([false, false]);
      }
      expect(await getReviewPage(w.gm, w.vbuId, "2026-05-01", NOW)).toMatchObject({
        month: "2026-05",
        review: null,
        canEdit: false,
        comparison: null,
      });
    });

    it("a VBU that does not exist is not found", async () => {
      const w = await world();
      await expect(getReviewPage(w.admin, "00000000-0000-4000-8000-000000000000", "2026-05-01", NOW)).rejects.toThrow(
        "That VBU was not found. It may have been deleted.",
      );
    });
  });

  // -------------------------------------------------------------------------- the comparison

  describe("getReviewPage: what the diff compares", () => {
    it("a published review against the last published review before its month (not a draft, not a later one); the first against nothing; a draft against the live canvas", async () => {
      const w = await world();
      await rename(w.canvasId, "January");
      const january = await publishedReview(w.gm, w.vbuId, "2026-01");
      await rename(w.canvasId, "February");
      // February stays a draft: it is skipped.
      const february = await startedDraft(w.gm, w.vbuId, "2026-02", inMonth("2026-02"));
      await rename(w.canvasId, "March");
      const march = await publishedReview(w.gm, w.vbuId, "2026-03");
      await rename(w.canvasId, "May");
      const may = await publishedReview(w.gm, w.vbuId, "2026-05");
      await rename(w.canvasId, "Live");
      const june = inMonth("2026-06");
      await startedDraft(w.gm, w.vbuId, "2026-06", june);

      expect([january, march, may].map((r) => r.snapshot!.fields.productName)).toEqual(["January", "March", "May"]);
      const comparison = async (month: string) => (await getReviewPage(w.viewer, w.vbuId, month, june)).comparison;
      expect(await comparison("2026-01-01")).toEqual({ before: null, beforeMonth: null, after: january.snapshot });
      expect(await comparison("2026-03-01")).toEqual({
        before: january.snapshot,
        beforeMonth: "2026-01",
        after: march.snapshot,
      });
      expect(await comparison("2026-05-01")).toEqual({
        before: march.snapshot,
        beforeMonth: "2026-03",
        after: may.snapshot,
      });

      const live = await freezeCanvas(getDb(), w.vbuId, june);
      expect(live.fields.productName).toBe("Live");
      const draftPage = await getReviewPage(w.gm, w.vbuId, "2026-06-01", june);
      expect(draftPage.canEdit).toBe(true);
      expect(draftPage.comparison).toEqual({ before: may.snapshot, beforeMonth: "2026-05", after: live });
      // The old February draft, shown to its GM, compares with January and the canvas now.
      expect((await getReviewPage(w.gm, w.vbuId, "2026-02-01", june)).comparison).toEqual({
        before: january.snapshot,
        beforeMonth: "2026-01",
        after: live,
      });
      expect(february.status).toBe("draft");
      expect(await latestPublishedReview(w.vbuId)).toEqual({
        month: "2026-05",
        publishedAt: may.publishedAt!.toISOString(),
      });
    });

    it("another VBU's reviews are never the comparison", async () => {
      const w = await world();
      const other = await world();
      await publishedReview(other.gm, other.vbuId, "2026-04", PUBLISHABLE, NOW);
      const mine = await publishedReview(w.gm, w.vbuId, "2026-05", PUBLISHABLE, NOW);
      expect((await getReviewPage(w.viewer, w.vbuId, "2026-05-01", NOW)).comparison).toEqual({
        before: null,
        beforeMonth: null,
        after: mine.snapshot,
      });
      expect(await latestPublishedReview((await world()).vbuId)).toBeNull();
    });
  });

  // -------------------------------------------------------------------------- a VBU's list

  describe("getVbuReviews", () => {
    it("lists newest first; drafts only for the GM and admins; the months the GM and admins may still start", async () => {
      const w = await world();
      const february = await publishedReview(w.gm, w.vbuId, "2026-02");
      await acknowledgeReview(w.admin, { reviewId: february.id, comment: null });
      const april = await publishedReview(w.admin, w.vbuId, "2026-04", { ...PUBLISHABLE, health: "on_track" }, NOW);
      await startedDraft(w.gm, w.vbuId, "2026-05", NOW);

      const publishedItems = [
        {
          month: "2026-04",
          status: "published",
          health: "on_track",
          publishedAt: april.publishedAt!.toISOString(),
          publishedByName: w.admin.name,
          acknowledged: false,
        },
        {
          month: "2026-02",
          status: "published",
          health: "at_risk",
          publishedAt: february.publishedAt!.toISOString(),
          publishedByName: w.gm.name,
          acknowledged: true,
        },
      ];
      const draftItem = {
        month: "2026-05",
        status: "draft",
        health: null,
        publishedAt: null,
        publishedByName: null,
        acknowledged: false,
      };
      const vbu = { id: w.vbuId, name: w.vbuName, gmName: w.gm.name };
      for (const actor of [w.gm, w.admin]) {
        expect(await getVbuReviews(actor, w.vbuId, NOW)).toEqual({
          vbu,
          reviews: [draftItem, ...publishedItems],
          startable: [],
        });
      }
      for (const actor of [w.viewer, w.otherGm]) {
        expect(await getVbuReviews(actor, w.vbuId, NOW)).toEqual({ vbu, reviews: publishedItems, startable: [] });
      }
    });

    it("startable: this month and last when neither is started, for the GM and admins only", async () => {
      const w = await world();
      for (const actor of [w.gm, w.admin]) {
        expect((await getVbuReviews(actor, w.vbuId, NOW)).startable).toEqual(["2026-05", "2026-04"]);
      }
      for (const actor of [w.viewer, w.otherGm]) {
        expect(await getVbuReviews(actor, w.vbuId, NOW)).toMatchObject({ reviews: [], startable: [] });
      }
      await startedDraft(w.gm, w.vbuId, "2026-04", NOW);
      expect((await getVbuReviews(w.gm, w.vbuId, NOW)).startable).toEqual(["2026-05"]);
      // A draft the viewer cannot see still is not startable by anyone: it exists.
      expect((await getVbuReviews(w.viewer, w.vbuId, NOW)).reviews).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------- the portfolio's month

  describe("getPortfolioReviews", () => {
    /** Four VBUs named in order: published, draft, none, published and acknowledged. */
    async function portfolio() {
      const tag = uniqueTag();
      const published = await world({ name: `${tag} A published`, lane: "sell" });
      const draft = await world({ name: `${tag} B draft`, lane: "build" });
      const none = await world({ name: `${tag} C none`, lane: "milk" });
      const acknowledged = await world({ name: `${tag} D acknowledged`, lane: "reframe" });
      const april = new Date("2026-05-03T00:00:00Z");
      await publishedReview(published.gm, published.vbuId, "2026-04", { ...PUBLISHABLE, asks: "A asks" }, april);
      const draftRow = await startedDraft(draft.gm, draft.vbuId, "2026-04", april);
      await savedDraft(draft.gm, draftRow.id, { asks: "B's draft asks", health: "off_track", learned: "x" }, april);
      const ack = await publishedReview(
        acknowledged.gm,
        acknowledged.vbuId,
        "2026-04",
        { ...PUBLISHABLE, health: "on_track", asks: "" },
        april,
      );
      await acknowledgeReview(acknowledged.admin, { reviewId: ack.id, comment: null });
      const ids = new Set([published, draft, none, acknowledged].map((v) => v.vbuId));
      return { published, draft, none, acknowledged, ids };
    }

    const row = (w: World, lane: string, rest: object) => ({
      vbuId: w.vbuId,
      vbuName: w.vbuName,
      gmName: w.gm.name,
      lane,
      ...rest,
    });

    it("each VBU's state for the month, by name; asks and health only from published reviews; due until the 7th, overdue after", async () => {
      const p = await portfolio();
      const expected = (noneState: "due" | "overdue") => [
        row(p.published, "sell", { state: "published", health: "at_risk", asks: "A asks", acknowledged: false }),
        row(p.draft, "build", { state: "draft", health: null, asks: null, acknowledged: false }),
        row(p.none, "milk", { state: noneState, health: null, asks: null, acknowledged: false }),
        row(p.acknowledged, "reframe", { state: "published", health: "on_track", asks: null, acknowledged: true }),
      ];
      const mine = async (now: Date, actor = p.published.viewer) => {
        const answer = await getPortfolioReviews(actor, "2026-04-01", now);
        expect(answer.month).toBe("2026-04");
        return answer.rows.filter((r) => p.ids.has(r.vbuId));
      };
      expect(await mine(new Date("2026-05-07T23:59:59Z"))).toEqual(expected("due"));
      expect(await mine(new Date("2026-05-08T00:00:00Z"))).toEqual(expected("overdue"));
      expect(await mine(new Date("2026-05-08T00:00:00Z"), p.draft.admin)).toEqual(expected("overdue"));
      // The month after: nobody has started May; it is due until the 7th of June.
      const may = (await getPortfolioReviews(p.published.gm, "2026-05-01", NOW)).rows.filter((r) => p.ids.has(r.vbuId));
      expect(may.map((r) => r.state)).toEqual(["due", "due", "due", "due"]);
    });

    it("the acknowledgement queue: admins only, published and unacknowledged reviews of any month, oldest first", async () => {
      const tag = uniqueTag();
      const [x, y, z, d] = (await Promise.all(["X", "Y", "Z", "D"].map((n) => world({ name: `${tag} ${n}` })))) as [
        World,
        World,
        World,
        World,
      ];
      const db = getDb();
      const publishedAt = (day: number) => new Date(Date.UTC(2000, 0, day));
      const publish = async (v: World, month: string, day: number, values: object = {}) =>
        createReview(db, {
          vbuId: v.vbuId,
          month,
          status: "published",
          health: "off_track",
          snapshot: await freezeCanvas(db, v.vbuId, NOW),
          publishedAt: publishedAt(day),
          publishedBy: v.gm.id,
          ...values,
        });
      const later = await publish(x, "2026-02-01", 3);
      const oldest = await publish(y, "2026-03-01", 1);
      await publish(z, "2026-01-01", 2, { acknowledgedAt: publishedAt(4), acknowledgedBy: z.admin.id });
      await createReview(db, { vbuId: d.vbuId, month: "2026-04-01" });
      const mine = new Set([x, y, z, d].map((v) => v.vbuId));

      const queue = (await getPortfolioReviews(x.admin, "2026-05-01", NOW)).awaiting!.items.filter((a) =>
        mine.has(a.vbuId),
      );
      expect(queue).toEqual([
        {
          reviewId: oldest.id,
          vbuId: y.vbuId,
          vbuName: y.vbuName,
          month: "2026-03",
          health: "off_track",
          publishedAt: publishedAt(1).toISOString(),
        },
        {
          reviewId: later.id,
          vbuId: x.vbuId,
          vbuName: x.vbuName,
          month: "2026-02",
          health: "off_track",
          publishedAt: publishedAt(3).toISOString(),
        },
      ]);
      for (const actor of [x.gm, x.viewer]) {
        expect((await getPortfolioReviews(actor, "2026-05-01", NOW)).awaiting).toBeNull();
      }
      await acknowledgeReview(x.admin, { reviewId: oldest.id, comment: null });
      const after = (await getPortfolioReviews(x.admin, "2026-05-01", NOW)).awaiting!.items.filter((a) =>
        mine.has(a.vbuId),
      );
      expect(after.map((a) => a.reviewId)).toEqual([later.id]);
    });

    it("the queue lists its oldest few and counts them all; opened, it lists up to its limit", async () => {
      const w = await world({ name: `${uniqueTag()} Q` });
      const db = getDb();
      const before = (await getPortfolioReviews(w.admin, "2026-05-01", NOW)).awaiting!.total;
      const snapshot = await freezeCanvas(db, w.vbuId, NOW);
      // Published long before anything else in this file's database, so they head the queue.
      const months = Array.from({ length: AWAITING_SHOWN + 2 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}-01`);
      const reviews = [];
      for (const [i, month] of months.entries()) {
        reviews.push(
          await createReview(db, {
            vbuId: w.vbuId,
            month,
            status: "published",
            health: "at_risk",
            snapshot,
            publishedAt: new Date(Date.UTC(1990, 0, i + 1)),
            publishedBy: w.gm.id,
          }),
        );
      }
      const closed = (await getPortfolioReviews(w.admin, "2026-05-01", NOW)).awaiting!;
      expect(closed.total).toBe(before + months.length);
      expect(closed.items.map((a) => a.reviewId)).toEqual(reviews.slice(0, AWAITING_SHOWN).map((r) => r.id));
      const opened = (await getPortfolioReviews(w.admin, "2026-05-01", NOW, { queueOpen: true })).awaiting!;
      expect(opened.total).toBe(closed.total);
      expect(opened.items).toHaveLength(Math.min(AWAITING_LIMIT, opened.total));
      expect(opened.items.slice(0, months.length).map((a) => a.reviewId)).toEqual(reviews.map((r) => r.id));
    });
  });
});
