// The monthly review's writes (lib/reviews/write.ts) on both engines: who may start a review and
// for which months, one review per VBU and month, drafts saved with the version check and its
// conflict, deleted with their evidence, published with the health call and what was learned,
// frozen with an exact snapshot of the canvas that later canvas changes leave alone, read-only
// once published, and acknowledged by admins once. Every test makes its own people and VBUs and
// passes its own clock.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { canvases, monthlyReviews, proofPoints } from "../../db/schema";
import type { AttachmentStorage } from "../../lib/attachments/storage";
import type { Actor } from "../../lib/auth/roles";
import { saveCanvasSchema } from "../../lib/canvas/schemas";
import { saveCanvas } from "../../lib/canvas/write";
import { formatMoment } from "../../lib/dates";
import { ConflictError, ForbiddenError, NotFoundError, UserFacingError } from "../../lib/errors";
import type { ReviewConflict } from "../../lib/reviews/conflicts";
import { freezeCanvas } from "../../lib/reviews/freeze";
import { ONLY_GM_WRITES_REVIEWS, PUBLISHED_IS_READ_ONLY } from "../../lib/reviews/lock";
import { getReviewPage } from "../../lib/reviews/read";
import type { ReviewSnapshot } from "../../lib/reviews/snapshot";
import { CLOSED_MONTH, FUTURE_MONTH } from "../../lib/reviews/vocabulary";
import {
  acknowledgeReview,
  deleteReviewDraft,
  HEALTH_REQUIRED,
  LEARNED_REQUIRED,
  NOT_PUBLISHED_YET,
  publishReview,
  REVIEW_CONFLICT,
  saveReviewDraft,
  STALE_DELETE,
  startReview,
} from "../../lib/reviews/write";
import { createEvidence, createProofPoint, createReview, createThesis, setCurrentlyTesting } from "../factories";
import { installStorage } from "../attachments/support";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import {
  deleteInput,
  draftInput,
  inMonth,
  NOW,
  person,
  PUBLISHABLE,
  publishedReview,
  reviewOf,
  reviewRow,
  reviewsOf,
  reviewState,
  savedDraft,
  startedDraft,
  startInput,
  world,
} from "./support";

const REVIEW_NOT_FOUND = "That review was not found. It may have been deleted.";
const CHECK_FIELDS = "Check the highlighted fields.";

/** The error a promise was rejected with (failing the test if it was not). */
async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(UserFacingError);
  return outcome.error as UserFacingError;
}

async function expectRefused(promise: Promise<unknown>, message: string, fieldErrors: Record<string, string[]> = {}) {
  const error = await refusal(promise);
  expect({ message: error.message, fieldErrors: error.fieldErrors }).toEqual({ message, fieldErrors });
  return error;
}

