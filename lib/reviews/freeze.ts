import "server-only";
import type { Database } from "../../db/client";
import { loadCanvas } from "../canvas/read";
import { type ReviewSnapshot, SNAPSHOT_SCHEMA } from "./snapshot";

/**
 * The canvas of a VBU as a review snapshot: every field, the lane, the theses in order with their
 * proof points (status, evidence note, target month, evidence file names) and what it is
 * testing. Publishing calls it inside the transaction that holds the canvas lock, so the
 * snapshot is one consistent state; a draft's live diff calls it on the database.
 */
export async function freezeCanvas(db: Pick<Database, "select">, vbuId: string, now: Date): Promise<ReviewSnapshot> {
  const { row, theses, currentlyTesting } = await loadCanvas(db, vbuId, now);
  return {
    schema: SNAPSHOT_SCHEMA,
    vbuName: row.vbuName,
    gmName: row.gmName,
    lane: row.lifecycleLane,
    fields: {
      productName: row.productName,
      successDescription: row.successDescription,
      futureStateIntent: row.futureStateIntent,
      primaryFocus: row.primaryFocus,
      resistDoing: row.resistDoing,
      goodDiscipline: row.goodDiscipline,
      primaryConstraint: row.primaryConstraint,
      portfolioNotes: row.portfolioNotes,
    },
    theses: theses.map((thesis) => ({
      id: thesis.id,
      order: thesis.order,
      text: thesis.text,
      proofPoints: thesis.proofPoints.map((point) => ({
        id: point.id,
        description: point.description,
        status: point.status,
        evidenceNote: point.evidenceNote,
        targetReviewMonth: point.targetReviewMonth,
        evidence: point.attachments.map((file) => ({ id: file.id, filename: file.filename, label: file.label })),
      })),
    })),
    currentlyTesting,
  };
}
