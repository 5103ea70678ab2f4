import { BOARD_PATH, BOARD_STATUS_FILTER_LABELS, type BoardFilters, boardHref } from "../board/filters";
import { REVIEW_STATE_LABELS } from "../reviews/vocabulary";

// Where the exports live and how they are asked for: the board's own filter parameters, so a
// board URL's query is an export URL's query. No server-only here: the board, the export page
// and the routes read it.

/** The export page: the files for the board's filters. */
export const EXPORT_PATH = "/export";
/** The portfolio pack (another module builds it; linked from the export page). */
export const PORTFOLIO_PDF_PATH = "/export/portfolio.pdf";
export const PROOF_POINTS_CSV_PATH = "/export/proof-points.csv";
export const PROOF_POINTS_XLSX_PATH = "/export/proof-points.xlsx";

/**
 * An export URL for the board's filters, spelt as the board spells them. Not `lane`: on the board
 * it only opens a lane in full, and an export holds every matching VBU of every lane.
 */
export function exportHref(path: string, filters: BoardFilters): string {
  return path + boardHref({ ...filters, lane: undefined }).slice(BOARD_PATH.length);
}

/** The filters in words, one phrase each ("GM: Ana Silva"); none for every VBU. */
export function filtersInWords(filters: BoardFilters, gmName: string | null): string[] {
  const words: string[] = [];
  if (filters.q) words.push(`VBU or product name contains “${filters.q}”`);
  if (filters.gm) words.push(`GM: ${gmName ?? "unknown"}`);
  if (filters.mine) words.push("Only my VBUs");
  if (filters.status) words.push(`Has a proof point: ${BOARD_STATUS_FILTER_LABELS[filters.status]}`);
  if (filters.review) words.push(`Review: ${REVIEW_STATE_LABELS[filters.review]}`);
  if (filters.stale) words.push("Only stale VBUs");
  return words;
}
