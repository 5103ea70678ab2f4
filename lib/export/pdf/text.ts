import "server-only";
import type { Pdf } from "./document";

/** What a clipped text ends with: the reader knows there is more, and where to find it. */
export const CONTINUED_MARK = "… continued in the app";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Writes `text` inside the box in the current font and size. Text longer than the box is cut at
 * a word and ends with CONTINUED_MARK, never silently: the longest run of whole words that fits
 * with the mark is found by halving (heightOfString measures as pdfkit will lay it out).
 * Answers the height used, and whether the text was clipped.
 */
export function fitText(doc: Pdf, text: string, box: Box): { height: number; clipped: boolean } {
  const options = { width: box.width, lineGap: 0 };
  // Measuring is most of a page's drawing time: each text is measured once when it fits.
  const fits = (candidate: string) => doc.heightOfString(candidate, options) <= box.height;
  if (box.height <= 0) return { height: 0, clipped: text.length > 0 };
  const whole = doc.heightOfString(text, options);
  if (whole <= box.height) {
    doc.text(text, box.x, box.y, options);
    return { height: whole, clipped: false };
  }
  const words = text.split(/(?<=\s)/); // each word keeps the space after it
  let [low, high] = [0, words.length];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(clipAt(words, middle))) low = middle;
    else high = middle - 1;
  }
  const clipped = clipAt(words, low);
  // Not even the mark fits: the box is too small to say anything, so say nothing rather than overflow.
  if (!fits(clipped)) return { height: 0, clipped: true };
  doc.text(clipped, box.x, box.y, options);
  return { height: doc.heightOfString(clipped, options), clipped: true };
}

const clipAt = (words: string[], count: number) =>
  count === 0 ? CONTINUED_MARK : `${words.slice(0, count).join("").trimEnd()} ${CONTINUED_MARK}`;

/**
 * A name on one line of a list (the pack's contents, its overdue and stale lists): cut to the
 * width with "…" when longer. The whole name is one page away, on the VBU's own canvas page.
 */
export function oneLine(doc: Pdf, text: string, x: number, y: number, width: number): void {
  let shown = text;
  if (doc.widthOfString(text) > width) {
    let [low, high] = [0, text.length];
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (doc.widthOfString(`${text.slice(0, middle)}…`) <= width) low = middle;
      else high = middle - 1;
    }
    shown = `${text.slice(0, low).trimEnd()}…`;
  }
  doc.text(shown, x, y, { lineBreak: false });
}
