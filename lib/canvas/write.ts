import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "../zod";
import { attachments, canvases, type LifecycleLane, proofPoints, theses } from "../../db/schema";
import { purgeDeletedFiles } from "../attachments/purge";
import { type Actor, canWritePortfolioNotes, isAdmin } from "../auth/roles";
import { ConflictError, ForbiddenError, NotFoundError, UserFacingError } from "../errors";
import { inTransaction, type LockedCanvas, lockEditableCanvas, touch, type Tx } from "./lock";
import { proofPointOwner, thesisOwner } from "./ownership";
import type { LaneConflict, OrderConflict, ProofPointConflict, ThesisConflict } from "./conflicts";
import { proofPointFingerprint, thesisFingerprint } from "./fingerprint";
import { type CanvasSnapshot, type CanvasValues, readCanvasSnapshot } from "./read";
import {
  type addProofPointSchema,
  type addThesisSchema,
  type editProofPointSchema,
  type editThesisSchema,
  type moveLaneSchema,
  type reorderThesesSchema,
  type saveCanvasSchema,
  type setCurrentlyTestingSchema,
} from "./schemas";
import { MAX_THESES } from "./vocabulary";
import type { DeletionCounts, ProofPointDeletion, ThesisDeletion } from "./deletion";

// ---------------------------------------------------------------------------- canvas fields

/**
 * Writes a new version of the locked canvas: these fields, the version bumped, and who saved
 * it and when (what a conflict names). Every write that changes the canvas's own fields goes
 * through here; theses, proof points and the pointer only touch() it.
 */
async function saveVersion(
  tx: Tx,
  canvas: LockedCanvas,
  actor: Actor,
  fields: Partial<CanvasValues>,
): Promise<{ version: number }> {
  const [saved] = await tx
    .update(canvases)
    .set({
      ...fields,
      version: sql`${canvases.version} + 1`,
      versionSavedAt: sql`now()`,
      versionSavedBy: actor.id,
      updatedAt: sql`now()`,
      updatedBy: actor.id,
    })
    .where(and(eq(canvases.id, canvas.id), eq(canvases.version, canvas.version)))
    .returning({ version: canvases.version });
  return saved!;
}

export const CANVAS_CONFLICT =
  "Someone else changed this canvas since you opened it. Nothing of yours was saved: your input is kept, and what they changed is shown.";

/**
 * Saves the canvas fields if the form was read at the current version; bumps the version.
 * A GM's save leaves portfolio notes alone (admins write them).
 */
export async function saveCanvas(actor: Actor, input: z.output<typeof saveCanvasSchema>): Promise<{ version: number }> {
  const { vbuId, version, portfolioNotes, ...fields } = input;
  if (portfolioNotes !== undefined && !canWritePortfolioNotes(actor)) {
    throw new ForbiddenError("Only admins write portfolio notes.");
  }
  return inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, vbuId);
    if (canvas.version !== version) {
      // Read inside the transaction that holds the lock: exactly what won.
      throw new ConflictError<CanvasSnapshot>(CANVAS_CONFLICT, await readCanvasSnapshot(canvas.id, tx));
    }
    return saveVersion(tx, canvas, actor, {
      ...fields,
      ...(portfolioNotes !== undefined ? { portfolioNotes } : {}),
    });
  });
}

export const ONLY_ADMINS_MOVE_LANES =
  "Only admins move VBUs between lanes on the board. A GM changes the lane in the canvas form.";
export const LANE_CONFLICT =
  "Someone changed this canvas since the board was loaded. Nothing was moved; the board now shows the latest.";

export interface LaneMove {
  vbuName: string;
  lane: LifecycleLane;
  /** The canvas version after the move, for the next one. */
  version: number;
  /** False when the VBU was already in that lane (nothing written). */
  moved: boolean;
}

/**
 * Moves a VBU's canvas to another lane from the board: a canvas write like a save (the canvas
 * row locked, refused when the board was read at an older version, a new version). Admins only
 * on the board; a GM changes the lane in the canvas form.
 */
export async function moveVbuToLane(actor: Actor, input: z.output<typeof moveLaneSchema>): Promise<LaneMove> {
  if (!isAdmin(actor)) throw new ForbiddenError(ONLY_ADMINS_MOVE_LANES);
  return inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    if (canvas.version !== input.version) {
      throw new ConflictError<LaneConflict>(LANE_CONFLICT, { lane: canvas.lane, version: canvas.version });
    }
    if (canvas.lane === input.lane) {
      return { vbuName: canvas.vbuName, lane: canvas.lane, version: canvas.version, moved: false };
    }
    const { version } = await saveVersion(tx, canvas, actor, { lifecycleLane: input.lane });
    return { vbuName: canvas.vbuName, lane: input.lane, version, moved: true };
  });
}

// ---------------------------------------------------------------------------- theses

export const TOO_MANY_THESES = `A canvas holds at most ${MAX_THESES} theses. Delete one before adding another.`;
export const THESIS_CONFLICT =
  "Someone else changed this thesis since you opened it. Your text is kept; their version is shown.";
