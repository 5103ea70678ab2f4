import type { CanvasPage } from "./read";
import type { CanvasFieldName } from "./schemas";
import type { ProofPointStatus } from "../../db/schema";

// The one-page canvas (/vbus/{id}/canvas): how much of each text it shows, and the rule that
// clips the rest with a visible "continued in the app" mark, never silently. The sheet is sized
// for the seeded canvases (5 theses × 3 proof points, fields up to 300 characters) on one
// 1440×900 screen and one landscape A4 or Letter page: these limits are what keeps it there.
// Client-safe (types only from elsewhere): the page and any export of the sheet read them here.

/** The strategy fields the sheet shows in its grid, in the editor's order. */
export const SHEET_FIELDS = [
  "successDescription",
  "futureStateIntent",
  "primaryFocus",
  "resistDoing",
  "goodDiscipline",
  "primaryConstraint",
  "portfolioNotes",
] as const satisfies readonly CanvasFieldName[];

export type SheetFieldName = (typeof SHEET_FIELDS)[number];

/**
 * Characters each text may take on the sheet, its "continued in the app" mark included: a text
 * up to its limit shows whole (a typical canvas is never clipped), and a clipped one is never
 * longer on the sheet than a whole one may be, so the fullest unclipped canvas is the one that
 * must fit.
 */
export const SHEET_LIMITS = {
  /** Every strategy field: a typical canvas writes up to 300 characters. */
  field: 300,
  /** A thesis's text. */
  thesis: 160,
  /** A proof point's description. */
  proofPoint: 100,
  /** The currently-testing line in the top band ("Thesis 2: …", "Proof point of thesis 2: …"). */
  currentlyTesting: 200,
  /** The VBU's product name in the top band. */
  productName: 80,
} as const;

/** The words on a clipped text's mark, a link to the whole text on the canvas page. */
export const CONTINUED_LABEL = "continued in the app";

/** What a clipped text gives up to its mark: the ellipsis, a space and the mark's words. */
const MARK_LENGTH = CONTINUED_LABEL.length + 2;

/** A text as the sheet shows it: whole, or cut short, and whether it was. */
export interface SheetText {
  text: string;
  clipped: boolean;
}

/**
 * `text` whole when it has at most `limit` characters (code points, so no emoji is split in
 * half); otherwise cut short enough that it, an ellipsis and its mark take no more than `limit`:
 * at the last space when one falls in the cut's last third, so words stay whole.
 */
export function clipText(text: string, limit: number): SheetText {
  const chars = Array.from(text.trim());
  if (chars.length <= limit) return { text: chars.join(""), clipped: false };
  const room = limit - MARK_LENGTH;
  const cut = chars.slice(0, room).join("");
  const lastSpace = cut.search(/\s\S*$/);
  const endsAtWord = /\s/.test(chars[room]!);
  const kept = !endsAtWord && lastSpace >= (cut.length * 2) / 3 ? cut.slice(0, lastSpace) : cut;
  return { text: `${kept.replace(/[\s.,;:!?…-]+$/u, "")}…`, clipped: true };
}

export interface SheetProofPoint {
  id: string;
  description: SheetText;
  status: ProofPointStatus;
  /** YYYY-MM, or null. */
  targetReviewMonth: string | null;
  overdue: boolean;
}

export interface SheetThesis {
  id: string;
  order: number;
  text: SheetText;
  proofPoints: SheetProofPoint[];
}

/** What the one-page canvas shows, every text already clipped by the rule above. */
export interface CanvasSheet {
  vbu: { id: string; name: string; gmName: string };
  productName: SheetText | null;
  lane: CanvasPage["values"]["lifecycleLane"];
  currentlyTesting: SheetText | null;
  /** Each strategy field in SHEET_FIELDS order; null when nothing is written yet. */
  fields: { field: SheetFieldName; value: SheetText | null }[];
  theses: SheetThesis[];
  overdueCount: number;
  updatedAt: string;
  updatedByName: string | null;
  /** Whether anything on the sheet was clipped (the sheet then says where the rest is). */
  clipped: boolean;
}

const clipOrNull = (text: string | null, limit: number) => (text?.trim() ? clipText(text, limit) : null);

/** The canvas page's read, shaped for the sheet: only what it shows, clipped. */
export function toCanvasSheet(page: CanvasPage): CanvasSheet {
  const theses = page.theses.map((thesis) => ({
    id: thesis.id,
    order: thesis.order,
    text: clipText(thesis.text, SHEET_LIMITS.thesis),
    proofPoints: thesis.proofPoints.map((point) => ({
      id: point.id,
      description: clipText(point.description, SHEET_LIMITS.proofPoint),
      status: point.status,
      targetReviewMonth: point.targetReviewMonth,
      overdue: point.overdue,
    })),
  }));
  const sheet = {
    vbu: page.vbu,
    productName: clipOrNull(page.values.productName, SHEET_LIMITS.productName),
    lane: page.values.lifecycleLane,
    currentlyTesting: clipOrNull(page.currentlyTesting?.label ?? null, SHEET_LIMITS.currentlyTesting),
    fields: SHEET_FIELDS.map((field) => ({ field, value: clipOrNull(page.values[field], SHEET_LIMITS.field) })),
    theses,
    overdueCount: theses.reduce((n, t) => n + t.proofPoints.filter((p) => p.overdue).length, 0),
    updatedAt: page.updatedAt,
    updatedByName: page.updatedByName,
  };
  const texts = [
    sheet.productName,
    sheet.currentlyTesting,
    ...sheet.fields.map((f) => f.value),
    ...theses.flatMap((t) => [t.text, ...t.proofPoints.map((p) => p.description)]),
  ];
  return { ...sheet, clipped: texts.some((t) => t?.clipped) };
}

/** The sheet's address for a VBU, and the canvas page's places its "continued" marks lead to. */
export const canvasSheetPath = (vbuId: string) => `/vbus/${vbuId}/canvas`;
export const canvasSheetPdfPath = (vbuId: string) => `/vbus/${vbuId}/canvas.pdf`;
export const canvasFieldsAnchor = (vbuId: string) => `/vbus/${vbuId}#canvas-heading`;
export const canvasThesesAnchor = (vbuId: string) => `/vbus/${vbuId}#theses-heading`;
export const canvasTestingAnchor = (vbuId: string) => `/vbus/${vbuId}#currently-testing-heading`;
