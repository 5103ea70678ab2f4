import "server-only";
import { LANES, OVERDUE_LABEL, PROOF_POINT_STATUS_LABELS, PROOF_POINT_STATUSES } from "../../canvas/vocabulary";
import { formatReviewMonth } from "../../dates";
import { STALE_AFTER_DAYS } from "../../history/vocabulary";
import { REVIEW_STATE_LABELS, REVIEW_STATES } from "../../reviews/vocabulary";
import { drawFooter } from "./canvas-sheet";
import { A4_LANDSCAPE, addLandscapePage, FONT, INK, type Pdf } from "./document";
import type { PackCard, PackContents } from "./pack-read";
import { fitText, oneLine } from "./text";

// The pack's cover and table of contents. The cover holds the summary and the first rows of
// the contents; longer contents go on as many pages as they need, and since the number of VBUs
// is known before anything is drawn, every page number is known up front too.

const MARGIN = 28;
const GAP = 14;
const ROW = 11;
const TOP = MARGIN + 58;
const BOTTOM = A4_LANDSCAPE.height - MARGIN - 8;
const ROWS_PER_COLUMN = Math.floor((BOTTOM - TOP) / ROW);
const COVER_COLUMN = (A4_LANDSCAPE.width - 2 * MARGIN - 2 * GAP) / 3;
/** Contents pages after the cover: four columns from the top of the page. */
const TOC_COLUMNS = 4;
const TOC_COLUMN = (A4_LANDSCAPE.width - 2 * MARGIN - (TOC_COLUMNS - 1) * GAP) / TOC_COLUMNS;
const TOC_ROWS = Math.floor((BOTTOM - MARGIN - 20) / ROW);
/** The cover's contents column, below its heading. */
const COVER_TOC_ROWS = ROWS_PER_COLUMN - 2;

type TocRow = { heading: string } | { name: string; page: number };

export interface PackLayout {
  /** The cover and the contents pages after it. */
  frontPages: number;
  totalPages: number;
  rows: TocRow[];
}

/** Where everything goes: the contents rows with their page numbers, and how many pages come first. */
export function packLayout(cards: PackCard[]): PackLayout {
  const rowCount = cards.length + new Set(cards.map((c) => c.lane)).size;
  const frontPages = 1 + Math.ceil(Math.max(0, rowCount - COVER_TOC_ROWS) / (TOC_COLUMNS * TOC_ROWS));
  const rows: TocRow[] = [];
  cards.forEach((card, i) => {
    if (card.lane !== cards[i - 1]?.lane) rows.push({ heading: LANES.find((l) => l.lane === card.lane)!.label });
    rows.push({ name: card.vbuName, page: frontPages + i + 1 });
  });
  return { frontPages, totalPages: frontPages + cards.length, rows };
}

export const pageLabel = (page: number, layout: PackLayout) => `Page ${page} of ${layout.totalPages}`;

export function drawCover(doc: Pdf, pack: PackContents, layout: PackLayout, printedOn: string) {
  addLandscapePage(doc);
  doc.fillColor(INK.text).font(FONT.bold).fontSize(20).text("Portfolio pack", MARGIN, MARGIN, { lineBreak: false });
  doc.font(FONT.regular).fontSize(10).fillColor(INK.muted);
  doc.text(`Printed ${printedOn} · ${pack.cards.length} VBUs`, MARGIN, MARGIN + 26, { lineBreak: false });
  fitText(doc, `Filters: ${pack.filterWords}`, {
    x: MARGIN,
    y: MARGIN + 39,
    width: A4_LANDSCAPE.width - 2 * MARGIN,
    height: 12,
  });
  drawSummary(doc, pack.cards, MARGIN);
  drawLists(doc, pack.cards, MARGIN + COVER_COLUMN + GAP);
  const tocX = MARGIN + 2 * (COVER_COLUMN + GAP);
  section(doc, "Contents", tocX, TOP);
  drawTocColumn(doc, layout.rows.slice(0, COVER_TOC_ROWS), tocX, TOP + 2 * ROW, COVER_COLUMN);
  if (pack.cards.length === 0) {
    doc
      .fillColor(INK.muted)
      .font(FONT.italic)
      .fontSize(9)
      .text("No VBUs match these filters.", tocX, TOP + 2 * ROW);
  }
  drawFooter(doc, `Portfolio pack · printed ${printedOn}`, pageLabel(1, layout));
  // The rest of the contents, page after page.
  let rest = layout.rows.slice(COVER_TOC_ROWS);
  for (let page = 2; page <= layout.frontPages; page++) {
    addLandscapePage(doc);
    section(doc, "Contents, continued", MARGIN, MARGIN);
    for (let column = 0; column < TOC_COLUMNS; column++) {
      const x = MARGIN + column * (TOC_COLUMN + GAP);
      drawTocColumn(doc, rest.slice(0, TOC_ROWS), x, MARGIN + 20, TOC_COLUMN);
      rest = rest.slice(TOC_ROWS);
    }
    drawFooter(doc, `Portfolio pack · printed ${printedOn}`, pageLabel(page, layout));
  }
}

