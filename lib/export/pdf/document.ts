import "server-only";
import PDFDocument from "pdfkit";

// The PDF documents' paper, fonts and inks, in one place. pdfkit's standard fonts (Helvetica)
// need no font file of ours; they read their metrics (.afm) from pdfkit's own package at run
// time, which is why next.config.mjs keeps pdfkit out of the bundle (serverExternalPackages).

export type Pdf = PDFKit.PDFDocument;

/** A4 in points, either way up. */
export const A4_LANDSCAPE = { width: 841.89, height: 595.28 } as const;
export const A4_PORTRAIT = { width: 595.28, height: 841.89 } as const;

export const FONT = { regular: "Helvetica", bold: "Helvetica-Bold", italic: "Helvetica-Oblique" } as const;

/** Ink: dark enough to read printed in greyscale; meaning is always in words, never colour alone. */
export const INK = { text: "#0f172a", muted: "#475569", rule: "#cbd5e1", mark: "#9a3412", band: "#f1f5f9" } as const;

/**
 * A new document with no page yet (each drawing adds its own). Margins are the drawing's
 * business: with page margins of 0, pdfkit never adds a page because a footer sits low.
 */
export function newPdf(title: string): Pdf {
  return new PDFDocument({
    autoFirstPage: false,
    bufferPages: false,
    compress: true,
    margin: 0,
    info: { Title: title, Creator: "Canvas", Producer: "Canvas" },
  });
}

export function addLandscapePage(doc: Pdf): void {
  doc.addPage({ size: "A4", layout: "landscape", margin: 0 });
}