export const ORDER_CONFLICT =
  "Someone else changed the theses since you opened the page. Nothing was moved; reload to see their order.";

export async function addThesis(actor: Actor, input: z.output<typeof addThesisSchema>): Promise<{ id: string }> {
  return inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    const [{ n }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(theses)
      .where(eq(theses.canvasId, canvas.id))) as [{ n: number }];
    if (n >= MAX_THESES) throw new UserFacingError(TOO_MANY_THESES, { text: [TOO_MANY_THESES] });
    const [thesis] = await tx
      .insert(theses)
      .values({ canvasId: canvas.id, order: n + 1, text: input.text })
      .returning({ id: theses.id });
    await touch(tx, canvas.id, actor);
    return thesis!;
  });
}

async function lockThesis(tx: Tx, canvasId: string, thesisId: string) {
  const [thesis] = await tx
    .select({ id: theses.id, text: theses.text, order: theses.order })
    .from(theses)
    .where(and(eq(theses.id, thesisId), eq(theses.canvasId, canvasId)))
    .for("update");
  if (!thesis) throw new NotFoundError("That thesis");
  return thesis;
}

export async function editThesis(actor: Actor, input: z.output<typeof editThesisSchema>): Promise<void> {
  await inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    const thesis = await lockThesis(tx, canvas.id, input.thesisId);
    if (thesisFingerprint(thesis) !== input.previous) {
      throw new ConflictError<ThesisConflict>(THESIS_CONFLICT, {
        text: thesis.text,
        fingerprint: thesisFingerprint(thesis),
      });
    }
    await tx
      .update(theses)
      .set({ text: input.text, updatedAt: sql`now()` })
      .where(eq(theses.id, thesis.id));
    await touch(tx, canvas.id, actor);
  });
}

/** Renumbers a canvas's theses 1..n in their current order, in one statement. */
async function renumberTheses(tx: Tx, canvasId: string): Promise<void> {
  await tx.execute(sql`
    UPDATE ${theses} SET "order" = ranked.position, updated_at = now()
    FROM (SELECT id, row_number() OVER (ORDER BY "order") AS position FROM ${theses} WHERE canvas_id = ${canvasId}) AS ranked
    WHERE ${theses.id} = ranked.id AND ${theses.order} <> ranked.position`);
}

/**
 * Clears the canvas's currently-testing pointer when it points at one of these ids; answers
 * the id it pointed at, if it was one of them.
 */
async function clearCurrentlyTestingIfAmong(tx: Tx, canvasId: string, ids: string[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const [cleared] = await tx
    .select({ id: canvases.currentlyTestingId })
    .from(canvases)
    .where(and(eq(canvases.id, canvasId), inArray(canvases.currentlyTestingId, ids)));
  if (!cleared?.id) return null;
  await tx
    .update(canvases)
    .set({ currentlyTestingType: null, currentlyTestingId: null })
    .where(eq(canvases.id, canvasId));
  return cleared.id;
}

/** How many evidence files these proof points hold. */
async function countFiles(tx: Tx, pointIds: string[]): Promise<number> {
  if (pointIds.length === 0) return 0;
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(attachments)
    .where(inArray(attachments.proofPointId, pointIds));
  return row?.n ?? 0;
}

/**
 * Deletes a thesis and its proof points, closes the gap in the order, and clears a pointer at
 * any of them; answers what went with it, for the message.
 */
export async function deleteThesis(actor: Actor, input: { vbuId: string; thesisId: string }): Promise<ThesisDeletion> {
  const deletion = await inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    const thesis = await lockThesis(tx, canvas.id, input.thesisId);
    const pointIds = (
      await tx.select({ id: proofPoints.id }).from(proofPoints).where(eq(proofPoints.thesisId, thesis.id))
    ).map((p) => p.id);
    const files = await countFiles(tx, pointIds);
    const cleared = await clearCurrentlyTestingIfAmong(tx, canvas.id, [thesis.id, ...pointIds]);
    await tx.delete(theses).where(eq(theses.id, thesis.id));
    await renumberTheses(tx, canvas.id);
    await touch(tx, canvas.id, actor);
    const wasTesting: DeletionCounts["wasTesting"] =
      cleared === null ? null : cleared === thesis.id ? "itself" : "a proof point";
    return { order: thesis.order, proofPoints: pointIds.length, files, wasTesting };
  });
  await purgeDeletedFiles();
  return deletion;
}

/**
 * Puts the theses in the order given, in one statement (the deferrable unique constraint
 * allows the swap). Refused when the theses the person saw are not the theses there now.
 */