function section(doc: Pdf, title: string, x: number, y: number) {
  doc.fillColor(INK.text).font(FONT.bold).fontSize(11).text(title, x, y, { lineBreak: false });
}

/** Lines of "label … value", one per row, from `y` down; answers the y after them. */
function rowsOf(doc: Pdf, lines: [label: string, value: string][], x: number, y: number, width: number) {
  doc.font(FONT.regular).fontSize(9).fillColor(INK.text);
  for (const [label, value] of lines) {
    oneLine(doc, label, x, y, width - 90);
    doc.text(value, x, y, { width, align: "right", lineBreak: false });
    y += ROW;
  }
  return y + ROW;
}

function drawSummary(doc: Pdf, cards: PackCard[], x: number) {
  let y = TOP;
  section(doc, "VBUs per lane", x, y);
  y = rowsOf(
    doc,
    LANES.map(({ lane, label }) => [label, String(cards.filter((c) => c.lane === lane).length)]),
    x,
    y + 1.5 * ROW,
    COVER_COLUMN,
  );
  section(doc, "Proof points per status", x, y);
  const sum = (count: (card: PackCard) => number) => String(cards.reduce((total, card) => total + count(card), 0));
  y = rowsOf(
    doc,
    [
      ...PROOF_POINT_STATUSES.map((status): [string, string] => [
        PROOF_POINT_STATUS_LABELS[status],
        sum((c) => c.counts[status]),
      ]),
      [OVERDUE_LABEL, sum((c) => c.overdue)],
    ],
    x,
    y + 1.5 * ROW,
    COVER_COLUMN,
  );
  section(doc, "Monthly reviews, as the board shows them", x, y);
  const months = [...new Set(cards.map((c) => c.review.month.slice(0, 7)))].sort();
  y = rowsOf(
    doc,
    REVIEW_STATES.map((state) => [
      REVIEW_STATE_LABELS[state],
      String(cards.filter((c) => c.review.state === state).length),
    ]),
    x,
    y + 1.5 * ROW,
    COVER_COLUMN,
  );
  if (months.length > 0) {
    doc.fillColor(INK.muted).font(FONT.italic).fontSize(8);
    fitText(doc, `The review each VBU owes now: ${months.map(formatReviewMonth).join(" or ")}.`, {
      x,
      y: y - ROW / 2,
      width: COVER_COLUMN,
      height: 2 * ROW,
    });
  }
}

/** The overdue and the stale VBUs, each list in half the column; the rest counted, never silently dropped. */
function drawLists(doc: Pdf, cards: PackCard[], x: number) {
  const half = Math.floor(ROWS_PER_COLUMN / 2);
  const overdue = cards.filter((c) => c.overdue > 0);
  list(
    doc,
    `${OVERDUE_LABEL} (${overdue.length} VBUs)`,
    overdue.map((c): [string, string] => [c.vbuName, `${c.overdue} proof point${c.overdue === 1 ? "" : "s"}`]),
    x,
    TOP,
    half,
  );
  const stale = cards.filter((c) => c.stale);
  list(
    doc,
    `Stale: no change for ${STALE_AFTER_DAYS} days (${stale.length} VBUs)`,
    stale.map((c): [string, string] => [c.vbuName, ""]),
    x,
    TOP + half * ROW,
    ROWS_PER_COLUMN - half,
  );
}

function list(doc: Pdf, title: string, lines: [string, string][], x: number, y: number, rows: number) {
  doc.fillColor(INK.text).font(FONT.bold).fontSize(11);
  fitText(doc, title, { x, y, width: COVER_COLUMN, height: ROW + 4 });
  const room = rows - 3;
  if (lines.length === 0) {
    doc
      .fillColor(INK.muted)
      .font(FONT.italic)
      .fontSize(9)
      .text("None.", x, y + 1.5 * ROW, { lineBreak: false });
    return;
  }
  const shown = lines.length > room ? lines.slice(0, room - 1) : lines;
  const end = rowsOf(doc, shown, x, y + 1.5 * ROW, COVER_COLUMN);
  if (shown.length < lines.length) {
    doc.fillColor(INK.muted).font(FONT.italic).fontSize(9);
    doc.text(`… and ${lines.length - shown.length} more (see the board)`, x, end - ROW, { lineBreak: false });
  }
}

function drawTocColumn(doc: Pdf, rows: TocRow[], x: number, y: number, width: number) {
  for (const row of rows) {
    if ("heading" in row) {
      doc
        .fillColor(INK.muted)
        .font(FONT.bold)
        .fontSize(8.5)
        .text(row.heading.toUpperCase(), x, y, { lineBreak: false });
    } else {
      doc.fillColor(INK.text).font(FONT.regular).fontSize(9);
      oneLine(doc, row.name, x, y, width - 36);
      doc.text(String(row.page), x, y, { width, align: "right", lineBreak: false });
    }
    y += ROW;
  }
}
