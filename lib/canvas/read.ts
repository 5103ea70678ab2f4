import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { asc, eq, inArray, type SQL } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import {
  attachments,
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
import { ATTACHMENT_VIEW_COLUMNS, type AttachmentView, toAttachmentView } from "../attachments/attachments";
import { NotFoundError } from "../errors";
import { proofPointFingerprint, thesisFingerprint } from "./fingerprint";
import { isOverdue } from "./vocabulary";

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
  /** Past its target review month and not observed (lib/canvas/vocabulary.ts's one rule). */
  overdue: boolean;
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

/**
 * What is saved now, for a conflict message: the values, the version, and who saved that
 * version and when (not whoever last touched a thesis, which leaves the version alone).
 */
export async function readCanvasSnapshot(canvasId: string, db: Pick<Database, "select"> = getDb()) {
  const saver = alias(users, "saver");
  const [row] = await db
    .select({
      ...CANVAS_VALUE_COLUMNS,
      version: canvases.version,
      savedAt: canvases.versionSavedAt,
      savedById: saver.id,
      savedByName: saver.name,
    })
    .from(canvases)
    .leftJoin(saver, eq(saver.id, canvases.versionSavedBy))
    .where(eq(canvases.id, canvasId));
  if (!row) throw new NotFoundError("That canvas");
  const { version, savedAt, savedById, savedByName, ...values } = row;
  // Who saved it by id too: the form tells "you, in another window" from someone else.
  return { values, version, savedAt: savedAt.toISOString(), savedById, savedByName };
}

export type CanvasSnapshot = Awaited<ReturnType<typeof readCanvasSnapshot>>;

/**
 * The canvas page's two queries for a VBU, built and not run: the canvas with its VBU and
 * people, and its theses joined to their proof points and those to their evidence, in display
 * order. getCanvasPage runs them side by side; the bench (scripts/bench-queries.ts) times their
 * SQL bare.
 */
export function canvasPageQueries(db: Pick<Database, "select">, vbuId: string) {
  return canvasQueries(db, eq(vbus.id, vbuId), eq(canvases.vbuId, vbuId));
}

/** The same two queries for several VBUs at once (the portfolio pack reads its canvases in batches). */
export function canvasBatchQueries(db: Pick<Database, "select">, vbuIds: string[]) {
  return canvasQueries(db, inArray(vbus.id, vbuIds), inArray(canvases.vbuId, vbuIds));
}

function canvasQueries(db: Pick<Database, "select">, whereVbu: SQL, whereCanvas: SQL) {
  const gm = alias(users, "gm");
  const editor = alias(users, "editor");
  return {
    canvas: db
      .select({
        vbuId: vbus.id,
        vbuName: vbus.name,
        gmId: vbus.gmId,
        gmName: gm.name,
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
      .where(whereVbu),
    contents: db
      .select({
        vbuId: canvases.vbuId,
        thesis: { id: theses.id, order: theses.order, text: theses.text },
        point: {
          id: proofPoints.id,
          description: proofPoints.description,
          status: proofPoints.status,
          evidenceNote: proofPoints.evidenceNote,
          targetReviewMonth: proofPoints.targetReviewMonth,
        },
        attachment: ATTACHMENT_VIEW_COLUMNS,
      })
      .from(canvases)
      .innerJoin(theses, eq(theses.canvasId, canvases.id))
      .leftJoin(proofPoints, eq(proofPoints.thesisId, theses.id))
      .leftJoin(attachments, eq(attachments.proofPointId, proofPoints.id))
      .leftJoin(users, eq(users.id, attachments.uploadedBy))
      .where(whereCanvas)
      .orderBy(
        asc(theses.order),
        asc(proofPoints.createdAt),
        asc(proofPoints.addedSeq),
        asc(attachments.createdAt),
        asc(attachments.addedSeq),
      ),
  };
}

/**
 * Everything the canvas page shows, in two queries run side by side whatever the canvas
 * holds (canvasPageQueries). Every signed-in role may read any canvas; `canEdit` says whether
 * this actor may change it.
 */
export async function getCanvasPage(
  actor: Actor,
  vbuId: string,
  { now = new Date() }: { /** "Now", for the overdue marks (tests pass their own). */ now?: Date } = {},
): Promise<CanvasPage> {
  const { row, theses: thesisViews, currentlyTesting } = await loadCanvas(getDb(), vbuId, now);
  const {
    vbuId: id,
    vbuName,
    gmId,
    gmName,
    version,
    updatedAt,
    updatedByName,
    testingType: _testingType,
    testingId: _testingId,
    ...values
  } = row;
  return {
    vbu: { id, name: vbuName, gmName },
    values,
    version,
    updatedAt: updatedAt.toISOString(),
    updatedByName,
    theses: thesisViews,
    currentlyTesting,
    canEdit: canEditCanvasOf(actor, { gmId }),
    canEditPortfolioNotes: canWritePortfolioNotes(actor),
  };
}

/**
 * A canvas with its theses, proof points, evidence and pointer, through the page's two queries,
 * on the database or inside a transaction (a review's publish freezes it under the canvas lock).
 */
export async function loadCanvas(db: Pick<Database, "select">, vbuId: string, now: Date) {
  const queries = canvasPageQueries(db, vbuId);
  const [[row], contentRows] = await Promise.all([queries.canvas, queries.contents]);
  if (!row) throw new NotFoundError("That VBU");
  const thesisViews = groupContents(contentRows, now);
  return {
    row,
    theses: thesisViews,
    currentlyTesting: describeCurrentlyTesting(thesisViews, row.testingType, row.testingId),
  };
}

export type LoadedCanvas = Awaited<ReturnType<typeof loadCanvas>>;

/**
 * Several canvases through the same two queries, whatever their number (the portfolio pack reads
 * its pages in batches): by VBU id; an id with no canvas is left out.
 */
export async function loadCanvases(
  db: Pick<Database, "select">,
  vbuIds: string[],
  now: Date,
): Promise<Map<string, LoadedCanvas>> {
  if (vbuIds.length === 0) return new Map();
  const queries = canvasBatchQueries(db, vbuIds);
  const [rows, contentRows] = await Promise.all([queries.canvas, queries.contents]);
  const contentsOf = new Map<string, typeof contentRows>();
  for (const content of contentRows) {
    const list = contentsOf.get(content.vbuId);
    if (list) list.push(content);
    else contentsOf.set(content.vbuId, [content]);
  }
  return new Map(
    rows.map((row) => {
      const thesisViews = groupContents(contentsOf.get(row.vbuId) ?? [], now);
      const currentlyTesting = describeCurrentlyTesting(thesisViews, row.testingType, row.testingId);
      return [row.vbuId, { row, theses: thesisViews, currentlyTesting }];
    }),
  );
}

type AttachmentRow = Parameters<typeof toAttachmentView>[0];
type ContentRow = {
  thesis: { id: string; order: number; text: string };
  point: Omit<ProofPointView, "fingerprint" | "overdue" | "attachments"> | null;
  // Drizzle leaves a nested object of two left-joined tables (attachment, uploader) as a set of
  // nullable columns rather than null: all null when the proof point has no evidence.
  attachment: { [K in keyof AttachmentRow]: AttachmentRow[K] | null };
};

/** Rows of thesis × proof point × attachment (in display order) as nested views. */
function groupContents(rows: ContentRow[], now: Date): ThesisView[] {
  const thesisViews: ThesisView[] = [];
  let thesis: ThesisView | undefined;
  let point: ProofPointView | undefined;
  for (const row of rows) {
    if (row.thesis.id !== thesis?.id) {
      thesis = { ...row.thesis, fingerprint: thesisFingerprint(row.thesis), proofPoints: [] };
      thesisViews.push(thesis);
      point = undefined;
    }
    if (!row.point) continue;
    if (row.point.id !== point?.id) {
      const targetReviewMonth = row.point.targetReviewMonth?.slice(0, 7) ?? null;
      point = {
        ...row.point,
        targetReviewMonth,
        fingerprint: proofPointFingerprint(row.point),
        overdue: isOverdue({ status: row.point.status, targetReviewMonth }, now),
        attachments: [],
      };
      thesis.proofPoints.push(point);
    }
    // The attachment's own columns are NOT NULL, and so is its uploader: an id means a whole row.
    if (row.attachment.id !== null) point.attachments.push(toAttachmentView(row.attachment as AttachmentRow));
  }
  return thesisViews;
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
