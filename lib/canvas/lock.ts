import "server-only";
import { eq, sql } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import { canvases, type LifecycleLane, vbus } from "../../db/schema";
import { type Actor, canEditCanvasOf } from "../auth/roles";
import { ForbiddenError, NotFoundError } from "../errors";
import { actAs } from "../history/actor";

// Every change to a canvas runs in one transaction that first locks the canvas row
// (SELECT … FOR UPDATE). That serialises concurrent changes to one canvas (two sixth-thesis
// adds, two reorders) and always locks in the same order (canvas, then its rows), so
// concurrent writers wait instead of deadlocking.

export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface LockedCanvas {
  id: string;
  version: number;
  lane: LifecycleLane;
  vbuName: string;
}

// Tests set this to hold a write right after it has locked the canvas row (before it checks
// anything) and force a race there (tests/canvas/support.ts raceAtCanvasLock); the app never
// sets it.
const testHooks = globalThis as unknown as { canvasRowLocked?: (tx: Tx) => Promise<void> };

export async function lockEditableCanvas(tx: Tx, actor: Actor, vbuId: string): Promise<LockedCanvas> {
  const [row] = await tx
    .select({
      id: canvases.id,
      version: canvases.version,
      lane: canvases.lifecycleLane,
      vbuName: vbus.name,
      gmId: vbus.gmId,
    })
    .from(canvases)
    .innerJoin(vbus, eq(vbus.id, canvases.vbuId))
    .where(eq(canvases.vbuId, vbuId))
    .for("update", { of: canvases });
  await testHooks.canvasRowLocked?.(tx);
  if (!row) throw new NotFoundError("That VBU");
  if (!canEditCanvasOf(actor, row)) {
    throw new ForbiddenError("Only this VBU's GM, or an admin, can change its canvas.");
  }
  const { gmId: _gmId, ...canvas } = row;
  return canvas;
}

/** Records who changed the canvas and when (the canvas and its theses and proof points). */
export async function touch(tx: Tx, canvasId: string, actor: Actor): Promise<void> {
  await tx
    .update(canvases)
    .set({ updatedAt: sql`now()`, updatedBy: actor.id })
    .where(eq(canvases.id, canvasId));
}

/**
 * Runs `work` in one transaction whose acting user is `actor`: the database's change history
 * (lib/history/actor.ts) names them, and refuses a change without one.
 */
export function inTransaction<T>(actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await actAs(tx, actor);
    return work(tx);
  });
}
