import "server-only";
import type { LifecycleLane, ProofPointStatus } from "../../../db/schema";
import type { CanvasPage, LoadedCanvas } from "../../canvas/read";
import { CANVAS_FIELD_LABELS, NOT_WRITTEN_YET } from "../../canvas/schemas";
import { laneLabel, OVERDUE_LABEL, PROOF_POINT_STATUS_LABELS } from "../../canvas/vocabulary";
import { formatReviewMonth } from "../../dates";
import { SNAPSHOT_FIELDS, type SnapshotFieldName } from "../../reviews/fields";
import { A4_LANDSCAPE, addLandscapePage, FONT, INK, type Pdf } from "./document";
import { CONTINUED_MARK, fitText } from "./text";

// The one-page canvas, drawn on one landscape A4 page: the top band (VBU, GM, lane, what it is
// testing), the strategy fields in a grid, and the theses in order, each with its proof points'
// statuses in words, their review months and the overdue mark. canvas.pdf is one such page; the
// portfolio pack draws one per VBU with this same code. Whatever does not fit its box is cut
// with CONTINUED_MARK, so the page is always exactly one page.

/** What the page shows of a canvas: a CanvasPage or a batch-loaded canvas, reduced to the same. */
export interface CanvasSheet {
  vbuName: string;
  gmName: string;
  lane: LifecycleLane;
  currentlyTesting: string | null;
  fields: Record<SnapshotFieldName, string | null>;
  theses: {
    order: number;
    text: string;
    proofPoints: {
      description: string;
      status: ProofPointStatus;
      /** YYYY-MM, or null. */
      targetReviewMonth: string | null;
      overdue: boolean;
    }[];
  }[];
}

const pickFields = (values: Record<SnapshotFieldName, string | null>) =>
  Object.fromEntries(SNAPSHOT_FIELDS.map((field) => [field, values[field]])) as CanvasSheet["fields"];

export function sheetOfPage(page: CanvasPage): CanvasSheet {
  return {
    vbuName: page.vbu.name,
    gmName: page.vbu.gmName,
    lane: page.values.lifecycleLane,
    currentlyTesting: page.currentlyTesting?.label ?? null,
    fields: pickFields(page.values),
    theses: page.theses,
  };
}

export function sheetOfLoaded({ row, theses, currentlyTesting }: LoadedCanvas): CanvasSheet {
  return {
    vbuName: row.vbuName,
    gmName: row.gmName,
    lane: row.lifecycleLane,
    currentlyTesting: currentlyTesting?.label ?? null,
    fields: pickFields(row),
    theses,
  };
}

/** The page's furniture: when it was printed, and where it sits in a pack. */
export interface SheetFooter {
  printedOn: string;
  pageLabel?: string;
}

const MARGIN = 28;
const GAP = 8;
const INNER = A4_LANDSCAPE.width - 2 * MARGIN;
const BAND = { y: MARGIN, height: 62 };
const GRID = { y: BAND.y + BAND.height + GAP, columns: 4, rowHeight: 84 };
const THESES_Y = GRID.y + 2 * GRID.rowHeight + 2 * GAP;
const FOOTER_Y = A4_LANDSCAPE.height - MARGIN + 6;
const THESES_HEIGHT = FOOTER_Y - 8 - THESES_Y;
const PAD = 5;

/** Adds a page and draws the canvas on it. */
export function drawCanvasSheet(doc: Pdf, sheet: CanvasSheet, footer: SheetFooter): void {
  addLandscapePage(doc);
  drawBand(doc, sheet);
  drawFields(doc, sheet);
  drawTheses(doc, sheet);
  drawFooter(doc, `Canvas of ${sheet.vbuName} · printed ${footer.printedOn}`, footer.pageLabel);
}

function drawBand(doc: Pdf, sheet: CanvasSheet) {
  doc.rect(MARGIN, BAND.y, INNER, BAND.height).fill(INK.band);
  const right = 250;
  doc.fillColor(INK.text).font(FONT.bold).fontSize(17);
  fitText(doc, sheet.vbuName, { x: MARGIN + PAD, y: BAND.y + PAD, width: INNER - right - 2 * PAD, height: 22 });
  doc.font(FONT.regular).fontSize(9);
  const meta = { x: MARGIN + INNER - right, width: right - PAD };
  fitText(doc, `GM: ${sheet.gmName}`, { ...meta, y: BAND.y + PAD + 2, height: 12 });
  fitText(doc, `Lane: ${laneLabel(sheet.lane)}`, { ...meta, y: BAND.y + PAD + 15, height: 12 });
  doc
    .font(FONT.bold)
    .fontSize(9)
    .text("Currently testing: ", MARGIN + PAD, BAND.y + 32, { lineBreak: false });
  const labelWidth = doc.widthOfString("Currently testing: ");
  doc.font(FONT.regular);
  fitText(doc, sheet.currentlyTesting ?? "Nothing chosen yet", {
    x: MARGIN + PAD + labelWidth,
    y: BAND.y + 32,
    width: INNER - 2 * PAD - labelWidth,
    height: 24,
  });
}

