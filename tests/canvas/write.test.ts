// The canvas domain layer's mutations (lib/canvas/write.ts), called directly with an actor:
// what each changes, what each refuses, and that a refusal changes nothing.
// Every test creates its own VBU and canvas, so none depends on another or on their order.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { proofPoints } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { proofPointFingerprint, thesisFingerprint } from "../../lib/canvas/fingerprint";
import { type CanvasSnapshot, getCanvasPage } from "../../lib/canvas/read";
import {
  addProofPointSchema,
  addThesisSchema,
  editProofPointSchema,
  editThesisSchema,
  reorderThesesSchema,
  saveCanvasSchema,
  setCurrentlyTestingSchema,
} from "../../lib/canvas/schemas";
import {
  addProofPoint,
  addThesis,
  CANVAS_CONFLICT,
  deleteProofPoint,
  deleteThesis,
  editProofPoint,
  editThesis,
  ORDER_CONFLICT,
  PROOF_POINT_CONFLICT,
  reorderTheses,
  saveCanvas,
  setCurrentlyTesting,
  THESIS_CONFLICT,
  TOO_MANY_THESES,
} from "../../lib/canvas/write";
import { ConflictError, ForbiddenError, NotFoundError, UserFacingError } from "../../lib/errors";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import type { DemoKey } from "../support/session";
import {
  type CanvasValues,
  canvasRow,
  insertCanvas,
  numberedTheses,
  pointAt,
  pointsOf,
  type SeededCanvas,
  snapshot,
  thesesOf,
} from "./support";
import { actorOf } from "../support/session";

// ---------------------------------------------------------------------------- factories

/** Fixtures are last updated long ago, so a write's updated_at is visibly later. */
const LONG_AGO = new Date("2020-01-01T00:00:00.000Z");
const CANVAS_MESSAGE = "Only this VBU's GM, or an admin, can change its canvas.";

/** What a new canvas holds here: every field filled in. */
const ORIGINAL = {
  productName: "Original product",
  lifecycleLane: "build",
  successDescription: "Original success",
  futureStateIntent: "Original future",
  primaryFocus: "Original focus",
  resistDoing: "Original resist",
  goodDiscipline: "Original discipline",
  primaryConstraint: "Original constraint",
  portfolioNotes: "Original notes",
  updatedAt: LONG_AGO,
} satisfies CanvasValues;

/** A new VBU of `gm` with a filled-in canvas, `thesisCount` theses and `pointsPerThesis` proof points each. */
const newCanvas = (gm: DemoKey, thesisCount = 0, pointsPerThesis = 0) =>
  insertCanvas({ gm, values: ORIGINAL, theses: numberedTheses(thesisCount, pointsPerThesis) });

async function pointRow(id: string) {
  const [row] = await getDb().select().from(proofPoints).where(eq(proofPoints.id, id));
  return row;
}

