// The canvas server actions (app/vbus/[id]/actions.ts) under hostile input, signed in as the
// VBU's GM: every bad input answers an error state (never throws) and changes nothing. Plus
// the happy path and conflicts as the form sees them.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as canvasActions from "../../app/vbus/[id]/actions";
import {
  addProofPointAction,
  addThesisAction,
  deleteAttachmentAction,
  deleteProofPointAction,
  deleteThesisAction,
  editProofPointAction,
  editThesisAction,
  relabelAttachmentAction,
  reorderThesesAction,
  saveCanvasAction,
  setCurrentlyTestingAction,
} from "../../app/vbus/[id]/actions";
import { getDb } from "../../db/client";
import { proofPoints, vbus } from "../../db/schema";
import { type ActionState, IDLE, type ServerAction } from "../../lib/action-state";
import { proofPointFingerprint, thesisFingerprint } from "../../lib/canvas/fingerprint";
import { CANVAS_CONFLICT, PROOF_POINT_CONFLICT, THESIS_CONFLICT, TOO_MANY_THESES } from "../../lib/canvas/write";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { type DemoKey, idOf, run, signInAs } from "../support/session";
import { canvasRow, insertCanvas, pointAt, type SeededCanvas, snapshot, thesesOf, type ThesisSeed } from "./support";

type Action = ServerAction<unknown>;
type Values = Record<string, string>;

// ---------------------------------------------------------------------------- factories

const CHECK_FIELDS = "Check the highlighted fields.";
const CANVAS_MESSAGE = "Only this VBU's GM, or an admin, can change its canvas.";
const LIMIT_255 = "Keep it to 255 characters or fewer.";
const LIMIT_5000 = "Keep it to 5000 characters or fewer.";
const THESIS_NOT_FOUND = "That thesis was not found. It may have been deleted.";
const POINT_NOT_FOUND = "That proof point was not found. It may have been deleted.";
const NOT_OF_THIS_CANVAS = "Choose a thesis or a proof point of this canvas.";
const LONG_FIELDS = [
  "successDescription",
  "futureStateIntent",
  "resistDoing",
  "goodDiscipline",
  "primaryConstraint",
] as const;

/** A new VBU of `gm` with a canvas of two theses, one proof point each, testing thesis 1. */
async function newCanvas(gm: DemoKey): Promise<SeededCanvas> {
  const canvas = await insertCanvas({
    gm,
    values: { productName: "Original", portfolioNotes: "Original notes" },
    theses: [1, 2].map((n): ThesisSeed => [`Thesis ${n}`, [{ description: `Proof ${n}`, month: "2026-04" }]]),
  });
  await pointAt(canvas.canvasId, "thesis", canvas.thesisIds[0]!);
  return canvas;
}

/** Runs an action that must answer (not throw, not redirect). */
async function answer(action: Action, values: Values): Promise<ActionState<unknown>> {
  const result = await run(action, values);
  if (result === "redirected") throw new Error("The action redirected");
  return result;
}

/** A complete, valid canvas form. */
const canvasForm = (f: SeededCanvas, overrides: Values = {}): Values => ({
  vbuId: f.vbuId,
  version: "1",
  productName: "Product",
  lifecycleLane: "sell",
  successDescription: "Success",
  futureStateIntent: "Future",
  primaryFocus: "Focus",
  resistDoing: "Resist",
  goodDiscipline: "Discipline",
  primaryConstraint: "Constraint",
  ...overrides,
});

const pointFields = (overrides: Values = {}): Values => ({
  description: "Proof",
  status: "in_progress",
  evidenceNote: "",
  targetReviewMonth: "2026-03",
  ...overrides,
});

const previousPoint = (n: number) =>
  proofPointFingerprint({
    description: `Proof ${n}`,
    status: "not_started",
    evidenceNote: null,
    targetReviewMonth: "2026-04-01",
  });
const previousThesis = (n: number) => thesisFingerprint({ text: `Thesis ${n}` });

