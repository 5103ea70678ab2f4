import "server-only";
import { asc, count, eq, inArray, sql } from "drizzle-orm";
import type { z } from "../zod";
import { getDb } from "../../db/client";
import { attachments, canvases, proofPoints, theses, users, vbus } from "../../db/schema";
import { purgeDeletedFiles } from "../attachments/purge";
import { type Actor, canManageVbus } from "../auth/roles";
import { ForbiddenError, NotFoundError, UserFacingError } from "../errors";
import { couldBeGm, labelPeople, type PersonChoice } from "../people";
import type { Tx } from "../canvas/lock";
import { notifyVbuAssigned } from "../notifications/write";
import { lockRoster } from "./roster";
import type { createVbuSchema, reassignGmSchema, renameVbuSchema } from "./vbu-schemas";

function assertCanManageVbus(actor: Actor): void {
  if (!canManageVbus(actor)) throw new ForbiddenError("Only admins manage VBUs.");
}

export interface AdminVbu {
  id: string;
  name: string;
  gmId: string;
  gmName: string;
}

export type GmChoice = PersonChoice;

export async function listVbusForAdmin(actor: Actor): Promise<AdminVbu[]> {
  assertCanManageVbus(actor);
  return getDb()
    .select({ id: vbus.id, name: vbus.name, gmId: vbus.gmId, gmName: users.name })
    .from(vbus)
    .innerJoin(users, eq(users.id, vbus.gmId))
    .orderBy(asc(vbus.name), asc(vbus.id));
}

/** Who can be made a VBU's GM: enabled users with the GM or admin role. */
export async function listGmChoices(actor: Actor): Promise<GmChoice[]> {
  assertCanManageVbus(actor);
  const choices = await getDb()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(couldBeGm)
    .orderBy(asc(users.name), asc(users.email));
  return labelPeople(choices);
}

/** Under lockRoster: whether the GM chosen can run a VBU now, their row locked until commit. */
async function assertEligibleGm(tx: Tx, gmId: string): Promise<void> {
  const [gm] = await tx
    .select({ role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, gmId))
    .for("share"); // held to commit, even against a change made without the roster lock
  const problem = !gm
    ? "That user no longer exists."
    : gm.disabledAt
      ? "That user is disabled."
      : gm.role === "viewer"
        ? "A viewer cannot be a GM. Change their role to GM first."
        : null;
  if (problem) throw new UserFacingError("Check the highlighted fields.", { gmId: [problem] });
}

/** Creates a VBU and its (empty) canvas in the lane chosen. */
export async function createVbu(actor: Actor, input: z.output<typeof createVbuSchema>): Promise<{ id: string }> {
  assertCanManageVbus(actor);
  return getDb().transaction(async (tx) => {
    await lockRoster(tx, actor);
    await assertEligibleGm(tx, input.gmId);
    const [vbu] = await tx
      .insert(vbus)
      .values({ name: input.name, gmId: input.gmId, updatedBy: actor.id })
      .returning({ id: vbus.id });
    await tx
      .insert(canvases)
      .values({ vbuId: vbu!.id, lifecycleLane: input.lane, updatedBy: actor.id, versionSavedBy: actor.id });
    await notifyVbuAssigned(tx, actor, { id: vbu!.id, gmId: input.gmId });
    return { id: vbu!.id };
  });
}

export async function renameVbu(actor: Actor, input: z.output<typeof renameVbuSchema>): Promise<void> {
  assertCanManageVbus(actor);
  await getDb().transaction(async (tx) => {
    await lockRoster(tx, actor);
    const updated = await tx
      .update(vbus)
      .set({ name: input.name, updatedAt: sql`now()`, updatedBy: actor.id })
      .where(eq(vbus.id, input.vbuId))
      .returning({ id: vbus.id });
    if (updated.length === 0) throw new NotFoundError("That VBU");
  });
}

export async function reassignGm(actor: Actor, input: z.output<typeof reassignGmSchema>): Promise<void> {
  assertCanManageVbus(actor);
  await getDb().transaction(async (tx) => {
    await lockRoster(tx, actor);
    await assertEligibleGm(tx, input.gmId);
    const [before] = await tx.select({ gmId: vbus.gmId }).from(vbus).where(eq(vbus.id, input.vbuId)).for("update");
    const updated = await tx
      .update(vbus)
      .set({ gmId: input.gmId, updatedAt: sql`now()`, updatedBy: actor.id })
      .where(eq(vbus.id, input.vbuId))
      .returning({ id: vbus.id });
    if (updated.length === 0) throw new NotFoundError("That VBU");
    // Told only when the VBU is really theirs anew.
    if (before?.gmId !== input.gmId) await notifyVbuAssigned(tx, actor, { id: input.vbuId, gmId: input.gmId });
  });
}

export interface VbuDeletionSummary {
  id: string;
  name: string;
  theses: number;
  proofPoints: number;
  attachments: number;
}

/** What deleting a VBU takes with it, for the confirmation. */
export async function vbuDeletionSummary(actor: Actor, vbuId: string): Promise<VbuDeletionSummary> {
  assertCanManageVbus(actor);
  const db = getDb();
  const [vbu] = await db.select({ id: vbus.id, name: vbus.name }).from(vbus).where(eq(vbus.id, vbuId));
  if (!vbu) throw new NotFoundError("That VBU");
  const thesisIds = db
    .select({ id: theses.id })
    .from(theses)
    .innerJoin(canvases, eq(canvases.id, theses.canvasId))
    .where(eq(canvases.vbuId, vbuId));
  const pointIds = db.select({ id: proofPoints.id }).from(proofPoints).where(inArray(proofPoints.thesisId, thesisIds));
  const [[t], [p], [a]] = await Promise.all([
    db.select({ n: count() }).from(theses).where(inArray(theses.id, thesisIds)),
    db.select({ n: count() }).from(proofPoints).where(inArray(proofPoints.id, pointIds)),
    db.select({ n: count() }).from(attachments).where(inArray(attachments.proofPointId, pointIds)),
  ]);
  return { ...vbu, theses: t?.n ?? 0, proofPoints: p?.n ?? 0, attachments: a?.n ?? 0 };
}

/** Deletes a VBU; its canvas, theses, proof points and attachment rows cascade. */
export async function deleteVbu(actor: Actor, vbuId: string): Promise<{ name: string }> {
  assertCanManageVbus(actor);
  const deleted = await getDb().transaction(async (tx) => {
    await lockRoster(tx, actor);
    const [row] = await tx.delete(vbus).where(eq(vbus.id, vbuId)).returning({ name: vbus.name });
    if (!row) throw new NotFoundError("That VBU");
    return row;
  });
  await purgeDeletedFiles(); // the evidence files of the cascaded attachment rows
  return deleted;
}
