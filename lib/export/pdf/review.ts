import "server-only";
import { CANVAS_FIELD_LABELS, NOT_WRITTEN_YET } from "../../canvas/schemas";
import { laneLabel, PROOF_POINT_STATUS_LABELS } from "../../canvas/vocabulary";
import { formatMoment, formatReviewMonth } from "../../dates";
import { NotFoundError } from "../../errors";
import { diffSnapshots, isEmptyDiff, type ReviewDiff, type WordPart } from "../../reviews/diff";
import { SNAPSHOT_FIELDS } from "../../reviews/fields";
import { getReviewPage, type ReviewPage, type ReviewView } from "../../reviews/read";
import type { ReviewSnapshot } from "../../reviews/snapshot";
import {
  monthOfParam,
  NARRATIVE_FIELD_NAMES,
  NARRATIVE_FIELDS,
  REVIEW_HEALTH_LABELS,
  REVIEW_STATUS_LABELS,
} from "../../reviews/vocabulary";
import { z } from "../../zod";
import { FONT, INK, type Pdf } from "./document";
import { diffLines } from "./review-diff";
import { exportReader } from "../reader";
import { pdfFilename } from "./filename";
import { pdfResponse } from "./stream";

// GET /vbus/{id}/reviews/{yyyy-mm}.pdf (next.config.mjs rewrites it to …/{yyyy-mm}/pdf): a
// monthly review as a portrait A4 document that flows over as many pages as it needs: the
// GM's narrative and health call, what changed since the last published review, and the canvas
// as the review froze it. Read through the review page's own read (getReviewPage), so the PDF
// shows exactly what the page would: a draft only to those who may see it, to anyone else the
// same 404 as no review at all.

const THAT_REVIEW = "That review";
const MARGIN = 50;

export async function reviewPdf(vbuId: string, monthText: string, now = new Date()): Promise<Response> {
  const actor = await exportReader(THAT_REVIEW);
  const month = monthOfParam(monthText);
  if (!z.uuid().safeParse(vbuId).success || !month) throw new NotFoundError(THAT_REVIEW);
  const page = await getReviewPage(actor, vbuId, month, now);
  const { review, comparison } = page;
  if (!review || !comparison) throw new NotFoundError(THAT_REVIEW);
  const monthLabel = formatReviewMonth(page.month);
  const title = `${page.vbu.name}: review of ${monthLabel}`;
  return pdfResponse(pdfFilename(page.vbu.name, "review", page.month), title, (doc) => {
    doc.addPage({ size: "A4", layout: "portrait", margin: MARGIN });
    drawHeader(doc, title, page, review);
    drawNarrative(doc, review);
    drawChanges(doc, diffSnapshots(comparison.before, comparison.after), comparison.beforeMonth);
    drawSnapshot(doc, comparison.after, review.status === "draft");
  });
}

function heading(doc: Pdf, text: string) {
  doc.moveDown(0.8).fillColor(INK.text).font(FONT.bold).fontSize(13).text(text, MARGIN).moveDown(0.3);
}

function body(doc: Pdf, text: string, { muted = false } = {}) {
  doc
    .fillColor(muted ? INK.muted : INK.text)
    .font(muted ? FONT.italic : FONT.regular)
    .fontSize(10)
    .text(text, MARGIN)
    .moveDown(0.3);
}

function label(doc: Pdf, text: string) {
  doc.fillColor(INK.muted).font(FONT.bold).fontSize(9).text(text, MARGIN);
}