describe.each(ENGINES)("monthly review writes on %s", (engine) => {
  useAppDatabase(engine);

  // -------------------------------------------------------------------------- starting

  describe("starting a review", () => {
    it("the VBU's GM starts this month's: a blank draft of version 1, answered with its URL month", async () => {
      const w = await world();
      expect(await startReview(w.gm, startInput(w.vbuId, "2026-05"), NOW)).toEqual({
        vbuId: w.vbuId,
        month: "2026-05",
      });
      expect(await reviewsOf(w.vbuId)).toEqual([
        expect.objectContaining({
          vbuId: w.vbuId,
          month: "2026-05-01",
          status: "draft",
          version: 1,
          learned: null,
          decisions: null,
          asks: null,
          nextFocus: null,
          health: null,
          snapshot: null,
          publishedAt: null,
          createdBy: w.gm.id,
          updatedBy: w.gm.id,
        }),
      ]);
    });

    it("last month's too (catching up), and an admin may start one for any VBU", async () => {
      const w = await world();
      expect(await startReview(w.gm, startInput(w.vbuId, "2026-04"), NOW)).toEqual({
        vbuId: w.vbuId,
        month: "2026-04",
      });
      await startReview(w.admin, startInput(w.vbuId, "2026-05"), NOW);
      expect((await reviewsOf(w.vbuId)).map((r) => [r.month, r.status, r.createdBy])).toEqual([
        ["2026-04-01", "draft", w.gm.id],
        ["2026-05-01", "draft", w.admin.id],
      ]);
    });

    it("a future month is refused with FUTURE_MONTH on the month field, nothing started", async () => {
      const w = await world();
      await expectRefused(startReview(w.gm, startInput(w.vbuId, "2026-06"), NOW), FUTURE_MONTH, {
        month: [FUTURE_MONTH],
      });
      await expectRefused(startReview(w.admin, startInput(w.vbuId, "2027-05"), NOW), FUTURE_MONTH, {
        month: [FUTURE_MONTH],
      });
      expect(await reviewsOf(w.vbuId)).toEqual([]);
    });

    it("a month before last is refused with CLOSED_MONTH on the month field, for admins too", async () => {
      const w = await world();
      await expectRefused(startReview(w.gm, startInput(w.vbuId, "2026-03"), NOW), CLOSED_MONTH, {
        month: [CLOSED_MONTH],
      });
      await expectRefused(startReview(w.admin, startInput(w.vbuId, "2025-05"), NOW), CLOSED_MONTH, {
        month: [CLOSED_MONTH],
      });
      expect(await reviewsOf(w.vbuId)).toEqual([]);
    });

    it("across a year: in January, December is last month and November is closed", async () => {
      const w = await world();
      const january = new Date("2027-01-03T00:00:00Z");
      await startReview(w.gm, startInput(w.vbuId, "2026-12"), january);
      await expectRefused(startReview(w.gm, startInput(w.vbuId, "2026-11"), january), CLOSED_MONTH, {
        month: [CLOSED_MONTH],
      });
      await expectRefused(startReview(w.gm, startInput(w.vbuId, "2027-02"), january), FUTURE_MONTH, {
        month: [FUTURE_MONTH],
      });
      expect((await reviewsOf(w.vbuId)).map((r) => r.month)).toEqual(["2026-12-01"]);
    });

    it("another GM and a viewer are refused, nothing started", async () => {
      const w = await world();
      for (const actor of [w.otherGm, w.viewer]) {
        const error = await expectRefused(
          startReview(actor, startInput(w.vbuId, "2026-05"), NOW),
          ONLY_GM_WRITES_REVIEWS,
        );
        expect(error).toBeInstanceOf(ForbiddenError);
      }
      expect(await reviewsOf(w.vbuId)).toEqual([]);
    });

    it("a VBU that does not exist is not found", async () => {
      const w = await world();
      const error = await expectRefused(
        startReview(w.admin, startInput("00000000-0000-4000-8000-000000000000", "2026-05"), NOW),
        "That VBU was not found. It may have been deleted.",
      );
      expect(error).toBeInstanceOf(NotFoundError);
    });

    it("starting a review that exists opens it: no second row, what was written stays", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      const saved = await savedDraft(w.gm, draft.id, { learned: "Kept" }, NOW);
      expect(await startReview(w.admin, startInput(w.vbuId, "2026-05"), NOW)).toEqual({
        vbuId: w.vbuId,
        month: "2026-05",
      });
      expect(await reviewsOf(w.vbuId)).toEqual([saved]);
    });

    it("starting a published review's month opens it, unchanged", async () => {
      const w = await world();
      const published = await publishedReview(w.gm, w.vbuId, "2026-05", PUBLISHABLE, NOW);
      expect(await startReview(w.gm, startInput(w.vbuId, "2026-05"), NOW)).toEqual({
        vbuId: w.vbuId,
        month: "2026-05",
      });
      expect(await reviewsOf(w.vbuId)).toEqual([published]);
    });

    it("several starts at once make one review", async () => {
      const w = await world();
      const answers = await Promise.all(
        [w.gm, w.admin, w.gm, w.admin].map((actor) => startReview(actor, startInput(w.vbuId, "2026-05"), NOW)),
      );
      expect(answers).toEqual(Array.from({ length: 4 }, () => ({ vbuId: w.vbuId, month: "2026-05" })));
      expect((await reviewsOf(w.vbuId)).map((r) => [r.month, r.version])).toEqual([["2026-05-01", 1]]);
    });
  });

  // -------------------------------------------------------------------------- saving a draft

  describe("saving a draft", () => {
    it("saves every field, bumps the version and records who saved", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      expect(await saveReviewDraft(w.gm, draftInput(draft.id, 1, PUBLISHABLE), NOW)).toEqual({
        version: 2,
        vbuId: w.vbuId,
        month: "2026-05",
      });
      expect(await reviewRow(draft.id)).toMatchObject({
        status: "draft",
        version: 2,
        learned: PUBLISHABLE.learned,
        decisions: PUBLISHABLE.decisions,
        asks: PUBLISHABLE.asks,
        nextFocus: PUBLISHABLE.nextFocus,
        health: "at_risk",
        snapshot: null,
        updatedBy: w.gm.id,
      });
      // Blank fields are cleared (null), not kept.
      expect(await saveReviewDraft(w.admin, draftInput(draft.id, 2, { learned: "  Only this  " }), NOW)).toEqual({
        version: 3,
        vbuId: w.vbuId,
        month: "2026-05",
      });
      expect(await reviewRow(draft.id)).toMatchObject({
        version: 3,
        learned: "Only this",
        decisions: null,
        asks: null,
        nextFocus: null,
        health: null,
        updatedBy: w.admin.id,
      });
    });

    it("a save from an older version is refused with the conflict: what is saved now, its version, when and by whom", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      const saved = await savedDraft(w.admin, draft.id, PUBLISHABLE, NOW);
      const before = await reviewState(w.vbuId);
      const error = await expectRefused(
        saveReviewDraft(w.gm, draftInput(draft.id, 1, { learned: "Mine" }), NOW),
        REVIEW_CONFLICT,
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError<ReviewConflict>).latest).toEqual({
        values: {
          learned: PUBLISHABLE.learned,
          decisions: PUBLISHABLE.decisions,
          asks: PUBLISHABLE.asks,
          nextFocus: PUBLISHABLE.nextFocus,
          health: "at_risk",
        },
        version: 2,
        savedAt: saved.updatedAt.toISOString(),
        savedById: w.admin.id,
        savedByName: w.admin.name,
      } satisfies ReviewConflict);
      expect(await reviewState(w.vbuId)).toBe(before);
    });

    it("a version ahead of the saved one is a conflict too", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      const error = await refusal(saveReviewDraft(w.gm, draftInput(draft.id, 7, { learned: "Mine" }), NOW));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError<ReviewConflict>).latest).toMatchObject({ version: 1, savedById: w.gm.id });
      expect(await reviewRow(draft.id)).toEqual(draft);
    });

    it("another GM and a viewer are told the draft does not exist; nothing saved", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      for (const actor of [w.otherGm, w.viewer]) {
        const error = await expectRefused(
          saveReviewDraft(actor, draftInput(draft.id, 1, PUBLISHABLE), NOW),
          REVIEW_NOT_FOUND,
        );
        expect(error).toBeInstanceOf(NotFoundError);
      }
      expect(await reviewRow(draft.id)).toEqual(draft);
    });

    it("a draft whose month has closed can no longer be saved or published (CLOSED_MONTH); one not begun, FUTURE_MONTH", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-04", NOW);
      const june = new Date("2026-06-01T00:00:00Z");
      await expectRefused(saveReviewDraft(w.gm, draftInput(draft.id, 1, PUBLISHABLE), june), CLOSED_MONTH);
      await expectRefused(publishReview(w.admin, draftInput(draft.id, 1, PUBLISHABLE), june), CLOSED_MONTH);
      const early = await createReview(getDb(), { vbuId: w.vbuId, month: "2026-07-01" });
      await expectRefused(saveReviewDraft(w.gm, draftInput(early.id, 1, PUBLISHABLE), NOW), FUTURE_MONTH);
      expect(await reviewRow(draft.id)).toEqual(draft);
      expect(await reviewRow(early.id)).toEqual(early);
    });

    it("a review that does not exist is not found", async () => {
      const w = await world();
      await expectRefused(
        saveReviewDraft(w.admin, draftInput("00000000-0000-4000-8000-000000000000", 1, PUBLISHABLE), NOW),
        REVIEW_NOT_FOUND,
      );
    });
  });

  // -------------------------------------------------------------------------- a published review

  describe("a published review is read-only for everyone", () => {
    for (const who of ["gm", "admin"] as const) {
      it(`save, publish and delete are refused for the ${who === "gm" ? "VBU's GM" : "admin"} with PUBLISHED_IS_READ_ONLY`, async () => {
        const w = await world();
        const published = await publishedReview(w.gm, w.vbuId, "2026-05", PUBLISHABLE, NOW);
        const actor = w[who];
        const before = await reviewState(w.vbuId);
        const edit = draftInput(published.id, published.version, { ...PUBLISHABLE, learned: "Rewritten" });
        await expectRefused(saveReviewDraft(actor, edit, NOW), PUBLISHED_IS_READ_ONLY);
        await expectRefused(publishReview(actor, edit, NOW), PUBLISHED_IS_READ_ONLY);
        await expectRefused(
          deleteReviewDraft(actor, deleteInput(published.id, published.version)),
          PUBLISHED_IS_READ_ONLY,
        );
        expect(await reviewState(w.vbuId)).toBe(before);
      });
    }
  });

  // -------------------------------------------------------------------------- deleting a draft

  describe("deleting a draft", () => {
    it("removes the draft and its evidence rows, and their files through the outbox after commit", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      const evidence = await Promise.all(
        ["a.pdf", "b.pdf"].map((filename) =>
          createEvidence(getDb(), { proofPointId: null, monthlyReviewId: draft.id, filename, uploadedBy: w.gm.id }),
        ),
      );
      // Another draft's evidence and a proof point's stay.
      const other = await world();
      const kept = await startedDraft(other.gm, other.vbuId, "2026-05", NOW);
      await createEvidence(getDb(), { proofPointId: null, monthlyReviewId: kept.id, uploadedBy: other.gm.id });
      const keptState = await reviewState(other.vbuId);
      const removed: string[] = [];
      const storage = installStorage({
        remove: async (path: string) => void removed.push(path),
      } as unknown as AttachmentStorage);
      try {
        expect(await deleteReviewDraft(w.gm, deleteInput(draft.id, 1))).toEqual({ vbuId: w.vbuId, month: "2026-05" });
      } finally {
        storage.restore();
      }
      expect(await reviewsOf(w.vbuId)).toEqual([]);
      expect(await reviewState(w.vbuId)).toBe(JSON.stringify([[], []]));
      expect(removed.sort()).toEqual(evidence.map((e) => e.storagePath).sort());
      expect(await reviewState(other.vbuId)).toBe(keptState);
    });

    it("an admin may delete the GM's draft, of a closed month too (an abandoned one)", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-04", NOW);
      expect(await deleteReviewDraft(w.admin, deleteInput(draft.id, 1))).toEqual({ vbuId: w.vbuId, month: "2026-04" });
      expect(await reviewsOf(w.vbuId)).toEqual([]);
    });

    it("a stale version is refused with STALE_DELETE, nothing deleted", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      await savedDraft(w.admin, draft.id, { learned: "Written since" }, NOW);
      const before = await reviewState(w.vbuId);
      await expectRefused(deleteReviewDraft(w.gm, deleteInput(draft.id, 1)), STALE_DELETE);
      expect(await reviewState(w.vbuId)).toBe(before);
    });

    it("another GM and a viewer are told it does not exist, nothing deleted", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      for (const actor of [w.otherGm, w.viewer]) {
        await expectRefused(deleteReviewDraft(actor, deleteInput(draft.id, 1)), REVIEW_NOT_FOUND);
      }
      expect(await reviewsOf(w.vbuId)).toEqual([draft]);
    });
  });

  // -------------------------------------------------------------------------- publishing

  describe("publishing", () => {
    it("needs a health call and what was learned: field errors on health and learned, nothing changed", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      const cases: [Parameters<typeof draftInput>[2], Record<string, string[]>][] = [
        [
          { ...PUBLISHABLE, health: "", learned: "" },
          { health: [HEALTH_REQUIRED], learned: [LEARNED_REQUIRED] },
        ],
        [{ ...PUBLISHABLE, health: "" }, { health: [HEALTH_REQUIRED] }],
        [{ ...PUBLISHABLE, learned: " \u200B\n " }, { learned: [LEARNED_REQUIRED] }],
      ];
      for (const [values, fieldErrors] of cases) {
        await expectRefused(publishReview(w.gm, draftInput(draft.id, 1, values), NOW), CHECK_FIELDS, fieldErrors);
      }
      expect(await reviewRow(draft.id)).toEqual(draft);
    });

    it("saves what the form holds, publishes, records who and when, and bumps the version", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-04", NOW);
      await savedDraft(w.gm, draft.id, { learned: "Draft text", asks: "Draft asks" }, NOW);
      const started = Date.now();
      expect(await publishReview(w.admin, draftInput(draft.id, 2, { ...PUBLISHABLE, asks: "" }), NOW)).toEqual({
        vbuId: w.vbuId,
        month: "2026-04",
      });
      const row = (await reviewRow(draft.id))!;
      expect(row).toMatchObject({
        status: "published",
        version: 3,
        learned: PUBLISHABLE.learned,
        decisions: PUBLISHABLE.decisions,
        asks: null,
        nextFocus: PUBLISHABLE.nextFocus,
        health: "at_risk",
        publishedBy: w.admin.id,
        updatedBy: w.admin.id,
        acknowledgedAt: null,
      });
      expect(row.publishedAt!.getTime()).toBeGreaterThanOrEqual(started - 5_000);
      expect(row.snapshot).toEqual(await freezeCanvas(getDb(), w.vbuId, NOW));
    });

    it("from an older version is refused with the conflict, nothing published", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      const saved = await savedDraft(w.admin, draft.id, { learned: "Admin's", health: "on_track" }, NOW);
      const error = await expectRefused(
        publishReview(w.gm, draftInput(draft.id, 1, PUBLISHABLE), NOW),
        REVIEW_CONFLICT,
      );
      expect((error as ConflictError<ReviewConflict>).latest).toEqual({
        values: { learned: "Admin's", decisions: null, asks: null, nextFocus: null, health: "on_track" },
        version: 2,
        savedAt: saved.updatedAt.toISOString(),
        savedById: w.admin.id,
        savedByName: w.admin.name,
      });
      expect(await reviewRow(draft.id)).toEqual(saved);
    });

    it("another GM and a viewer are told the draft does not exist", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      for (const actor of [w.otherGm, w.viewer]) {
        const error = await expectRefused(
          publishReview(actor, draftInput(draft.id, 1, PUBLISHABLE), NOW),
          REVIEW_NOT_FOUND,
        );
        expect(error).toBeInstanceOf(NotFoundError);
      }
      expect(await reviewRow(draft.id)).toEqual(draft);
    });

    it("freezes every field, the lane, the theses in order with their proof points and evidence, and what is tested", async () => {
      const w = await world({
        lane: "sell",
        canvas: {
          productName: "Ledger Lite",
          successDescription: "Forty paying teams",
          futureStateIntent: "The default ledger for small teams",
          primaryFocus: "Onboarding",
          resistDoing: "Custom integrations",
          goodDiscipline: "Weekly pilot reviews",
          primaryConstraint: "One engineer",
          portfolioNotes: "Watch churn",
        },
      });
      const db = getDb();
      // Inserted second-first: only `order` puts them in order.
      const second = await createThesis(db, { canvasId: w.canvasId, order: 2, text: "Teams will switch" });
      const first = await createThesis(db, { canvasId: w.canvasId, order: 1, text: "Teams will pay" });
      const pilots = await createProofPoint(db, {
        thesisId: first.id,
        description: "Three paying pilots",
        status: "in_progress",
        evidenceNote: "Two signed",
        reviewMonth: "2026-06",
        createdAt: new Date("2026-01-01T00:00:00Z"),
      });
      const churn = await createProofPoint(db, {
        thesisId: first.id,
        description: "Churn under 5%",
        status: "observed",
        createdAt: new Date("2026-01-02T00:00:00Z"),
      });
      const migration = await createProofPoint(db, {
        thesisId: second.id,
        description: "One migration in a day",
        status: "stalled",
        reviewMonth: "2026-03",
      });
      const contract = await createEvidence(db, {
        proofPointId: pilots.id,
        filename: "contract.pdf",
        label: "Signed contract",
        uploadedBy: w.gm.id,
        createdAt: new Date("2026-02-01T00:00:00Z"),
      });
      const invoice = await createEvidence(db, {
        proofPointId: pilots.id,
        filename: "invoice.pdf",
        label: null,
        uploadedBy: w.gm.id,
        createdAt: new Date("2026-02-02T00:00:00Z"),
      });
      await setCurrentlyTesting(db, w.canvasId, "proof_point", pilots.id);
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      // The review's own evidence is not the canvas's.
      await createEvidence(db, {
        proofPointId: null,
        monthlyReviewId: draft.id,
        filename: "deck.pdf",
        uploadedBy: w.gm.id,
      });

      await publishReview(w.gm, draftInput(draft.id, 1, PUBLISHABLE), NOW);

      const expected: ReviewSnapshot = {
        schema: 1,
        vbuName: w.vbuName,
        gmName: w.gm.name,
        lane: "sell",
        fields: {
          productName: "Ledger Lite",
          successDescription: "Forty paying teams",
          futureStateIntent: "The default ledger for small teams",
          primaryFocus: "Onboarding",
          resistDoing: "Custom integrations",
          goodDiscipline: "Weekly pilot reviews",
          primaryConstraint: "One engineer",
          portfolioNotes: "Watch churn",
        },
        theses: [
          {
            id: first.id,
            order: 1,
            text: "Teams will pay",
            proofPoints: [
              {
                id: pilots.id,
                description: "Three paying pilots",
                status: "in_progress",
                evidenceNote: "Two signed",
                targetReviewMonth: "2026-06",
                evidence: [
                  { id: contract.id, filename: "contract.pdf", label: "Signed contract" },
                  { id: invoice.id, filename: "invoice.pdf", label: null },
                ],
              },
              {
                id: churn.id,
                description: "Churn under 5%",
                status: "observed",
                evidenceNote: null,
                targetReviewMonth: null,
                evidence: [],
              },
            ],
          },
          {
            id: second.id,
            order: 2,
            text: "Teams will switch",
            proofPoints: [
              {
                id: migration.id,
                description: "One migration in a day",
                status: "stalled",
                evidenceNote: null,
                targetReviewMonth: "2026-03",
                evidence: [],
              },
            ],
          },
        ],
        currentlyTesting: { type: "proof_point", id: pilots.id, label: "Proof point of thesis 1: Three paying pilots" },
      };
      expect((await reviewRow(draft.id))!.snapshot).toEqual(expected);

      // The canvas moves on: fields and lane saved, a status changed, evidence added, the
      // pointer moved, a thesis deleted. The published review still says what it froze.
      await saveCanvas(
        w.gm,
        saveCanvasSchema.parse({
          vbuId: w.vbuId,
          version: "1",
          productName: "Ledger Pro",
          lifecycleLane: "build",
          successDescription: "",
          futureStateIntent: "",
          primaryFocus: "Enterprise",
          resistDoing: "",
          goodDiscipline: "",
          primaryConstraint: "",
        }),
      );
      await db
        .update(proofPoints)
        .set({ status: "observed", evidenceNote: "All signed" })
        .where(eq(proofPoints.id, pilots.id));
      await createEvidence(db, { proofPointId: churn.id, filename: "churn.pdf", uploadedBy: w.gm.id });
      await setCurrentlyTesting(db, w.canvasId, "thesis", first.id);
      await db.update(canvases).set({ portfolioNotes: "Rewritten" }).where(eq(canvases.id, w.canvasId));
      const live = await freezeCanvas(db, w.vbuId, NOW);
      expect(live).toMatchObject({ lane: "build", fields: { productName: "Ledger Pro", portfolioNotes: "Rewritten" } });
      expect(live).not.toEqual(expected);

      expect((await reviewRow(draft.id))!.snapshot).toEqual(expected);
      const page = await getReviewPage(w.viewer, w.vbuId, "2026-05-01", NOW);
      expect(page.comparison).toEqual({ before: null, beforeMonth: null, after: expected });
    });

    it("freezes an empty canvas as it is: no theses, nothing tested", async () => {
      const w = await world({ lane: "reframe" });
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      await publishReview(w.gm, draftInput(draft.id, 1, PUBLISHABLE), NOW);
      expect((await reviewRow(draft.id))!.snapshot).toEqual({
        schema: 1,
        vbuName: w.vbuName,
        gmName: w.gm.name,
        lane: "reframe",
        fields: {
          productName: null,
          successDescription: null,
          futureStateIntent: null,
          primaryFocus: null,
          resistDoing: null,
          goodDiscipline: null,
          primaryConstraint: null,
          portfolioNotes: null,
        },
        theses: [],
        currentlyTesting: null,
      } satisfies ReviewSnapshot);
    });
  });

  // -------------------------------------------------------------------------- acknowledging

  describe("acknowledging", () => {
    it("only admins acknowledge: the GM and a viewer are refused, nothing recorded", async () => {
      const w = await world();
      const published = await publishedReview(w.gm, w.vbuId, "2026-05", PUBLISHABLE, NOW);
      for (const actor of [w.gm, w.viewer, w.otherGm] as Actor[]) {
        const error = await expectRefused(
          acknowledgeReview(actor, { reviewId: published.id, comment: "Seen" }),
          "Only admins acknowledge monthly reviews.",
        );
        expect(error).toBeInstanceOf(ForbiddenError);
      }
      expect(await reviewRow(published.id)).toEqual(published);
    });

    it("a draft cannot be acknowledged (NOT_PUBLISHED_YET)", async () => {
      const w = await world();
      const draft = await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
      await expectRefused(acknowledgeReview(w.admin, { reviewId: draft.id, comment: null }), NOT_PUBLISHED_YET);
      expect(await reviewRow(draft.id)).toEqual(draft);
    });

    it("an admin acknowledges once, with a comment the review page shows; a second time is refused with who and when", async () => {
      const w = await world();
      const admin = await person("admin", `Admin Quinn ${w.vbuName}`);
      const published = await publishedReview(w.gm, w.vbuId, "2026-05", PUBLISHABLE, NOW);
      expect(await acknowledgeReview(admin, { reviewId: published.id, comment: "Good call on the trial." })).toEqual({
        vbuId: w.vbuId,
        month: "2026-05",
      });
      const row = (await reviewRow(published.id))!;
      expect(row).toMatchObject({
        acknowledgedBy: admin.id,
        acknowledgementComment: "Good call on the trial.",
        version: published.version + 1,
        status: "published",
        snapshot: published.snapshot,
      });
      const at = row.acknowledgedAt!.toISOString();
      const page = await getReviewPage(w.gm, w.vbuId, "2026-05-01", NOW);
      expect(page.review!.acknowledgement).toEqual({ byName: admin.name, at, comment: "Good call on the trial." });
      expect(page.canAcknowledge).toBe(false);

      for (const again of [admin, w.admin]) {
        await expectRefused(
          acknowledgeReview(again, { reviewId: published.id, comment: "Again" }),
          `${admin.name} already acknowledged this review on ${formatMoment(at)}.`,
        );
      }
      expect(await reviewRow(published.id)).toEqual(row);
    });

    it("the comment is optional", async () => {
      const w = await world();
      const published = await publishedReview(w.gm, w.vbuId, "2026-04", PUBLISHABLE, NOW);
      await acknowledgeReview(w.admin, { reviewId: published.id, comment: null });
      expect(await reviewRow(published.id)).toMatchObject({ acknowledgedBy: w.admin.id, acknowledgementComment: null });
      expect((await getReviewPage(w.viewer, w.vbuId, "2026-04-01", NOW)).review!.acknowledgement).toMatchObject({
        byName: w.admin.name,
        comment: null,
      });
    });

    it("a published review of a closed month can still be acknowledged", async () => {
      const w = await world();
      const published = await publishedReview(w.gm, w.vbuId, "2026-01", PUBLISHABLE, inMonth("2026-01"));
      await acknowledgeReview(w.admin, { reviewId: published.id, comment: "Late, but seen." });
      expect(await reviewRow(published.id)).toMatchObject({ acknowledgementComment: "Late, but seen." });
    });
  });

  it("the database holds one review per VBU and month", async () => {
    const w = await world();
    await startedDraft(w.gm, w.vbuId, "2026-05", NOW);
    await expect(getDb().insert(monthlyReviews).values({ vbuId: w.vbuId, month: "2026-05-01" })).rejects.toThrow();
    expect(await reviewOf(w.vbuId, "2026-05")).toBeDefined();
  });
});