export async function reorderTheses(actor: Actor, input: z.output<typeof reorderThesesSchema>): Promise<void> {
  await inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    const current = (
      await tx.select({ id: theses.id }).from(theses).where(eq(theses.canvasId, canvas.id)).orderBy(asc(theses.order))
    ).map((t) => t.id);
    if (current.join(",") !== input.previousOrder.join(","))
      throw new ConflictError<OrderConflict>(ORDER_CONFLICT, { order: current });
    if (input.order.length !== current.length || [...input.order].sort().join() !== [...current].sort().join()) {
      throw new UserFacingError("The new order must list each thesis of this canvas once.");
    }
    if (input.order.join(",") === current.join(",")) return;
    const positions = sql.join(
      input.order.map((id, index) => sql`(${id}::uuid, ${index + 1}::int)`),
      sql`, `,
    );
    await tx.execute(sql`
      UPDATE ${theses} SET "order" = wanted.position, updated_at = now()
      FROM (VALUES ${positions}) AS wanted(id, position)
      WHERE ${theses.id} = wanted.id AND ${theses.canvasId} = ${canvas.id}`);
    await touch(tx, canvas.id, actor);
  });
}

// ---------------------------------------------------------------------------- proof points

export const PROOF_POINT_CONFLICT =
  "Someone else changed this proof point since you opened it. Your input is kept; their version is shown.";

export async function addProofPoint(
  actor: Actor,
  input: z.output<typeof addProofPointSchema>,
): Promise<{ id: string }> {
  return inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    await lockThesis(tx, canvas.id, input.thesisId);
    const [point] = await tx
      .insert(proofPoints)
      .values({
        thesisId: input.thesisId,
        description: input.description,
        status: input.status,
        evidenceNote: input.evidenceNote,
        targetReviewMonth: input.targetReviewMonth,
      })
      .returning({ id: proofPoints.id });
    await touch(tx, canvas.id, actor);
    return point!;
  });
}

/** A proof point of this (locked) canvas, locked; NotFoundError for one of another canvas. */
async function lockProofPoint(tx: Tx, canvasId: string, proofPointId: string) {
  if ((await proofPointOwner(tx, proofPointId))?.canvasId !== canvasId) throw new NotFoundError("That proof point");
  const [point] = await tx
    .select({
      id: proofPoints.id,
      description: proofPoints.description,
      status: proofPoints.status,
      evidenceNote: proofPoints.evidenceNote,
      targetReviewMonth: proofPoints.targetReviewMonth,
    })
    .from(proofPoints)
    .where(eq(proofPoints.id, proofPointId))
    .for("update");
  if (!point) throw new NotFoundError("That proof point");
  return point;
}

export async function editProofPoint(actor: Actor, input: z.output<typeof editProofPointSchema>): Promise<void> {
  await inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    const point = await lockProofPoint(tx, canvas.id, input.proofPointId);
    if (proofPointFingerprint(point) !== input.previous) {
      throw new ConflictError<ProofPointConflict>(PROOF_POINT_CONFLICT, {
        ...point,
        targetReviewMonth: point.targetReviewMonth?.slice(0, 7) ?? null,
        fingerprint: proofPointFingerprint(point),
      });
    }
    await tx
      .update(proofPoints)
      .set({
        description: input.description,
        status: input.status,
        evidenceNote: input.evidenceNote,
        targetReviewMonth: input.targetReviewMonth,
        updatedAt: sql`now()`,
      })
      .where(eq(proofPoints.id, point.id));
    await touch(tx, canvas.id, actor);
  });
}

/** Deletes a proof point and its evidence, clearing a pointer at it; answers what went with it. */
export async function deleteProofPoint(
  actor: Actor,
  input: { vbuId: string; proofPointId: string },
): Promise<ProofPointDeletion> {
  const deletion = await inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    const point = await lockProofPoint(tx, canvas.id, input.proofPointId);
    const files = await countFiles(tx, [point.id]);
    const cleared = await clearCurrentlyTestingIfAmong(tx, canvas.id, [point.id]);
    await tx.delete(proofPoints).where(eq(proofPoints.id, point.id));
    await touch(tx, canvas.id, actor);
    return {
      description: point.description,
      proofPoints: 0,
      files,
      wasTesting: cleared === null ? null : ("itself" as const),
    };
  });
  await purgeDeletedFiles();
  return deletion;
}

// ---------------------------------------------------------------------------- currently testing

/** Points the canvas at one of its own theses or proof points, or at nothing. */
export async function setCurrentlyTesting(
  actor: Actor,
  input: z.output<typeof setCurrentlyTestingSchema>,
): Promise<void> {
  await inTransaction(actor, async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    const target = input.target;
    if (target) {
      const owner = target.type === "thesis" ? await thesisOwner(tx, target.id) : await proofPointOwner(tx, target.id);
      if (owner?.canvasId !== canvas.id) {
        throw new UserFacingError("Choose a thesis or a proof point of this canvas.", {
          target: ["Choose a thesis or a proof point of this canvas."],
        });
      }
    }
    await tx
      .update(canvases)
      .set({
        currentlyTestingType: target?.type ?? null,
        currentlyTestingId: target?.id ?? null,
        updatedAt: sql`now()`,
        updatedBy: actor.id,
      })
      .where(eq(canvases.id, canvas.id));
  });
}
