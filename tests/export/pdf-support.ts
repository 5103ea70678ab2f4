// Reading back the PDFs the routes stream: the bytes, their text through poppler's pdftotext
// (Debian's poppler-utils, which .ci/run installs), and their page count through pdfinfo.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { vbus } from "../../db/schema";

const run = promisify(execFile);

export interface ReadPdf {
  pages: number;
  /** Every page's text: in reading order, or with `layout` as laid out (a row of a table on one line). */
  pageTexts: string[];
  text: string;
}

/** A PDF's pages and text; fails when the bytes are not a PDF poppler can read. */
export async function readPdf(bytes: Uint8Array, { layout = false } = {}): Promise<ReadPdf> {
  const dir = await mkdtemp(join(tmpdir(), "canvas-pdf-"));
  try {
    const file = join(dir, "document.pdf");
    await writeFile(file, bytes);
    const info = (await run("pdfinfo", [file])).stdout;
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    const text = (
      await run("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", file, "-"], {
        maxBuffer: 64 * 1024 * 1024,
      })
    ).stdout;
    // pdftotext ends each page with a form feed.
    const pageTexts = text.split("\f").slice(0, pages);
    return { pages, pageTexts, text: pageTexts.join("\n") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lines of a page's text joined with single spaces: a phrase wrapped over two lines still matches. */
export const flat = (text: string) => text.replace(/\s+/g, " ");

export async function vbuIdNamed(name: string): Promise<string> {
  const [row] = await getDb().select({ id: vbus.id }).from(vbus).where(eq(vbus.name, name));
  if (!row) throw new Error(`No VBU named ${name}`);
  return row.id;
}

/** Calls a GET route handler as Next.js would, with its params. */
export async function get<P extends Record<string, string>>(
  handler: (request: Request, context: { params: Promise<P> }) => Promise<Response>,
  path: string,
  params: P,
): Promise<Response> {
  return handler(new Request(new URL(path, "http://localhost:3000")), { params: Promise.resolve(params) });
}