interface Hostile {
  name: string;
  action: Action;
  /** The input, given the GM's own canvas and another GM's (Ben's). */
  values: (own: SeededCanvas, other: SeededCanvas) => Values;
  /** What the error state must contain. */
  expected: Partial<ActionState> | Record<string, unknown>;
}

const fieldError = (field: string, ...messages: string[]) => ({
  formError: CHECK_FIELDS,
  fieldErrors: { [field]: messages },
});
const hasFieldError = (field: string, message: string) => ({
  formError: CHECK_FIELDS,
  fieldErrors: { [field]: expect.arrayContaining([message]) },
});

const HOSTILE: Hostile[] = [
  // ------------------------------------------------------------ saveCanvasAction
  {
    name: "saveCanvasAction: a 256-character product name",
    action: saveCanvasAction,
    values: (f) => canvasForm(f, { productName: "p".repeat(256) }),
    expected: fieldError("productName", LIMIT_255),
  },
  {
    name: "saveCanvasAction: a 256-character primary focus",
    action: saveCanvasAction,
    values: (f) => canvasForm(f, { primaryFocus: "f".repeat(256) }),
    expected: fieldError("primaryFocus", LIMIT_255),
  },
  {
    name: "saveCanvasAction: 5001 characters in every long text",
    action: saveCanvasAction,
    values: (f) => canvasForm(f, Object.fromEntries(LONG_FIELDS.map((field) => [field, "t".repeat(5001)]))),
    expected: {
      formError: CHECK_FIELDS,
      fieldErrors: Object.fromEntries(LONG_FIELDS.map((field) => [field, [LIMIT_5000]])),
    },
  },
  {
    name: "saveCanvasAction: a version that is not a number",
    action: saveCanvasAction,
    values: (f) => canvasForm(f, { version: "abc" }),
    expected: fieldError("version", "The canvas version is missing. Reload the page."),
  },
  {
    name: "saveCanvasAction: a fractional version",
    action: saveCanvasAction,
    values: (f) => canvasForm(f, { version: "1.5" }),
    expected: { formError: CHECK_FIELDS, fieldErrors: { version: expect.any(Array) } },
  },
  {
    name: "saveCanvasAction: a lane that does not exist",
    action: saveCanvasAction,
    values: (f) => canvasForm(f, { lifecycleLane: "sideways" }),
    expected: fieldError("lifecycleLane", "Choose a lifecycle lane."),
  },
  {
    name: "saveCanvasAction: missing fields",
    action: saveCanvasAction,
    values: (f) => ({ vbuId: f.vbuId }),
    expected: {
      formError: CHECK_FIELDS,
      fieldErrors: expect.objectContaining({
        version: ["The canvas version is missing. Reload the page."],
        lifecycleLane: ["Choose a lifecycle lane."],
        productName: expect.any(Array),
        primaryConstraint: expect.any(Array),
      }),
    },
  },
  {
    name: "saveCanvasAction: a malformed VBU id",
    action: saveCanvasAction,
    values: (f) => canvasForm(f, { vbuId: "1 OR 1=1" }),
    expected: fieldError("vbuId", "The VBU is not valid. Reload the page."),
  },
  {
    name: "saveCanvasAction: another GM's VBU",
    action: saveCanvasAction,
    values: (_, other) => canvasForm(other),
    expected: { formError: CANVAS_MESSAGE, fieldErrors: {} },
  },
  {
    name: "saveCanvasAction: portfolio notes from a GM",
    action: saveCanvasAction,
    values: (f) => canvasForm(f, { portfolioNotes: "GM's notes" }),
    expected: { formError: "Only admins write portfolio notes.", fieldErrors: {} },
  },
  // ------------------------------------------------------------ theses
  ...["", "   ", "\t\n", " \r\n\t "].map((text): Hostile => ({
    name: `addThesisAction: a blank thesis ${JSON.stringify(text)}`,
    action: addThesisAction,
    values: (f) => ({ vbuId: f.vbuId, text }),
    expected: fieldError("text", "Enter the thesis."),
  })),
  {
    name: "addThesisAction: a 5001-character thesis",
    action: addThesisAction,
    values: (f) => ({ vbuId: f.vbuId, text: "t".repeat(5001) }),
    expected: fieldError("text", LIMIT_5000),
  },
  {
    name: "addThesisAction: no text at all",
    action: addThesisAction,
    values: (f) => ({ vbuId: f.vbuId }),
    expected: fieldError("text", "Enter the thesis."),
  },
  {
    name: "addThesisAction: another GM's VBU",
    action: addThesisAction,
    values: (_, other) => ({ vbuId: other.vbuId, text: "Planted" }),
    expected: { formError: CANVAS_MESSAGE },
  },
  {
    name: "editThesisAction: a blank thesis of tabs and newlines",
    action: editThesisAction,
    values: (f) => ({ vbuId: f.vbuId, thesisId: f.thesisIds[0]!, text: "\t\n", previous: previousThesis(1) }),
    expected: fieldError("text", "Enter the thesis."),
  },
  {
    name: "editThesisAction: another canvas's thesis through this VBU",
    action: editThesisAction,
    values: (f, other) => ({
      vbuId: f.vbuId,
      thesisId: other.thesisIds[0]!,
      text: "Hijack",
      previous: previousThesis(1),
    }),
    expected: { formError: THESIS_NOT_FOUND },
  },
  {
    name: "editThesisAction: a malformed thesis id",
    action: editThesisAction,
    values: (f) => ({ vbuId: f.vbuId, thesisId: "123", text: "x", previous: previousThesis(1) }),
    expected: fieldError("thesisId", "The thesis is not valid. Reload the page."),
  },
  {
    name: "editThesisAction: no fingerprint of what the edit started from",
    action: editThesisAction,
    values: (f) => ({ vbuId: f.vbuId, thesisId: f.thesisIds[0]!, text: "x" }),
    expected: { formError: CHECK_FIELDS, fieldErrors: { previous: expect.any(Array) } },
  },
  {
    name: "editThesisAction: another GM's VBU",
    action: editThesisAction,
    values: (_, other) => ({
      vbuId: other.vbuId,
      thesisId: other.thesisIds[0]!,
      text: "x",
      previous: previousThesis(1),
    }),
    expected: { formError: CANVAS_MESSAGE },
  },
  {
    name: "deleteThesisAction: another canvas's thesis through this VBU",
    action: deleteThesisAction,
    values: (f, other) => ({ vbuId: f.vbuId, thesisId: other.thesisIds[0]! }),
    expected: { formError: THESIS_NOT_FOUND },
  },
  {
    name: "deleteThesisAction: missing fields",
    action: deleteThesisAction,
    values: () => ({}),
    expected: {
      formError: CHECK_FIELDS,
      fieldErrors: { vbuId: expect.any(Array), thesisId: expect.any(Array) },
    },
  },
  {
    name: "deleteThesisAction: another GM's VBU",
    action: deleteThesisAction,
    values: (_, other) => ({ vbuId: other.vbuId, thesisId: other.thesisIds[0]! }),
    expected: { formError: CANVAS_MESSAGE },
  },
  {
    name: "reorderThesesAction: another canvas's thesis in the order",
    action: reorderThesesAction,
    values: (f, other) => ({
      vbuId: f.vbuId,
      previousOrder: f.thesisIds.join(","),
      order: [f.thesisIds[1]!, other.thesisIds[0]!].join(","),
    }),
    expected: { formError: "The new order must list each thesis of this canvas once." },
  },
  {
    name: "reorderThesesAction: a thesis twice",
    action: reorderThesesAction,
    values: (f) => ({
      vbuId: f.vbuId,
      previousOrder: f.thesisIds.join(","),
      order: [f.thesisIds[1]!, f.thesisIds[1]!].join(","),
    }),
    expected: { formError: "The new order must list each thesis of this canvas once." },
  },
  {
    name: "reorderThesesAction: a thesis left out",
    action: reorderThesesAction,
    values: (f) => ({ vbuId: f.vbuId, previousOrder: f.thesisIds.join(","), order: f.thesisIds[1]! }),
    expected: { formError: "The new order must list each thesis of this canvas once." },
  },
  {
    name: "reorderThesesAction: malformed ids",
    action: reorderThesesAction,
    values: (f) => ({ vbuId: f.vbuId, previousOrder: f.thesisIds.join(","), order: "a,b" }),
    expected: hasFieldError("order", "A thesis is not valid. Reload the page."),
  },
  {
    name: "reorderThesesAction: more ids than a canvas can hold",
    action: reorderThesesAction,
    values: (f) => ({
      vbuId: f.vbuId,
      previousOrder: f.thesisIds.join(","),
      order: Array.from({ length: 6 }, () => randomUUID()).join(","),
    }),
    expected: { formError: CHECK_FIELDS, fieldErrors: { order: expect.any(Array) } },
  },
  {
    name: "reorderThesesAction: another GM's VBU",
    action: reorderThesesAction,
    values: (_, other) => ({
      vbuId: other.vbuId,
      previousOrder: other.thesisIds.join(","),
      order: [...other.thesisIds].reverse().join(","),
    }),
    expected: { formError: CANVAS_MESSAGE },
  },
  // ------------------------------------------------------------ proof points
  ...["   ", "\t\n", ""].map((description): Hostile => ({
    name: `addProofPointAction: a blank description ${JSON.stringify(description)}`,
    action: addProofPointAction,
    values: (f) => ({ vbuId: f.vbuId, thesisId: f.thesisIds[0]!, ...pointFields({ description }) }),
    expected: fieldError("description", "Enter what would prove it."),
  })),
  {
    name: "addProofPointAction: a status that does not exist",
    action: addProofPointAction,
    values: (f) => ({ vbuId: f.vbuId, thesisId: f.thesisIds[0]!, ...pointFields({ status: "done" }) }),
    expected: fieldError("status", "Choose a status."),
  },
  ...["2026-13", "2026-1", "13/2026", "2026-03-15", "March"].map((month): Hostile => ({
    name: `addProofPointAction: the month ${JSON.stringify(month)}`,
    action: addProofPointAction,
    values: (f) => ({ vbuId: f.vbuId, thesisId: f.thesisIds[0]!, ...pointFields({ targetReviewMonth: month }) }),
    expected: hasFieldError("targetReviewMonth", "Choose a month (YYYY-MM)."),
  })),
  {
    name: "addProofPointAction: a month before 2000",
    action: addProofPointAction,
    values: (f) => ({ vbuId: f.vbuId, thesisId: f.thesisIds[0]!, ...pointFields({ targetReviewMonth: "1999-12" }) }),
    expected: fieldError("targetReviewMonth", "Choose a month between 2000 and 2100."),
  },
  {
    name: "addProofPointAction: 5001 characters of description and of evidence note",
    action: addProofPointAction,
    values: (f) => ({
      vbuId: f.vbuId,
      thesisId: f.thesisIds[0]!,
      ...pointFields({ description: "d".repeat(5001), evidenceNote: "e".repeat(5001) }),
    }),
    expected: { formError: CHECK_FIELDS, fieldErrors: { description: [LIMIT_5000], evidenceNote: [LIMIT_5000] } },
  },
  {
    name: "addProofPointAction: another canvas's thesis through this VBU",
    action: addProofPointAction,
    values: (f, other) => ({ vbuId: f.vbuId, thesisId: other.thesisIds[0]!, ...pointFields() }),
    expected: { formError: THESIS_NOT_FOUND },
  },
  {
    name: "addProofPointAction: missing fields",
    action: addProofPointAction,
    values: (f) => ({ vbuId: f.vbuId, thesisId: f.thesisIds[0]! }),
    expected: {
      formError: CHECK_FIELDS,
      fieldErrors: expect.objectContaining({
        description: ["Enter what would prove it."],
        status: ["Choose a status."],
        targetReviewMonth: expect.any(Array),
      }),
    },
  },
  {
    name: "addProofPointAction: another GM's VBU",
    action: addProofPointAction,
    values: (_, other) => ({ vbuId: other.vbuId, thesisId: other.thesisIds[0]!, ...pointFields() }),
    expected: { formError: CANVAS_MESSAGE },
  },
  {
    name: "editProofPointAction: a blank description of tabs and newlines, and a status that does not exist",
    action: editProofPointAction,
    values: (f) => ({
      vbuId: f.vbuId,
      proofPointId: f.pointIds[0]![0]!,
      ...pointFields({ description: "\t\n", status: "done" }),
      previous: previousPoint(1),
    }),
    expected: {
      formError: CHECK_FIELDS,
      fieldErrors: { description: ["Enter what would prove it."], status: ["Choose a status."] },
    },
  },
  {
    name: "editProofPointAction: another canvas's proof point through this VBU",
    action: editProofPointAction,
    values: (f, other) => ({
      vbuId: f.vbuId,
      proofPointId: other.pointIds[0]![0]!,
      ...pointFields(),
      previous: previousPoint(1),
    }),
    expected: { formError: POINT_NOT_FOUND },
  },
  {
    name: "editProofPointAction: another GM's VBU",
    action: editProofPointAction,
    values: (_, other) => ({
      vbuId: other.vbuId,
      proofPointId: other.pointIds[0]![0]!,
      ...pointFields(),
      previous: previousPoint(1),
    }),
    expected: { formError: CANVAS_MESSAGE },
  },
  {
    name: "deleteProofPointAction: another canvas's proof point through this VBU",
    action: deleteProofPointAction,
    values: (f, other) => ({ vbuId: f.vbuId, proofPointId: other.pointIds[0]![0]! }),
    expected: { formError: POINT_NOT_FOUND },
  },
  {
    name: "deleteProofPointAction: a malformed proof point id",
    action: deleteProofPointAction,
    values: (f) => ({ vbuId: f.vbuId, proofPointId: `${f.pointIds[0]![0]!}'--` }),
    expected: fieldError("proofPointId", "The proof point is not valid. Reload the page."),
  },
  {
    name: "deleteProofPointAction: another GM's VBU",
    action: deleteProofPointAction,
    values: (_, other) => ({ vbuId: other.vbuId, proofPointId: other.pointIds[0]![0]! }),
    expected: { formError: CANVAS_MESSAGE },
  },
  // ------------------------------------------------------------ currently testing
  {
    name: "setCurrentlyTestingAction: another canvas's thesis",
    action: setCurrentlyTestingAction,
    values: (f, other) => ({ vbuId: f.vbuId, target: `thesis:${other.thesisIds[0]!}` }),
    expected: { formError: NOT_OF_THIS_CANVAS, fieldErrors: { target: [NOT_OF_THIS_CANVAS] } },
  },
  {
    name: "setCurrentlyTestingAction: another canvas's proof point",
    action: setCurrentlyTestingAction,
    values: (f, other) => ({ vbuId: f.vbuId, target: `proof_point:${other.pointIds[0]![0]!}` }),
    expected: { formError: NOT_OF_THIS_CANVAS, fieldErrors: { target: [NOT_OF_THIS_CANVAS] } },
  },
  ...["thesis:nope", "chapter:00000000-0000-4000-8000-000000000000", "thesis", ":"].map((aim): Hostile => ({
    name: `setCurrentlyTestingAction: the target ${JSON.stringify(aim)}`,
    action: setCurrentlyTestingAction,
    values: (f) => ({ vbuId: f.vbuId, target: aim }),
    expected: fieldError("target", NOT_OF_THIS_CANVAS),
  })),
  {
    name: "setCurrentlyTestingAction: another GM's VBU",
    action: setCurrentlyTestingAction,
    values: (_, other) => ({ vbuId: other.vbuId, target: `thesis:${other.thesisIds[1]!}` }),
    expected: { formError: CANVAS_MESSAGE },
  },
  // ------------------------------------------------------------ evidence files (more in tests/attachments)
  {
    name: "relabelAttachmentAction: a malformed id",
    action: relabelAttachmentAction,
    values: () => ({ attachmentId: "not-a-uuid", label: "Label" }),
    expected: fieldError("attachmentId", "That evidence file is not valid. Reload the page."),
  },
  {
    name: "relabelAttachmentAction: a 256-character label",
    action: relabelAttachmentAction,
    values: () => ({ attachmentId: randomUUID(), label: "l".repeat(256) }),
    expected: fieldError("label", LIMIT_255),
  },
  {
    name: "deleteAttachmentAction: an id that does not exist",
    action: deleteAttachmentAction,
    values: () => ({ attachmentId: randomUUID() }),
    expected: { formError: "That evidence file was not found. It may have been deleted." },
  },
];

