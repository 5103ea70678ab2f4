import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { asc, eq, inArray } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import {
  canvases,
  type CurrentlyTestingType,
  type LifecycleLane,
  proofPoints,
  type ProofPointStatus,
  theses,
  users,
  vbus,
} from "../../db/schema";
import { type Actor, canEditCanvasOf, canWritePortfolioNotes } from "../auth/roles";
import { type AttachmentView, listAttachmentsOf } from "../attachments/attachments";
import { NotFoundError } from "../errors";
import { proofPointFingerprint, thesisFingerprint } from "./fingerprint";

export interface CanvasValues {
  productName: string | null;
  lifecycleLane: LifecycleLane;
  successDescription: string | null;
  futureStateIntent: string | null;
  primaryFocus: string | null;
  resistDoing: string | null;
  goodDiscipline: string | null;
  primaryConstraint: string | null;
  portfolioNotes: string | null;
}

export interface ProofPointView {
  id: string;
  description: string;
  status: ProofPointStatus;
  evidenceNote: string | null;
  /** YYYY-MM, or null. */
  targetReviewMonth: string | null;
  fingerprint: string;
  attachments: AttachmentView[];
}

export interface ThesisView {
  id: string;
  order: number;
  text: string;
  fingerprint: string;
  proofPoints: ProofPointView[];
}

export interface CurrentlyTestingView {
  type: CurrentlyTestingType;
  id: string;
  /** "Thesis 2: …" or "Proof point of thesis 2: …" */
  label: string;
}

export interface CanvasPage {
  vbu: { id: string; name: string; gmName: string };
  values: CanvasValues;
  version: number;
  updatedAt: string;
  updatedByName: string | null;
  theses: ThesisView[];
  currentlyTesting: CurrentlyTestingView | null;
  canEdit: boolean;
  canEditPortfolioNotes: boolean;
}

const CANVAS_VALUE_COLUMNS = {
  productName: canvases.productName,
  lifecycleLane: canvases.lifecycleLane,
  successDescription: canvases.successDescription,
  futureStateIntent: canvases.futureStateIntent,
  primaryFocus: canvases.primaryFocus,
  resistDoing: canvases.resistDoing,
  goodDiscipline: canvases.goodDiscipline,
  primaryConstraint: canvases.primaryConstraint,
  portfolioNotes: canvases.portfolioNotes,
};

/** What is saved now, for a conflict message: the values, the version, who and when. */
export async function readCanvasSnapshot(canvasId: string, db: Pick<Database, "select"> = getDb()) {
  const editor = alias(users, "editor");
  const [row] = await db
    .select({
      ...CANVAS_VALUE_COLUMNS,
      version: canvases.version,
      updatedAt: canvases.updatedAt,
      updatedByName: editor.name,
    })
    .from(canvases)
    .leftJoin(editor, eq(editor.id, canvases.updatedBy))
    .where(eq(canvases.id, canvasId));
  if (!row) throw new NotFoundError("That canvas");
  const { version, updatedAt, updatedByName, ...values } = row;
  return { values: values as CanvasValues, version, updatedAt: updatedAt.toISOString(), updatedByName };
}

export type CanvasSnapshot = Awaited<ReturnType<typeof readCanvasSnapshot>>;

/**
 * Everything the canvas page shows, in four queries whatever the canvas holds. Every
 * signed-in role may read any canvas; `canEdit` says whether this actor may change it.
 */
export async function getCanvasPage(actor: Actor, vbuId: string): Promise<CanvasPage> {
  const db = getDb();
  const gm = alias(users, "gm");
  const editor = alias(users, "editor");
  const [row] = await db
    .select({
      vbuId: vbus.id,
      vbuName: vbus.name,
      gmId: vbus.gmId,
      gmName: gm.name,
      canvasId: canvases.id,
      ...CANVAS_VALUE_COLUMNS,
      version: canvases.version,
      updatedAt: canvases.updatedAt,
      updatedByName: editor.name,
      testingType: canvases.currentlyTestingType,
      testingId: canvases.currentlyTestingId,
    })
    .from(vbus)
    .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
    .innerJoin(gm, eq(gm.id, vbus.gmId))
    .leftJoin(editor, eq(editor.id, canvases.updatedBy))
    .where(eq(vbus.id, vbuId));
  if (!row) throw new NotFoundError("That VBU");

  const thesisRows = await db
    .select({ id: theses.id, order: theses.order, text: theses.text })
    .from(theses)
    .where(eq(theses.canvasId, row.canvasId))
    .orderBy(asc(theses.order));
  const pointRows =
    thesisRows.length === 0
      ? []
      : await db
          .select({
            id: proofPoints.id,
            thesisId: proofPoints.thesisId,
            description: proofPoints.description,
            status: proofPoints.status,
            evidenceNote: proofPoints.evidenceNote,
            targetReviewMonth: proofPoints.targetReviewMonth,
          })
          .from(proofPoints)
          .where(
            inArray(
              proofPoints.thesisId,
              thesisRows.map((t) => t.id),
            ),
          )
          .orderBy(asc(proofPoints.createdAt), asc(proofPoints.id));

  const evidence = await listAttachmentsOf(pointRows.map((p) => p.id));

  const thesisViews: ThesisView[] = thesisRows.map((t) => ({
    ...t,
    fingerprint: thesisFingerprint(t),
    proofPoints: pointRows
      .filter((p) => p.thesisId === t.id)
      .map(({ thesisId: _thesisId, ...p }) => ({
        ...p,
        targetReviewMonth: p.targetReviewMonth?.slice(0, 7) ?? null,
        fingerprint: proofPointFingerprint(p),
        attachments: evidence.filter((a) => a.proofPointId === p.id),
      })),
  }));

  const {
    vbuId: id,
    vbuName,
    gmId,
    gmName,
    canvasId: _canvasId,
    version,
    updatedAt,
    updatedByName,
    testingType,
    testingId,
    ...values
  } = row;
  return {
    vbu: { id, name: vbuName, gmName },
    values,
    version,
    updatedAt: updatedAt.toISOString(),
    updatedByName,
    theses: thesisViews,
    currentlyTesting: describeCurrentlyTesting(thesisViews, testingType, testingId),
    canEdit: canEditCanvasOf(actor, { gmId }),
    canEditPortfolioNotes: canWritePortfolioNotes(actor),
  };
}

function describeCurrentlyTesting(
  thesisViews: ThesisView[],
  type: CurrentlyTestingType | null,
  id: string | null,
): CurrentlyTestingView | null {
  if (!type || !id) return null;
  for (const thesis of thesisViews) {
    if (type === "thesis" && thesis.id === id) return { type, id, label: `Thesis ${thesis.order}: ${thesis.text}` };
    const point = thesis.proofPoints.find((p) => p.id === id);
    if (type === "proof_point" && point) {
      return { type, id, label: `Proof point of thesis ${thesis.order}: ${point.description}` };
    }
  }
  return null;
}
