import "server-only";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { canvases, type LifecycleLane } from "../db/schema";
import { type Actor, isAdmin } from "./auth/roles";
import type { moveLaneSchema } from "./board/filters";
import { inTransaction, lockEditableCanvas } from "./canvas/lock";
import { ConflictError, ForbiddenError } from "./errors";

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
 * Moves a VBU's canvas to another lane, on the same rules as the canvas form: one transaction
 * that locks the canvas row, refused when the board was read at an older version, and the
 * version bumped with who and when. Admins only on the board.
 */
export async function moveVbuToLane(actor: Actor, input: z.output<typeof moveLaneSchema>): Promise<LaneMove> {
  if (!isAdmin(actor)) throw new ForbiddenError(ONLY_ADMINS_MOVE_LANES);
  return inTransaction(async (tx) => {
    const canvas = await lockEditableCanvas(tx, actor, input.vbuId);
    if (canvas.version !== input.version) {
      throw new ConflictError(LANE_CONFLICT, { lane: canvas.lane, version: canvas.version });
    }
    if (canvas.lane === input.lane) {
      return { vbuName: canvas.vbuName, lane: canvas.lane, version: canvas.version, moved: false };
    }
    const [saved] = await tx
      .update(canvases)
      .set({
        lifecycleLane: input.lane,
        version: sql`${canvases.version} + 1`,
        versionSavedAt: sql`now()`,
        versionSavedBy: actor.id,
        updatedAt: sql`now()`,
        updatedBy: actor.id,
      })
      .where(eq(canvases.id, canvas.id))
      .returning({ version: canvases.version });
    return { vbuName: canvas.vbuName, lane: input.lane, version: saved!.version, moved: true };
  });
}