// ---------------------------------------------------------------------------- tests

describe.each(ENGINES)("canvas actions on %s", (engine) => {
  useSeededAppDatabase(engine);
  let anaId: string;
  beforeAll(async () => {
    anaId = await idOf("ana");
  });
  beforeEach(async () => {
    await signInAs("ana");
  });

  describe("hostile input from the VBU's GM", () => {
    for (const { name, action, values, expected } of HOSTILE) {
      it(`${name}: an error state, nothing changed`, async () => {
        const own = await newCanvas("ana");
        const other = await newCanvas("ben");
        const before = await snapshot(own.canvasId, other.canvasId);
        const result = await answer(action, values(own, other));
        expect(result).toMatchObject({ status: "error", ...expected });
        expect(result.status).not.toBe("conflict");
        expect(await snapshot(own.canvasId, other.canvasId)).toBe(before);
      });
    }

    // PostgreSQL refuses NUL in text: the validation must catch it first, on the field, or the
    // write reaches the database, crashes and answers the generic error (logged). Exact answers.
    const NUL_IN_TEXT = "Remove the hidden character U+0000 from this text.";
    const nulCases: [string, Action, string, (own: SeededCanvas) => Values][] = [
      ["addThesisAction", addThesisAction, "text", (own) => ({ vbuId: own.vbuId, text: "Thesis\u0000with a NUL" })],
      [
        "editThesisAction",
        editThesisAction,
        "text",
        (own) => ({
          vbuId: own.vbuId,
          thesisId: own.thesisIds[0]!,
          previous: previousThesis(1),
          text: "Thesis\u0000with a NUL",
        }),
      ],
      [
        "saveCanvasAction",
        saveCanvasAction,
        "productName",
        (own) => canvasForm(own, { productName: "Product\u0000name" }),
      ],
      [
        "addProofPointAction",
        addProofPointAction,
        "evidenceNote",
        (own) => ({ vbuId: own.vbuId, thesisId: own.thesisIds[0]!, ...pointFields({ evidenceNote: "A\u0000note" }) }),
      ],
    ];
    for (const [name, action, field, values] of nulCases) {
      it(`${name}: a NUL character in ${field} is a validation error on ${field}, nothing logged or changed`, async () => {
        const own = await newCanvas("ana");
        const before = await snapshot(own.canvasId);
        const logged = vi.spyOn(console, "error").mockImplementation(() => {});
        try {
          expect(await answer(action, values(own))).toEqual({
            status: "error",
            formError: CHECK_FIELDS,
            fieldErrors: { [field]: [NUL_IN_TEXT] },
          });
          expect(logged).not.toHaveBeenCalled();
        } finally {
          logged.mockRestore();
        }
        expect(await snapshot(own.canvasId)).toBe(before);
      });
    }

    it("a file where text is expected: treated as missing", async () => {
      const own = await newCanvas("ana");
      const before = await snapshot(own.canvasId);
      const data = new FormData();
      data.set("vbuId", own.vbuId);
      data.set("text", new Blob(["A thesis in a file"]), "thesis.txt");
      expect(await addThesisAction(IDLE, data)).toMatchObject(fieldError("text", "Enter the thesis."));
      expect(await snapshot(own.canvasId)).toBe(before);
    });

    it("a sixth thesis: TOO_MANY_THESES on the text field", async () => {
      const own = await newCanvas("ana");
      for (const text of ["Three", "Four", "Five"]) {
        expect(await answer(addThesisAction, { vbuId: own.vbuId, text })).toMatchObject({ status: "success" });
      }
      const before = await snapshot(own.canvasId);
      expect(await answer(addThesisAction, { vbuId: own.vbuId, text: "Six" })).toMatchObject({
        status: "error",
        formError: TOO_MANY_THESES,
        fieldErrors: { text: [TOO_MANY_THESES] },
      });
      expect(await snapshot(own.canvasId)).toBe(before);
    });
  });

  describe("unexpected fields are ignored", () => {
    it("saveCanvasAction does not let the form set who saved, the pointer, the version or another canvas", async () => {
      const own = await newCanvas("ana");
      const other = await newCanvas("ben");
      const otherBefore = await snapshot(other.canvasId);
      const result = await answer(
        saveCanvasAction,
        canvasForm(own, {
          id: other.canvasId,
          canvasId: other.canvasId,
          vbu_id: other.vbuId,
          updatedBy: await idOf("ben"),
          updated_by: await idOf("ben"),
          currentlyTestingType: "proof_point",
          currentlyTestingId: own.pointIds[1]![0]!,
          gmId: await idOf("ben"),
          createdAt: "2000-01-01",
        }),
      );
      expect(result).toMatchObject({ status: "success", version: 2 });
      expect(await canvasRow(own.canvasId)).toMatchObject({
        productName: "Product",
        version: 2,
        updatedBy: anaId,
        currentlyTestingType: "thesis",
        currentlyTestingId: own.thesisIds[0],
        portfolioNotes: "Original notes",
      });
      const [vbu] = await getDb().select().from(vbus).where(eq(vbus.id, own.vbuId));
      expect(vbu!.gmId).toBe(anaId);
      expect(await snapshot(other.canvasId)).toBe(otherBefore);
    });

    it("addThesisAction appends to the VBU's own canvas whatever order or canvas the form names", async () => {
      const own = await newCanvas("ana");
      const other = await newCanvas("ben");
      const otherBefore = await snapshot(other.canvasId);
      const result = await answer(addThesisAction, {
        vbuId: own.vbuId,
        text: "Third",
        order: "1",
        canvasId: other.canvasId,
        id: own.thesisIds[0]!,
      });
      expect(result).toMatchObject({ status: "success", message: "Thesis added." });
      expect((await thesesOf(own.canvasId)).map((t) => [t.order, t.text])).toEqual([
        [1, "Thesis 1"],
        [2, "Thesis 2"],
        [3, "Third"],
      ]);
      expect(await snapshot(other.canvasId)).toBe(otherBefore);
    });
  });

  describe("the happy path and conflicts, as the form sees them", () => {
    it("saveCanvasAction saves, answers the new version, and accepts the longest values allowed", async () => {
      const own = await newCanvas("ana");
      const longest = canvasForm(own, {
        productName: "p".repeat(255),
        primaryFocus: ` ${"f".repeat(255)} `,
        successDescription: "s".repeat(5000),
        resistDoing: "'; DROP TABLE canvases; --",
      });
      expect(await answer(saveCanvasAction, longest)).toEqual({
        status: "success",
        message: "Canvas saved.",
        version: 2,
      });
      expect(await canvasRow(own.canvasId)).toMatchObject({
        productName: "p".repeat(255),
        primaryFocus: "f".repeat(255),
        successDescription: "s".repeat(5000),
        resistDoing: "'; DROP TABLE canvases; --",
        version: 2,
        updatedBy: anaId,
      });
      expect(await answer(saveCanvasAction, canvasForm(own, { version: "2" }))).toMatchObject({ version: 3 });
    });

    it("saveCanvasAction answers a stale save with the conflict and what is saved now", async () => {
      const own = await newCanvas("ana");
      await answer(saveCanvasAction, canvasForm(own, { productName: "First save" }));
      const before = await snapshot(own.canvasId);
      const result = await answer(saveCanvasAction, canvasForm(own, { productName: "Stale save" }));
      expect(result).toMatchObject({
        status: "conflict",
        formError: CANVAS_CONFLICT,
        latest: {
          values: expect.objectContaining({ productName: "First save", lifecycleLane: "sell" }),
          version: 2,
          savedByName: "Ana Silva",
        },
      });
      expect(result).not.toHaveProperty("version");
      expect(await snapshot(own.canvasId)).toBe(before);
    });

    it("editThesisAction and editProofPointAction answer a stale edit with the latest values", async () => {
      const own = await newCanvas("ana");
      const thesisEdit = { vbuId: own.vbuId, thesisId: own.thesisIds[0]!, previous: previousThesis(1) };
      expect(await answer(editThesisAction, { ...thesisEdit, text: "Mine first" })).toMatchObject({
        status: "success",
      });
      const pointEdit = { vbuId: own.vbuId, proofPointId: own.pointIds[0]![0]!, previous: previousPoint(1) };
      expect(
        await answer(editProofPointAction, { ...pointEdit, ...pointFields({ status: "observed" }) }),
      ).toMatchObject({
        status: "success",
      });
      const before = await snapshot(own.canvasId);

      expect(await answer(editThesisAction, { ...thesisEdit, text: "Stale" })).toMatchObject({
        status: "conflict",
        formError: THESIS_CONFLICT,
        latest: { text: "Mine first" },
      });
      expect(await answer(editProofPointAction, { ...pointEdit, ...pointFields({ status: "stalled" }) })).toMatchObject(
        {
          status: "conflict",
          formError: PROOF_POINT_CONFLICT,
          latest: { description: "Proof", status: "observed", targetReviewMonth: "2026-03" },
        },
      );
      expect(await snapshot(own.canvasId)).toBe(before);
    });

    it("every other action succeeds for the GM and says so", async () => {
      const own = await newCanvas("ana");
      const [t1, t2] = own.thesisIds as [string, string];
      const p2 = own.pointIds[1]![0]!;
      const steps: [Action, Values, string][] = [
        [
          reorderThesesAction,
          { vbuId: own.vbuId, previousOrder: `${t1},${t2}`, order: `${t2},${t1}` },
          "Theses reordered.",
        ],
        [
          addProofPointAction,
          { vbuId: own.vbuId, thesisId: t1, ...pointFields({ description: "Added" }) },
          "Proof point added.",
        ],
        [setCurrentlyTestingAction, { vbuId: own.vbuId, target: `proof_point:${p2}` }, "Currently testing updated."],
        [
          deleteProofPointAction,
          { vbuId: own.vbuId, proofPointId: p2 },
          "Proof point “Proof 2” deleted. Nothing is being tested now.",
        ],
        [setCurrentlyTestingAction, { vbuId: own.vbuId, target: "" }, "Currently testing cleared."],
        // Thesis 2 moved first: it is thesis 1 when it goes.
        [deleteThesisAction, { vbuId: own.vbuId, thesisId: t2 }, "Thesis 1 deleted."],
      ];
      for (const [action, values, message] of steps) {
        expect(await answer(action, values)).toEqual({ status: "success", message });
      }
      const rows = await thesesOf(own.canvasId);
      expect(rows.map((t) => [t.id, t.order])).toEqual([[t1, 1]]);
      const points = await getDb().select().from(proofPoints).where(eq(proofPoints.thesisId, t1));
      expect(points.map((p) => p.description).sort()).toEqual(["Added", "Proof 1"]);
      expect(await canvasRow(own.canvasId)).toMatchObject({ currentlyTestingId: null, updatedBy: anaId });
    });
  });

  it("has hostile cases for every canvas action", () => {
    const covered = new Set(HOSTILE.map((h) => h.name.split(":")[0]));
    expect(Object.keys(canvasActions).filter((name) => !covered.has(name))).toEqual([]);
  });
});