/** The error `promise` rejects with, which must be an instance of `type`. */
async function refusal<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => new Error("expected a refusal, but the operation succeeded"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** A valid canvas form for saveCanvas, parsed as the action would. */
function canvasInput(vbuId: string, version: number, overrides: Record<string, string> = {}) {
  return saveCanvasSchema.parse({
    vbuId,
    version: String(version),
    productName: "Saved product",
    lifecycleLane: "sell",
    successDescription: "Saved success",
    futureStateIntent: "Saved future",
    primaryFocus: "Saved focus",
    resistDoing: "Saved resist",
    goodDiscipline: "Saved discipline",
    primaryConstraint: "Saved constraint",
    ...overrides,
  });
}

function pointInput(vbuId: string, thesisId: string, overrides: Record<string, string> = {}) {
  return addProofPointSchema.parse({
    vbuId,
    thesisId,
    description: "New proof",
    status: "not_started",
    evidenceNote: "",
    targetReviewMonth: "",
    ...overrides,
  });
}

async function editPointInput(vbuId: string, proofPointId: string, overrides: Record<string, string> = {}) {
  return editProofPointSchema.parse({
    vbuId,
    proofPointId,
    description: "Edited proof",
    status: "in_progress",
    evidenceNote: "",
    targetReviewMonth: "",
    previous: proofPointFingerprint((await pointRow(proofPointId))!),
    ...overrides,
  });
}

const target = (vbuId: string, value: string) => setCurrentlyTestingSchema.parse({ vbuId, target: value });
const order = (vbuId: string, previousOrder: string[], wanted: string[]) =>
  reorderThesesSchema.parse({ vbuId, previousOrder: previousOrder.join(","), order: wanted.join(",") });

/** Every mutation, aimed at a canvas made by `newCanvas(gm, 2, 1)`. */
const OPERATIONS: [string, (actor: Actor, f: SeededCanvas) => Promise<unknown>][] = [
  ["saveCanvas", (actor, f) => saveCanvas(actor, canvasInput(f.vbuId, 1))],
  ["addThesis", (actor, f) => addThesis(actor, addThesisSchema.parse({ vbuId: f.vbuId, text: "Added" }))],
  [
    "editThesis",
    (actor, f) =>
      editThesis(actor, {
        vbuId: f.vbuId,
        thesisId: f.thesisIds[0]!,
        text: "Edited",
        previous: thesisFingerprint({ text: "Thesis 1" }),
      }),
  ],
  ["deleteThesis", (actor, f) => deleteThesis(actor, { vbuId: f.vbuId, thesisId: f.thesisIds[1]! })],
  ["reorderTheses", (actor, f) => reorderTheses(actor, order(f.vbuId, f.thesisIds, [...f.thesisIds].reverse()))],
  ["addProofPoint", (actor, f) => addProofPoint(actor, pointInput(f.vbuId, f.thesisIds[0]!))],
  ["editProofPoint", async (actor, f) => editProofPoint(actor, await editPointInput(f.vbuId, f.pointIds[0]![0]!))],
  ["deleteProofPoint", (actor, f) => deleteProofPoint(actor, { vbuId: f.vbuId, proofPointId: f.pointIds[1]![0]! })],
  [
    "setCurrentlyTesting",
    (actor, f) => setCurrentlyTesting(actor, target(f.vbuId, `proof_point:${f.pointIds[0]![0]!}`)),
  ],
];

// ---------------------------------------------------------------------------- tests

describe.each(ENGINES)("canvas writes on %s", (engine) => {
  useSeededAppDatabase(engine);
  let ana: Actor;
  let ben: Actor;
  let admin: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    [ana, ben, admin, viewer] = await Promise.all([
      actorOf("ana"),
      actorOf("ben"),
      actorOf("admin"),
      actorOf("viewer"),
    ]);
  });

  describe("saveCanvas", () => {
    it("sets every field, trimmed, blank optional text as NULL; bumps the version, sets updated_at and updated_by", async () => {
      const f = await newCanvas("ana", 1, 1);
      await pointAt(f.canvasId, "thesis", f.thesisIds[0]!);
      const before = await canvasRow(f.canvasId);
      const thesesBefore = JSON.stringify([await thesesOf(f.canvasId), await pointsOf(f.thesisIds)]);

      const result = await saveCanvas(
        ana,
        canvasInput(f.vbuId, 1, {
          productName: "  New product  ",
          lifecycleLane: "reframe",
          successDescription: "",
          futureStateIntent: "   ",
          primaryFocus: "\tNew focus\n",
          resistDoing: " New resist ",
          goodDiscipline: "\t\n",
          primaryConstraint: "New constraint",
        }),
      );

      expect(result).toEqual({ version: 2 });
      const after = await canvasRow(f.canvasId);
      expect(after).toEqual({
        ...before,
        productName: "New product",
        lifecycleLane: "reframe",
        successDescription: null,
        futureStateIntent: null,
        primaryFocus: "New focus",
        resistDoing: "New resist",
        goodDiscipline: null,
        primaryConstraint: "New constraint",
        portfolioNotes: "Original notes", // a GM's save leaves them alone
        version: 2,
        versionSavedAt: after.updatedAt,
        versionSavedBy: ana.id,
        updatedAt: after.updatedAt,
        updatedBy: ana.id,
      });
      expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
      expect(Math.abs(after.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
      // Theses, proof points and the pointer are not the canvas form's business.
      expect(JSON.stringify([await thesesOf(f.canvasId), await pointsOf(f.thesisIds)])).toBe(thesesBefore);
    });

    it("bumps the version by one on every save", async () => {
      const f = await newCanvas("ana");
      expect(await saveCanvas(ana, canvasInput(f.vbuId, 1))).toEqual({ version: 2 });
      expect(await saveCanvas(ana, canvasInput(f.vbuId, 2, { productName: "Again" }))).toEqual({ version: 3 });
      expect(await canvasRow(f.canvasId)).toMatchObject({ version: 3, productName: "Again" });
    });

    it("lets an admin write portfolio notes, and clear them", async () => {
      const f = await newCanvas("ana");
      await saveCanvas(admin, canvasInput(f.vbuId, 1, { portfolioNotes: "  Review in Q3  " }));
      expect(await canvasRow(f.canvasId)).toMatchObject({
        portfolioNotes: "Review in Q3",
        productName: "Saved product",
        version: 2,
        updatedBy: admin.id,
      });
      await saveCanvas(admin, canvasInput(f.vbuId, 2, { portfolioNotes: " " }));
      expect(await canvasRow(f.canvasId)).toMatchObject({ portfolioNotes: null, version: 3 });
    });

    it("refuses a GM who passes portfolio notes with ForbiddenError, and changes nothing", async () => {
      const f = await newCanvas("ana");
      const before = await snapshot(f.canvasId);
      const error = await refusal(
        saveCanvas(ana, canvasInput(f.vbuId, 1, { portfolioNotes: "GM notes" })),
        ForbiddenError,
      );
      expect(error.message).toBe("Only admins write portfolio notes.");
      expect(await snapshot(f.canvasId)).toBe(before);
    });

    it("refuses a stale version with a ConflictError carrying what is saved now, and changes nothing", async () => {
      const f = await newCanvas("ana");
      await saveCanvas(ana, canvasInput(f.vbuId, 1, { productName: "Ana's product", primaryFocus: "" }));
      const before = await snapshot(f.canvasId);
      const saved = await canvasRow(f.canvasId);

      const error = await refusal(
        saveCanvas(admin, canvasInput(f.vbuId, 1, { productName: "Stale product", portfolioNotes: "Stale" })),
        ConflictError<CanvasSnapshot>,
      );
      expect(error.message).toBe(CANVAS_CONFLICT);
      expect(error.latest).toEqual({
        values: {
          productName: "Ana's product",
          lifecycleLane: "sell",
          successDescription: "Saved success",
          futureStateIntent: "Saved future",
          primaryFocus: null,
          resistDoing: "Saved resist",
          goodDiscipline: "Saved discipline",
          primaryConstraint: "Saved constraint",
          portfolioNotes: "Original notes",
        },
        version: 2,
        savedAt: saved.versionSavedAt.toISOString(),
        savedById: ana.id,
        savedByName: "Ana Silva",
      });
      expect(await snapshot(f.canvasId)).toBe(before);
    });

    it("names in a conflict who saved the version, not who last changed a thesis or proof point", async () => {
      const f = await newCanvas("ana");
      await saveCanvas(ana, canvasInput(f.vbuId, 1, { productName: "Ana's product" }));
      const savedByAna = await canvasRow(f.canvasId);
      await addThesis(admin, addThesisSchema.parse({ vbuId: f.vbuId, text: "The admin's thesis" }));
      const touched = await canvasRow(f.canvasId);
      // The canvas's last change is the admin's, and its version is still Ana's.
      expect(touched).toMatchObject({ version: 2, updatedBy: admin.id, versionSavedBy: ana.id });
      expect(touched.versionSavedAt).toEqual(savedByAna.versionSavedAt);

      const error = await refusal(
        saveCanvas(ana, canvasInput(f.vbuId, 1, { productName: "From an old tab" })),
        ConflictError<CanvasSnapshot>,
      );
      expect(error.latest).toMatchObject({
        version: 2,
        savedById: ana.id,
        savedByName: "Ana Silva",
        savedAt: savedByAna.versionSavedAt.toISOString(),
      });
      expect((await getCanvasPage(ana, f.vbuId)).updatedByName).toBe("Morgan Ellis");
    });

    it("refuses a version from the future too", async () => {
      const f = await newCanvas("ana");
      const before = await snapshot(f.canvasId);
      const error = await refusal(saveCanvas(ana, canvasInput(f.vbuId, 7)), ConflictError<CanvasSnapshot>);
      expect(error.latest.version).toBe(1);
      expect(await snapshot(f.canvasId)).toBe(before);
    });
  });

  describe("theses", () => {
    it("addThesis appends with order n + 1, trimmed, and records who changed the canvas", async () => {
      const empty = await newCanvas("ana");
      await addThesis(ana, addThesisSchema.parse({ vbuId: empty.vbuId, text: "  First  " }));
      expect((await thesesOf(empty.canvasId)).map((t) => [t.order, t.text])).toEqual([[1, "First"]]);

      const f = await newCanvas("ana", 2);
      const { id } = await addThesis(ana, addThesisSchema.parse({ vbuId: f.vbuId, text: "Third" }));
      const rows = await thesesOf(f.canvasId);
      expect(rows.map((t) => [t.id, t.order, t.text])).toEqual([
        [f.thesisIds[0], 1, "Thesis 1"],
        [f.thesisIds[1], 2, "Thesis 2"],
        [id, 3, "Third"],
      ]);
      const canvas = await canvasRow(f.canvasId);
      expect(canvas).toMatchObject({ updatedBy: ana.id, version: 1, productName: "Original product" });
      expect(canvas.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
    });

    it("addThesis refuses a sixth thesis with TOO_MANY_THESES as a field error on text", async () => {
      const f = await newCanvas("ana", 5);
      const before = await snapshot(f.canvasId);
      const error = await refusal(
        addThesis(ana, addThesisSchema.parse({ vbuId: f.vbuId, text: "Sixth" })),
        UserFacingError,
      );
      expect(error.message).toBe(TOO_MANY_THESES);
      expect(error.fieldErrors).toEqual({ text: [TOO_MANY_THESES] });
      expect(await snapshot(f.canvasId)).toBe(before);
    });

    it("editThesis changes the text of that thesis only", async () => {
      const f = await newCanvas("ana", 2, 1);
      await editThesis(
        ana,
        editThesisSchema.parse({
          vbuId: f.vbuId,
          thesisId: f.thesisIds[1]!,
          text: "  Sharper thesis ",
          previous: thesisFingerprint({ text: "Thesis 2" }),
        }),
      );
      const rows = await thesesOf(f.canvasId);
      expect(rows.map((t) => [t.id, t.order, t.text])).toEqual([
        [f.thesisIds[0], 1, "Thesis 1"],
        [f.thesisIds[1], 2, "Sharper thesis"],
      ]);
      expect(await canvasRow(f.canvasId)).toMatchObject({ updatedBy: ana.id, version: 1 });
    });

    it("editThesis refuses an edit started from an older text with a ConflictError carrying the latest text", async () => {
      const f = await newCanvas("ana", 1);
      const startedFrom = thesisFingerprint({ text: "Thesis 1" });
      // Someone else saves first, from the same starting point.
      await editThesis(admin, {
        vbuId: f.vbuId,
        thesisId: f.thesisIds[0]!,
        text: "Admin's text",
        previous: startedFrom,
      });
      const before = await snapshot(f.canvasId);

      const error = await refusal(
        editThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[0]!, text: "Ana's text", previous: startedFrom }),
        ConflictError,
      );
      expect(error.message).toBe(THESIS_CONFLICT);
      expect(error.latest).toEqual({ text: "Admin's text", fingerprint: thesisFingerprint({ text: "Admin's text" }) });
      expect(await snapshot(f.canvasId)).toBe(before);
    });

    it("deleteThesis of the middle one of five renumbers the rest 1..4 and deletes its proof points", async () => {
      const f = await newCanvas("ana", 5, 2);
      await pointAt(f.canvasId, "thesis", f.thesisIds[0]!);
      await deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[2]! });

      const rows = await thesesOf(f.canvasId);
      const kept = f.thesisIds.filter((_, i) => i !== 2);
      expect(rows.map((t) => [t.id, t.order, t.text])).toEqual([
        [kept[0], 1, "Thesis 1"],
        [kept[1], 2, "Thesis 2"],
        [kept[2], 3, "Thesis 4"],
        [kept[3], 4, "Thesis 5"],
      ]);
      expect(await pointsOf([f.thesisIds[2]!])).toEqual([]);
      expect((await pointsOf(kept)).map((p) => p.id).sort()).toEqual(
        f.pointIds
          .filter((_, i) => i !== 2)
          .flat()
          .sort(),
      );
      // The pointer aimed elsewhere: left alone.
      expect(await canvasRow(f.canvasId)).toMatchObject({
        currentlyTestingType: "thesis",
        currentlyTestingId: f.thesisIds[0],
        updatedBy: ana.id,
      });
    });

    it("deleteThesis clears the pointer when it points at that thesis", async () => {
      const f = await newCanvas("ana", 2, 1);
      await pointAt(f.canvasId, "thesis", f.thesisIds[0]!);
      await deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[0]! });
      expect(await canvasRow(f.canvasId)).toMatchObject({ currentlyTestingType: null, currentlyTestingId: null });
      expect((await thesesOf(f.canvasId)).map((t) => [t.id, t.order])).toEqual([[f.thesisIds[1], 1]]);
    });

    it("deleteThesis clears the pointer when it points at one of that thesis's proof points", async () => {
      const f = await newCanvas("ana", 2, 2);
      await pointAt(f.canvasId, "proof_point", f.pointIds[1]![1]!);
      await deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[1]! });
      expect(await canvasRow(f.canvasId)).toMatchObject({ currentlyTestingType: null, currentlyTestingId: null });
    });

    it("deleteThesis leaves a pointer at another thesis's proof point alone", async () => {
      const f = await newCanvas("ana", 2, 1);
      await pointAt(f.canvasId, "proof_point", f.pointIds[0]![0]!);
      await deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[1]! });
      expect(await canvasRow(f.canvasId)).toMatchObject({
        currentlyTestingType: "proof_point",
        currentlyTestingId: f.pointIds[0]![0],
      });
    });

    it("reorderTheses reverses five theses, orders staying 1..5", async () => {
      const f = await newCanvas("ana", 5);
      const reversed = [...f.thesisIds].reverse();
      await reorderTheses(ana, order(f.vbuId, f.thesisIds, reversed));
      const rows = await thesesOf(f.canvasId);
      expect(rows.map((t) => t.id)).toEqual(reversed);
      expect(rows.map((t) => t.order)).toEqual([1, 2, 3, 4, 5]);
      expect(rows.map((t) => t.text)).toEqual(["Thesis 5", "Thesis 4", "Thesis 3", "Thesis 2", "Thesis 1"]);
      expect(await canvasRow(f.canvasId)).toMatchObject({ updatedBy: ana.id });
    });

    it("reorderTheses refuses a stale previous order with a ConflictError and moves nothing", async () => {
      const f = await newCanvas("ana", 3);
      const [a, b, c] = f.thesisIds as [string, string, string];
      await reorderTheses(admin, order(f.vbuId, [a, b, c], [c, a, b]));
      const before = await snapshot(f.canvasId);
      const error = await refusal(reorderTheses(ana, order(f.vbuId, [a, b, c], [b, a, c])), ConflictError);
      expect(error.message).toBe(ORDER_CONFLICT);
      expect(error.latest).toEqual({ order: [c, a, b] });
      expect(await snapshot(f.canvasId)).toBe(before);
    });

    it("reorderTheses refuses an order that is not a permutation of the canvas's theses", async () => {
      const f = await newCanvas("ana", 3);
      const other = await newCanvas("ben", 1);
      const [a, b, c] = f.thesisIds as [string, string, string];
      const before = await snapshot(f.canvasId);
      const otherBefore = await snapshot(other.canvasId);
      for (const wanted of [
        [a, b], // one missing
        [a, a, b], // a duplicate
        [a, b, other.thesisIds[0]!], // another canvas's thesis
        [a, b, c, other.thesisIds[0]!], // one too many
      ]) {
        const error = await refusal(reorderTheses(ana, order(f.vbuId, [a, b, c], wanted)), UserFacingError);
        expect(error).not.toBeInstanceOf(ConflictError);
        expect(error.message).toBe("The new order must list each thesis of this canvas once.");
      }
      expect(await snapshot(f.canvasId)).toBe(before);
      expect(await snapshot(other.canvasId)).toBe(otherBefore);
    });
  });

  describe("proof points", () => {
    it("addProofPoint stores every status and a month as its first day; the page reads it back as YYYY-MM", async () => {
      const f = await newCanvas("ana", 1);
      const statuses = ["not_started", "in_progress", "observed", "stalled"] as const;
      const ids: string[] = [];
      for (const [i, status] of statuses.entries()) {
        const { id } = await addProofPoint(
          ana,
          pointInput(f.vbuId, f.thesisIds[0]!, {
            description: `  Proof ${status} `,
            status,
            evidenceNote: i % 2 === 0 ? "" : ` Note ${i} `,
            targetReviewMonth: `2026-0${i + 1}`,
          }),
        );
        ids.push(id);
      }
      for (const [i, status] of statuses.entries()) {
        expect(await pointRow(ids[i]!)).toMatchObject({
          thesisId: f.thesisIds[0],
          description: `Proof ${status}`,
          status,
          evidenceNote: i % 2 === 0 ? null : `Note ${i}`,
          targetReviewMonth: `2026-0${i + 1}-01`,
        });
      }
      const page = await getCanvasPage(ana, f.vbuId);
      expect(page.theses[0]!.proofPoints.map((p) => [p.id, p.status, p.targetReviewMonth])).toEqual(
        statuses.map((status, i) => [ids[i], status, `2026-0${i + 1}`]),
      );
      expect(await canvasRow(f.canvasId)).toMatchObject({ updatedBy: ana.id });
    });

    it("addProofPoint without a month stores NULL", async () => {
      const f = await newCanvas("ana", 1);
      const { id } = await addProofPoint(ana, pointInput(f.vbuId, f.thesisIds[0]!));
      expect(await pointRow(id)).toMatchObject({ status: "not_started", targetReviewMonth: null, evidenceNote: null });
    });

    it("addProofPoint refuses another canvas's thesis with NotFoundError", async () => {
      const f = await newCanvas("ana", 1);
      const other = await newCanvas("ben", 1);
      const before = [await snapshot(f.canvasId), await snapshot(other.canvasId)];
      await refusal(addProofPoint(ana, pointInput(f.vbuId, other.thesisIds[0]!)), NotFoundError);
      expect([await snapshot(f.canvasId), await snapshot(other.canvasId)]).toEqual(before);
    });

    it("editProofPoint changes the status, the note and the description, and clears the month", async () => {
      const f = await newCanvas("ana", 1, 2);
      const [id, untouched] = f.pointIds[0] as [string, string];
      await getDb().update(proofPoints).set({ targetReviewMonth: "2026-05-01" }).where(eq(proofPoints.id, id));
      const untouchedBefore = await pointRow(untouched);

      await editProofPoint(
        ana,
        await editPointInput(f.vbuId, id, {
          description: " Sharper proof ",
          status: "observed",
          evidenceNote: " Seen in May ",
          targetReviewMonth: "",
        }),
      );
      expect(await pointRow(id)).toMatchObject({
        description: "Sharper proof",
        status: "observed",
        evidenceNote: "Seen in May",
        targetReviewMonth: null,
      });
      expect(await pointRow(untouched)).toEqual(untouchedBefore);
      expect(await canvasRow(f.canvasId)).toMatchObject({ updatedBy: ana.id });
    });

    it("editProofPoint refuses an edit started from older values with a ConflictError carrying the latest", async () => {
      const f = await newCanvas("ana", 1, 1);
      const id = f.pointIds[0]![0]!;
      const stale = await editPointInput(f.vbuId, id, { description: "Ana's proof" });
      await editProofPoint(
        admin,
        await editPointInput(f.vbuId, id, {
          description: "Admin's proof",
          status: "stalled",
          evidenceNote: "Blocked",
          targetReviewMonth: "2027-02",
        }),
      );
      const before = await snapshot(f.canvasId);

      const error = await refusal(editProofPoint(ana, stale), ConflictError);
      expect(error.message).toBe(PROOF_POINT_CONFLICT);
      expect(error.latest).toEqual({
        id,
        description: "Admin's proof",
        status: "stalled",
        evidenceNote: "Blocked",
        targetReviewMonth: "2027-02",
        fingerprint: proofPointFingerprint({
          description: "Admin's proof",
          status: "stalled",
          evidenceNote: "Blocked",
          targetReviewMonth: "2027-02-01",
        }),
      });
      expect(await snapshot(f.canvasId)).toBe(before);
    });

    it("the fingerprint the page shows is the one an edit must send", async () => {
      const f = await newCanvas("ana", 1, 1);
      const id = f.pointIds[0]![0]!;
      await getDb().update(proofPoints).set({ targetReviewMonth: "2026-05-01" }).where(eq(proofPoints.id, id));
      const page = await getCanvasPage(ana, f.vbuId);
      const shown = page.theses[0]!.proofPoints[0]!;
      await editProofPoint(ana, await editPointInput(f.vbuId, id, { previous: shown.fingerprint }));
      await editThesis(ana, {
        vbuId: f.vbuId,
        thesisId: f.thesisIds[0]!,
        text: "New",
        previous: page.theses[0]!.fingerprint,
      });
      expect((await pointRow(id))!.description).toBe("Edited proof");
      expect((await thesesOf(f.canvasId))[0]!.text).toBe("New");
    });

    it("deleteProofPoint deletes it and clears the pointer at it", async () => {
      const f = await newCanvas("ana", 1, 2);
      const [id, kept] = f.pointIds[0] as [string, string];
      await pointAt(f.canvasId, "proof_point", id);
      await deleteProofPoint(ana, { vbuId: f.vbuId, proofPointId: id });
      expect(await pointRow(id)).toBeUndefined();
      expect(await pointRow(kept)).toBeDefined();
      expect(await canvasRow(f.canvasId)).toMatchObject({
        currentlyTestingType: null,
        currentlyTestingId: null,
        updatedBy: ana.id,
      });
    });

    it("deleteProofPoint leaves a pointer at something else alone", async () => {
      const f = await newCanvas("ana", 1, 2);
      const [id, kept] = f.pointIds[0] as [string, string];
      await pointAt(f.canvasId, "proof_point", kept);
      await deleteProofPoint(ana, { vbuId: f.vbuId, proofPointId: id });
      expect(await canvasRow(f.canvasId)).toMatchObject({
        currentlyTestingType: "proof_point",
        currentlyTestingId: kept,
      });
    });
  });

  describe("setCurrentlyTesting", () => {
    it("points at a thesis, then at a proof point, then at nothing", async () => {
      const f = await newCanvas("ana", 2, 1);
      await setCurrentlyTesting(ana, target(f.vbuId, `thesis:${f.thesisIds[1]!}`));
      expect(await canvasRow(f.canvasId)).toMatchObject({
        currentlyTestingType: "thesis",
        currentlyTestingId: f.thesisIds[1],
        updatedBy: ana.id,
        version: 1,
      });
      await setCurrentlyTesting(admin, target(f.vbuId, `proof_point:${f.pointIds[0]![0]!}`));
      expect(await canvasRow(f.canvasId)).toMatchObject({
        currentlyTestingType: "proof_point",
        currentlyTestingId: f.pointIds[0]![0],
        updatedBy: admin.id,
      });
      await setCurrentlyTesting(ana, target(f.vbuId, ""));
      expect(await canvasRow(f.canvasId)).toMatchObject({ currentlyTestingType: null, currentlyTestingId: null });
    });

    it("refuses another canvas's thesis or proof point, or a type that does not match, with a field error on target", async () => {
      const f = await newCanvas("ana", 1, 1);
      const other = await newCanvas("ana", 1, 1); // even another canvas of the same GM
      await pointAt(f.canvasId, "thesis", f.thesisIds[0]!);
      const before = [await snapshot(f.canvasId), await snapshot(other.canvasId)];
      for (const aim of [
        `thesis:${other.thesisIds[0]!}`,
        `proof_point:${other.pointIds[0]![0]!}`,
        `proof_point:${f.thesisIds[0]!}`, // a thesis id given as a proof point
        `thesis:${f.pointIds[0]![0]!}`,
        `thesis:${randomUUID()}`,
      ]) {
        const error = await refusal(setCurrentlyTesting(ana, target(f.vbuId, aim)), UserFacingError);
        expect(error.fieldErrors).toEqual({ target: ["Choose a thesis or a proof point of this canvas."] });
      }
      expect([await snapshot(f.canvasId), await snapshot(other.canvasId)]).toEqual(before);
    });
  });

  describe("authorization", () => {
    for (const [name, operation] of OPERATIONS) {
      it(`${name} refuses a viewer and another VBU's GM with ForbiddenError, changing nothing`, async () => {
        const f = await newCanvas("ana", 2, 1);
        await pointAt(f.canvasId, "thesis", f.thesisIds[0]!);
        const before = await snapshot(f.canvasId);
        for (const actor of [viewer, ben]) {
          const error = await refusal(operation(actor, f), ForbiddenError);
          expect(error.message).toBe(CANVAS_MESSAGE);
        }
        expect(await snapshot(f.canvasId)).toBe(before);
      });

      it(`${name} lets an admin change any VBU's canvas`, async () => {
        const f = await newCanvas("chloe", 2, 1);
        await pointAt(f.canvasId, "thesis", f.thesisIds[0]!);
        const before = await snapshot(f.canvasId);
        await operation(admin, f);
        expect(await snapshot(f.canvasId)).not.toBe(before);
        expect(await canvasRow(f.canvasId)).toMatchObject({ updatedBy: admin.id });
      });

      it(`${name} answers NotFoundError for an unknown VBU`, async () => {
        const f = await newCanvas("ana", 2, 1);
        const before = await snapshot(f.canvasId);
        await refusal(operation(admin, { ...f, vbuId: randomUUID() }), NotFoundError);
        await refusal(operation(ana, { ...f, vbuId: randomUUID() }), NotFoundError);
        expect(await snapshot(f.canvasId)).toBe(before);
      });
    }

    it("answers NotFoundError for an unknown thesis or proof point of the GM's own canvas", async () => {
      const f = await newCanvas("ana", 1, 1);
      const before = await snapshot(f.canvasId);
      const ghost = randomUUID();
      await refusal(editThesis(ana, { vbuId: f.vbuId, thesisId: ghost, text: "x", previous: "x" }), NotFoundError);
      await refusal(deleteThesis(ana, { vbuId: f.vbuId, thesisId: ghost }), NotFoundError);
      await refusal(addProofPoint(ana, pointInput(f.vbuId, ghost)), NotFoundError);
      await refusal(
        editProofPoint(ana, { ...(await editPointInput(f.vbuId, f.pointIds[0]![0]!)), proofPointId: ghost }),
        NotFoundError,
      );
      await refusal(deleteProofPoint(ana, { vbuId: f.vbuId, proofPointId: ghost }), NotFoundError);
      expect(await snapshot(f.canvasId)).toBe(before);
    });

    it("refuses a GM who aims at another canvas's thesis or proof point through their own VBU", async () => {
      const f = await newCanvas("ana", 1, 1);
      const other = await newCanvas("ben", 2, 1);
      const before = [await snapshot(f.canvasId), await snapshot(other.canvasId)];
      const [theirThesis] = other.thesisIds as [string];
      const theirPoint = other.pointIds[0]![0]!;
      await refusal(
        editThesis(ana, {
          vbuId: f.vbuId,
          thesisId: theirThesis,
          text: "x",
          previous: thesisFingerprint({ text: "Thesis 1" }),
        }),
        NotFoundError,
      );
      await refusal(deleteThesis(ana, { vbuId: f.vbuId, thesisId: theirThesis }), NotFoundError);
      await refusal(
        editProofPoint(ana, { ...(await editPointInput(other.vbuId, theirPoint)), vbuId: f.vbuId }),
        NotFoundError,
      );
      await refusal(deleteProofPoint(ana, { vbuId: f.vbuId, proofPointId: theirPoint }), NotFoundError);
      expect([await snapshot(f.canvasId), await snapshot(other.canvasId)]).toEqual(before);
    });
  });
});
