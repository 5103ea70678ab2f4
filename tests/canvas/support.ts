// Shared by the canvas tests: the demo people as actors, a VBU with a canvas, theses and proof
// points built with the shared factories (tests/factories.ts), its rows as they are now, and
// races forced at the moment a write holds the canvas row lock (lib/canvas/lock.ts). What a
// file's canvas holds (its fields, its theses) stays in that file, passed in as a seed.
import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import {
  canvases,
  type CurrentlyTestingType,
  type NewCanvas,
  proofPoints,
  type ProofPointStatus,
  theses,
} from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { proofPointFingerprint } from "../../lib/canvas/fingerprint";
import { editProofPointSchema } from "../../lib/canvas/schemas";
import { editProofPoint } from "../../lib/canvas/write";
import { createProofPoint, createThesis, createVbu, setCurrentlyTesting } from "../factories";
import { raceAtRowLock } from "../support/races";
import { type DemoKey, idOf } from "../support/session";

// ---------------------------------------------------------------------------- the seeds

export interface ProofPointSeed {
  description: string;
  /** By default the column's: not started. */
  status?: ProofPointStatus;
  evidenceNote?: string;
  /** The target review month as YYYY-MM (stored as its first day); none by default. */
  month?: string;
}

/** A thesis: its text and its proof points. */
export type ThesisSeed = [text: string, proofPoints: ProofPointSeed[]];

/** Canvas columns to set over the defaults: the lane "build", every text NULL, version 1. */
export type CanvasValues = Partial<Omit<NewCanvas, "id" | "vbuId">>;

export interface CanvasSeed {
  /** The VBU's GM. */
  gm: DemoKey;
  values?: CanvasValues;
  /** In order: theses[0] becomes thesis 1. */
  theses?: ThesisSeed[];
}

export interface SeededCanvas {
  vbuId: string;
  vbuName: string;
  canvasId: string;
  /** In order: thesisIds[0] is thesis 1. */
  thesisIds: string[];
  /** pointIds[i] are the proof points of thesis i + 1, in creation order. */
  pointIds: string[][];
}

/** `count` theses "Thesis 1", "Thesis 2"…, each with `pointsEach` proof points "Proof 1.1", "Proof 1.2"… */
export function numberedTheses(count: number, pointsEach = 0): ThesisSeed[] {
  return Array.from({ length: count }, (_, t): ThesisSeed => [
    `Thesis ${t + 1}`,
    Array.from({ length: pointsEach }, (__, p) => ({ description: `Proof ${t + 1}.${p + 1}` })),
  ]);
}

/**
 * A new VBU of `gm` with its canvas and the theses given. Theses are inserted last-first, so
 * only their `order` puts them in order; proof points get increasing creation times, so the
 * order they are read in is the order they are given in.
 */
export async function insertCanvas({ gm, values = {}, theses: seeds = [] }: CanvasSeed): Promise<SeededCanvas> {
  const db = getDb();
  const { lifecycleLane, ...canvasValues } = values;
  const {
    vbuId,
    canvasId,
    name: vbuName,
  } = await createVbu(db, {
    gmId: await idOf(gm),
    lane: lifecycleLane,
    canvas: canvasValues,
  });
  const thesisIds: string[] = [];
  for (const [index, [text]] of [...seeds.entries()].reverse()) {
    thesisIds[index] = (await createThesis(db, { canvasId, order: index + 1, text })).id;
  }
  const pointIds: string[][] = [];
  let tick = 0;
  for (const [index, [, points]] of seeds.entries()) {
    pointIds[index] = [];
    for (const { description, status, evidenceNote, month } of points) {
      const point = await createProofPoint(db, {
        thesisId: thesisIds[index]!,
        description,
        status,
        evidenceNote,
        reviewMonth: month ?? null,
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, tick++)),
      });
      pointIds[index].push(point.id);
    }
  }
  return { vbuId, vbuName, canvasId, thesisIds, pointIds };
}

/** Points the canvas at a thesis or a proof point, straight in the database. */
export async function pointAt(canvasId: string, type: CurrentlyTestingType, id: string): Promise<void> {
  await setCurrentlyTesting(getDb(), canvasId, type, id);
}

// ---------------------------------------------------------------------------- the rows now

export async function canvasRow(canvasId: string) {
  const [row] = await getDb().select().from(canvases).where(eq(canvases.id, canvasId));
  return row!;
}

/** The canvas's theses, in order. */
export async function thesesOf(canvasId: string) {
  return getDb().select().from(theses).where(eq(theses.canvasId, canvasId)).orderBy(asc(theses.order));
}

/** The proof points of these theses, by id (a stable order to compare, not the page's). */
export async function pointsOf(thesisIds: string[]) {
  if (thesisIds.length === 0) return [];
  return getDb()
    .select()
    .from(proofPoints)
    .where(inArray(proofPoints.thesisId, thesisIds))
    .orderBy(asc(proofPoints.id));
}

/** Every row of these canvases (canvas, theses, proof points), to check that a refusal changed nothing. */
export async function snapshot(...canvasIds: string[]): Promise<string> {
  const rows = [];
  for (const canvasId of canvasIds) {
    const thesisRows = await thesesOf(canvasId);
    rows.push(await canvasRow(canvasId), thesisRows, await pointsOf(thesisRows.map((t) => t.id)));
  }
  return JSON.stringify(rows);
}

// ---------------------------------------------------------------------------- forced races

export type { RowRace as CanvasRace } from "../support/races";

/** raceAtRowLock (tests/support/races.ts) at the canvas row lock every canvas write takes first. */
export const raceAtCanvasLock = <A, B>(first: () => Promise<A>, second: () => Promise<B>) =>
  raceAtRowLock("canvasRowLocked", first, second);

/**
 * Sets a proof point's status through the app's own edit (lib/canvas/write.ts), as `actor`, from
 * the row as it is now: its description kept, its note cleared, its review month `month`.
 */
export async function setProofPointStatus(
  actor: Actor,
  vbuId: string,
  proofPointId: string,
  status: string,
  /** The review month to set ("YYYY-MM"), or none. */
  month = "",
) {
  const [row] = await getDb().select().from(proofPoints).where(eq(proofPoints.id, proofPointId));
  return editProofPoint(
    actor,
    editProofPointSchema.parse({
      vbuId,
      proofPointId,
      description: row!.description,
      status,
      evidenceNote: "",
      targetReviewMonth: month,
      previous: proofPointFingerprint(row!),
    }),
  );
}