function drawHeader(doc: Pdf, title: string, page: ReviewPage, review: ReviewView) {
  doc.fillColor(INK.text).font(FONT.bold).fontSize(18).text(title, MARGIN);
  doc.font(FONT.regular).fontSize(10).fillColor(INK.muted).text(`GM: ${page.vbu.gmName}`, MARGIN);
  const state =
    review.status === "published" && review.publishedAt
      ? `${REVIEW_STATUS_LABELS.published} ${review.publishedByName ? `by ${review.publishedByName} ` : ""}on ${formatMoment(review.publishedAt)}`
      : `${REVIEW_STATUS_LABELS.draft}, not published: last saved ${review.updatedByName ? `by ${review.updatedByName} ` : ""}on ${formatMoment(review.updatedAt)}. Only its GM and admins can see a draft.`;
  doc.fillColor(INK.text).text(state, MARGIN);
  if (review.status === "published" && review.health) {
    doc.font(FONT.bold).text(`Health: ${REVIEW_HEALTH_LABELS[review.health]}`, MARGIN);
  }
  const ack = review.acknowledgement;
  if (ack) {
    doc
      .font(FONT.regular)
      .text(
        `Acknowledged ${ack.byName ? `by ${ack.byName} ` : ""}on ${formatMoment(ack.at)}${ack.comment ? `: “${ack.comment}”` : "."}`,
        MARGIN,
      );
  }
}

function drawNarrative(doc: Pdf, review: ReviewView) {
  heading(doc, "What the GM said");
  for (const field of NARRATIVE_FIELD_NAMES) {
    label(doc, NARRATIVE_FIELDS[field].label);
    const text = review.narrative[field];
    body(doc, text || "Nothing said", { muted: !text });
  }
}

function drawChanges(doc: Pdf, diff: ReviewDiff, beforeMonth: string | null) {
  const since = beforeMonth ? `the review of ${formatReviewMonth(beforeMonth)}` : "the last review";
  heading(doc, `Since ${since}`);
  if (diff.first) return body(doc, "No earlier review to compare with.", { muted: true });
  if (isEmptyDiff(diff)) return body(doc, `Nothing changed since ${since}.`, { muted: true });
  doc
    .fillColor(INK.muted)
    .font(FONT.italic)
    .fontSize(9)
    .text("In edited text, added words are underlined and removed words struck through.", MARGIN)
    .moveDown(0.3);
  for (const group of diffLines(diff)) {
    label(doc, group.title);
    for (const line of group.lines) {
      doc.fillColor(INK.text).fontSize(10);
      if (line.lead) doc.font(FONT.bold).text(`${line.lead} `, MARGIN, undefined, { continued: line.words.length > 0 });
      writeWords(doc, line.words);
    }
    doc.moveDown(0.3);
  }
}

/** Runs of words, the added underlined and the removed struck through, as one paragraph. */
function writeWords(doc: Pdf, words: WordPart[]) {
  words.forEach((part, i) => {
    const last = i === words.length - 1;
    doc.font(FONT.regular).text(part.text, {
      continued: !last,
      underline: part.kind === "added",
      strike: part.kind === "removed",
    });
  });
}

function drawSnapshot(doc: Pdf, snapshot: ReviewSnapshot, live: boolean) {
  heading(doc, live ? "The canvas as it is now" : "The canvas as published");
  body(
    doc,
    `${snapshot.vbuName} · GM: ${snapshot.gmName} · Lane: ${laneLabel(snapshot.lane)} · Currently testing: ${snapshot.currentlyTesting?.label ?? "nothing chosen"}`,
  );
  for (const field of SNAPSHOT_FIELDS) {
    label(doc, CANVAS_FIELD_LABELS[field]);
    const text = snapshot.fields[field];
    body(doc, text || NOT_WRITTEN_YET, { muted: !text });
  }
  for (const thesis of snapshot.theses) {
    doc.moveDown(0.3);
    label(doc, `Thesis ${thesis.order}`);
    body(doc, thesis.text);
    for (const point of thesis.proofPoints) {
      const month = point.targetReviewMonth
        ? `review ${formatReviewMonth(point.targetReviewMonth)}`
        : "no review month";
      const files = point.evidence.length === 0 ? "" : ` · ${point.evidence.length} evidence file(s)`;
      doc
        .fillColor(INK.text)
        .font(FONT.regular)
        .fontSize(10)
        .text(`• ${point.description}`, MARGIN + 12);
      doc
        .fillColor(INK.muted)
        .fontSize(9)
        .text(`${PROOF_POINT_STATUS_LABELS[point.status]} · ${month}${files}`, MARGIN + 22);
      if (point.evidenceNote) doc.font(FONT.italic).text(point.evidenceNote, MARGIN + 22);
    }
  }
}
