/**
 * A download's name from a VBU's name: letters, digits, spaces and dashes kept (any script),
 * anything else a dash, short enough for every file system. disposition.ts encodes the rest.
 */
export function pdfFilename(...parts: string[]): string {
  const base = parts
    .join(" ")
    .normalize("NFC")
    .replace(/[^\p{L}\p{N} _-]+/gu, "-")
    .replace(/\s+/g, " ")
    .replace(/-{2,}/g, "-")
    .trim()
    .slice(0, 100)
    .trim();
  return `${base || "canvas"}.pdf`;
}