function drawFields(doc: Pdf, sheet: CanvasSheet) {
  const width = (INNER - (GRID.columns - 1) * GAP) / GRID.columns;
  SNAPSHOT_FIELDS.forEach((field, i) => {
    const x = MARGIN + (i % GRID.columns) * (width + GAP);
    const y = GRID.y + Math.floor(i / GRID.columns) * (GRID.rowHeight + GAP);
    doc.lineWidth(0.5).rect(x, y, width, GRID.rowHeight).stroke(INK.rule);
    doc.fillColor(INK.muted).font(FONT.bold).fontSize(7.5);
    doc.text(CANVAS_FIELD_LABELS[field].toUpperCase(), x + PAD, y + PAD, { width: width - 2 * PAD, lineBreak: false });
    const value = sheet.fields[field];
    doc
      .fillColor(value ? INK.text : INK.muted)
      .font(value ? FONT.regular : FONT.italic)
      .fontSize(8);
    fitText(doc, value || NOT_WRITTEN_YET, {
      x: x + PAD,
      y: y + PAD + 11,
      width: width - 2 * PAD,
      height: GRID.rowHeight - 2 * PAD - 11,
    });
  });
}

function drawTheses(doc: Pdf, sheet: CanvasSheet) {
  const columns = 5;
  const width = (INNER - (columns - 1) * GAP) / columns;
  if (sheet.theses.length === 0) {
    doc.fillColor(INK.muted).font(FONT.italic).fontSize(9).text("No theses yet.", MARGIN, THESES_Y);
    return;
  }
  sheet.theses.slice(0, columns).forEach((thesis, i) => {
    const x = MARGIN + i * (width + GAP);
    const inner = { x: x + PAD, width: width - 2 * PAD };
    const bottom = THESES_Y + THESES_HEIGHT - PAD;
    doc.lineWidth(0.5).rect(x, THESES_Y, width, THESES_HEIGHT).stroke(INK.rule);
    let y = THESES_Y + PAD;
    doc.fillColor(INK.muted).font(FONT.bold).fontSize(7.5).text(`THESIS ${thesis.order}`, inner.x, y, {
      width: inner.width,
      lineBreak: false,
    });
    y += 11;
    doc.fillColor(INK.text).font(FONT.bold).fontSize(8);
    y += fitText(doc, thesis.text, { ...inner, y, height: Math.min(80, bottom - y) }).height + 6;
    for (const [index, point] of thesis.proofPoints.entries()) {
      // A proof point needs room for a line of its description and its status line.
      if (bottom - y < 2 * 10 + 4) {
        const more = thesis.proofPoints.length - index;
        doc.fillColor(INK.mark).font(FONT.italic).fontSize(7.5);
        fitText(doc, `${more} more proof point${more === 1 ? "" : "s"} ${CONTINUED_MARK}`, {
          ...inner,
          y,
          height: bottom - y,
        });
        break;
      }
      doc.fillColor(INK.text).font(FONT.regular).fontSize(7.5);
      y += fitText(doc, `• ${point.description}`, { ...inner, y, height: Math.min(28, bottom - y - 10) }).height + 1;
      const overdue = point.overdue ? ` · ${OVERDUE_LABEL}` : "";
      doc.fillColor(point.overdue ? INK.mark : INK.muted).font(point.overdue ? FONT.bold : FONT.regular);
      y += fitText(doc, `${statusLine(point)}${overdue}`, { ...inner, y, height: Math.min(20, bottom - y) }).height + 5;
    }
    if (thesis.proofPoints.length === 0) {
      doc.fillColor(INK.muted).font(FONT.italic).fontSize(7.5).text("No proof points yet.", inner.x, y, inner);
    }
  });
}

const statusLine = (point: CanvasSheet["theses"][number]["proofPoints"][number]) =>
  `${PROOF_POINT_STATUS_LABELS[point.status]} · ${
    point.targetReviewMonth ? `review ${formatReviewMonth(point.targetReviewMonth)}` : "no review month"
  }`;

/** The footer line: what this is on the left, the page number on the right. */
export function drawFooter(doc: Pdf, left: string, right?: string) {
  const width = doc.page.width - 2 * MARGIN;
  const y = doc.page.height - MARGIN + 6;
  doc.fillColor(INK.muted).font(FONT.regular).fontSize(7.5);
  fitText(doc, left, { x: MARGIN, y, width: width - 120, height: 10 });
  if (right) doc.text(right, MARGIN, y, { width, align: "right", lineBreak: false });
}
